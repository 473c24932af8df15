"""Command tags and event triggers: which tags exist, which fire event triggers, and the
tag of a DDL statement's parse tree.

PostgreSQL 15's command tag list marks each tag as event-trigger capable or not, and a
few as able to fire table_rewrite (ALTER TABLE, ALTER TYPE). CREATE EVENT TRIGGER checks
WHEN TAG IN (...) against these sets; the firing code asks command_tag(kind, node)
for the tag of a statement before it runs (PostgreSQL's CreateCommandTag), since a
statement's result tag is known only afterwards (CREATE TABLE AS answers "SELECT n").

Entry points: ALL_TAGS, EVENT_TRIGGER_TAGS, TABLE_REWRITE_TAGS, command_tag(kind, node)
-> str | None, object_words(object type) (None: not a statement event triggers know).

PostgreSQL: include/tcop/cmdtaglist.h (the table), tcop/utility.c (CreateCommandTag).
"""
from __future__ import annotations

# Tags for which event triggers fire (cmdtaglist.h's event_trigger_ok column).
EVENT_TRIGGER_TAGS = frozenset("""
ALTER ACCESS METHOD|ALTER AGGREGATE|ALTER CAST|ALTER COLLATION|ALTER CONSTRAINT|
ALTER CONVERSION|ALTER DEFAULT PRIVILEGES|ALTER DOMAIN|ALTER EXTENSION|
ALTER FOREIGN DATA WRAPPER|ALTER FOREIGN TABLE|ALTER FUNCTION|ALTER INDEX|ALTER LANGUAGE|
ALTER LARGE OBJECT|ALTER MATERIALIZED VIEW|ALTER OPERATOR|ALTER OPERATOR CLASS|
ALTER OPERATOR FAMILY|ALTER POLICY|ALTER PROCEDURE|ALTER PUBLICATION|ALTER ROUTINE|
ALTER RULE|ALTER SCHEMA|ALTER SEQUENCE|ALTER SERVER|ALTER STATISTICS|ALTER SUBSCRIPTION|
ALTER TABLE|ALTER TEXT SEARCH CONFIGURATION|ALTER TEXT SEARCH DICTIONARY|
ALTER TEXT SEARCH PARSER|ALTER TEXT SEARCH TEMPLATE|ALTER TRANSFORM|ALTER TRIGGER|
ALTER TYPE|ALTER USER MAPPING|ALTER VIEW|COMMENT|CREATE ACCESS METHOD|CREATE AGGREGATE|
CREATE CAST|CREATE COLLATION|CREATE CONSTRAINT|CREATE CONVERSION|CREATE DOMAIN|
CREATE EXTENSION|CREATE FOREIGN DATA WRAPPER|CREATE FOREIGN TABLE|CREATE FUNCTION|
CREATE INDEX|CREATE LANGUAGE|CREATE MATERIALIZED VIEW|CREATE OPERATOR|
CREATE OPERATOR CLASS|CREATE OPERATOR FAMILY|CREATE POLICY|CREATE PROCEDURE|
CREATE PUBLICATION|CREATE ROUTINE|CREATE RULE|CREATE SCHEMA|CREATE SEQUENCE|CREATE SERVER|
CREATE STATISTICS|CREATE SUBSCRIPTION|CREATE TABLE|CREATE TABLE AS|
CREATE TEXT SEARCH CONFIGURATION|CREATE TEXT SEARCH DICTIONARY|CREATE TEXT SEARCH PARSER|
CREATE TEXT SEARCH TEMPLATE|CREATE TRANSFORM|CREATE TRIGGER|CREATE TYPE|
CREATE USER MAPPING|CREATE VIEW|DROP ACCESS METHOD|DROP AGGREGATE|DROP CAST|
DROP COLLATION|DROP CONSTRAINT|DROP CONVERSION|DROP DOMAIN|DROP EXTENSION|
DROP FOREIGN DATA WRAPPER|DROP FOREIGN TABLE|DROP FUNCTION|DROP INDEX|DROP LANGUAGE|
DROP MATERIALIZED VIEW|DROP OPERATOR|DROP OPERATOR CLASS|DROP OPERATOR FAMILY|
DROP OWNED|DROP POLICY|DROP PROCEDURE|DROP PUBLICATION|DROP ROUTINE|DROP RULE|
DROP SCHEMA|DROP SEQUENCE|DROP SERVER|DROP STATISTICS|DROP SUBSCRIPTION|DROP TABLE|
DROP TEXT SEARCH CONFIGURATION|DROP TEXT SEARCH DICTIONARY|DROP TEXT SEARCH PARSER|
DROP TEXT SEARCH TEMPLATE|DROP TRANSFORM|DROP TRIGGER|DROP TYPE|DROP USER MAPPING|
DROP VIEW|GRANT|IMPORT FOREIGN SCHEMA|REFRESH MATERIALIZED VIEW|REVOKE|SECURITY LABEL|
SELECT INTO""".replace("\n", "").split("|"))

# The other tags: known, so a WHEN TAG naming one is 0A000 rather than 42601.
_OTHER_TAGS = frozenset("""
ALTER DATABASE|ALTER EVENT TRIGGER|ALTER ROLE|ALTER SYSTEM|ALTER TABLESPACE|ANALYZE|BEGIN|
CALL|CHECKPOINT|CLOSE|CLOSE CURSOR|CLOSE CURSOR ALL|CLUSTER|COMMIT|COMMIT PREPARED|COPY|
COPY FROM|CREATE DATABASE|CREATE EVENT TRIGGER|CREATE ROLE|CREATE TABLESPACE|DEALLOCATE|
DEALLOCATE ALL|DECLARE CURSOR|DELETE|DISCARD|DISCARD ALL|DISCARD PLANS|DISCARD SEQUENCES|
DISCARD TEMP|DO|DROP DATABASE|DROP EVENT TRIGGER|DROP ROLE|DROP TABLESPACE|EXECUTE|
EXPLAIN|FETCH|GRANT ROLE|INSERT|LISTEN|LOAD|LOCK TABLE|MOVE|NOTIFY|PREPARE|
PREPARE TRANSACTION|REASSIGN OWNED|REINDEX|RELEASE|RESET|REVOKE ROLE|ROLLBACK|
ROLLBACK PREPARED|SAVEPOINT|SELECT|SELECT FOR KEY SHARE|SELECT FOR NO KEY UPDATE|
SELECT FOR SHARE|SELECT FOR UPDATE|SET|SET CONSTRAINTS|SHOW|START TRANSACTION|
TRUNCATE TABLE|UNLISTEN|UPDATE|VACUUM|MERGE""".replace("\n", "").split("|"))

ALL_TAGS = EVENT_TRIGGER_TAGS | _OTHER_TAGS
TABLE_REWRITE_TAGS = frozenset(("ALTER TABLE", "ALTER TYPE"))

# ObjectType -> the words of its tag ("DROP <words>", "ALTER <words>").
_OBJECT_WORDS = {
    "OBJECT_MATVIEW": "MATERIALIZED VIEW", "OBJECT_FOREIGN_TABLE": "FOREIGN TABLE",
    "OBJECT_TSCONFIGURATION": "TEXT SEARCH CONFIGURATION",
    "OBJECT_TSDICTIONARY": "TEXT SEARCH DICTIONARY", "OBJECT_TSPARSER": "TEXT SEARCH PARSER",
    "OBJECT_TSTEMPLATE": "TEXT SEARCH TEMPLATE", "OBJECT_OPCLASS": "OPERATOR CLASS",
    "OBJECT_OPFAMILY": "OPERATOR FAMILY", "OBJECT_FDW": "FOREIGN DATA WRAPPER",
    "OBJECT_FOREIGN_SERVER": "SERVER", "OBJECT_ACCESS_METHOD": "ACCESS METHOD",
    "OBJECT_STATISTIC_EXT": "STATISTICS", "OBJECT_USER_MAPPING": "USER MAPPING",
    "OBJECT_LARGEOBJECT": "LARGE OBJECT", "OBJECT_TABCONSTRAINT": "TABLE",
    "OBJECT_DOMCONSTRAINT": "DOMAIN", "OBJECT_ATTRIBUTE": "TYPE", "OBJECT_COLUMN": "TABLE",
}

_DEFINE_WORDS = {"OBJECT_AGGREGATE": "AGGREGATE", "OBJECT_OPERATOR": "OPERATOR",
                 "OBJECT_TYPE": "TYPE", "OBJECT_TSPARSER": "TEXT SEARCH PARSER",
                 "OBJECT_TSDICTIONARY": "TEXT SEARCH DICTIONARY",
                 "OBJECT_TSTEMPLATE": "TEXT SEARCH TEMPLATE",
                 "OBJECT_TSCONFIGURATION": "TEXT SEARCH CONFIGURATION",
                 "OBJECT_COLLATION": "COLLATION", "OBJECT_ACCESS_METHOD": "ACCESS METHOD"}

# Statements whose tag does not depend on their contents.
_FIXED = {
    "CreateStmt": "CREATE TABLE", "IndexStmt": "CREATE INDEX", "ViewStmt": "CREATE VIEW",
    "CreateSeqStmt": "CREATE SEQUENCE", "AlterSeqStmt": "ALTER SEQUENCE",
    "CreateSchemaStmt": "CREATE SCHEMA", "CreateEnumStmt": "CREATE TYPE",
    "CompositeTypeStmt": "CREATE TYPE", "CreateRangeStmt": "CREATE TYPE",
    "AlterEnumStmt": "ALTER TYPE", "CreateDomainStmt": "CREATE DOMAIN",
    "AlterDomainStmt": "ALTER DOMAIN", "CommentStmt": "COMMENT",
    "SecLabelStmt": "SECURITY LABEL", "CreateTrigStmt": "CREATE TRIGGER",
    "CreatePolicyStmt": "CREATE POLICY", "AlterPolicyStmt": "ALTER POLICY",
    "CreateExtensionStmt": "CREATE EXTENSION", "AlterExtensionStmt": "ALTER EXTENSION",
    "AlterExtensionContentsStmt": "ALTER EXTENSION", "RuleStmt": "CREATE RULE",
    "RefreshMatViewStmt": "REFRESH MATERIALIZED VIEW",
    "AlterDefaultPrivilegesStmt": "ALTER DEFAULT PRIVILEGES", "DropOwnedStmt": "DROP OWNED",
    "CreateCastStmt": "CREATE CAST", "CreateConversionStmt": "CREATE CONVERSION",
    "CreateOpClassStmt": "CREATE OPERATOR CLASS",
    "CreateOpFamilyStmt": "CREATE OPERATOR FAMILY",
    "AlterOpFamilyStmt": "ALTER OPERATOR FAMILY", "AlterOperatorStmt": "ALTER OPERATOR",
    "AlterTypeStmt": "ALTER TYPE", "CreateStatsStmt": "CREATE STATISTICS",
    "AlterStatsStmt": "ALTER STATISTICS", "AlterTSDictionaryStmt":
    "ALTER TEXT SEARCH DICTIONARY", "AlterTSConfigurationStmt":
    "ALTER TEXT SEARCH CONFIGURATION", "CreatePublicationStmt": "CREATE PUBLICATION",
    "AlterPublicationStmt": "ALTER PUBLICATION", "CreateAmStmt": "CREATE ACCESS METHOD",
    "CreateTransformStmt": "CREATE TRANSFORM", "CreatePLangStmt": "CREATE LANGUAGE",
    "CreateForeignTableStmt": "CREATE FOREIGN TABLE",
    "CreateFdwStmt": "CREATE FOREIGN DATA WRAPPER", "CreateForeignServerStmt":
    "CREATE SERVER", "CreateUserMappingStmt": "CREATE USER MAPPING",
    "ImportForeignSchemaStmt": "IMPORT FOREIGN SCHEMA",
    "CreateEventTrigStmt": "CREATE EVENT TRIGGER", "AlterEventTrigStmt":
    "ALTER EVENT TRIGGER",
}

_ALTER_TABLE_WORDS = {"OBJECT_TABLE": "TABLE", "OBJECT_INDEX": "INDEX",
                      "OBJECT_SEQUENCE": "SEQUENCE", "OBJECT_VIEW": "VIEW",
                      "OBJECT_MATVIEW": "MATERIALIZED VIEW", "OBJECT_TYPE": "TYPE",
                      "OBJECT_FOREIGN_TABLE": "FOREIGN TABLE"}


def object_words(object_type: str) -> str:
    return _OBJECT_WORDS.get(object_type) or \
        object_type.removeprefix("OBJECT_").replace("_", " ")


# Objects whose COMMENT / GRANT / RENAME / OWNER TO / SECURITY LABEL never fire event
# triggers (EventTriggerSupportsObjectType).
_UNSUPPORTED_OBJECTS = frozenset(("OBJECT_DATABASE", "OBJECT_TABLESPACE", "OBJECT_ROLE",
                                  "OBJECT_EVENT_TRIGGER", "OBJECT_PARAMETER_ACL"))
_OBJECT_TYPE_FIELDS = {"CommentStmt": "objtype", "SecLabelStmt": "objtype",
                       "GrantStmt": "objtype", "RenameStmt": "renameType",
                       "AlterOwnerStmt": "objectType", "AlterObjectSchemaStmt": "objectType",
                       "DropStmt": "removeType"}


def command_tag(kind: str, node: dict) -> str | None:
    """The command tag of a statement (CreateCommandTag), for the DDL statements; None
    for statements event triggers never see."""
    field = _OBJECT_TYPE_FIELDS.get(kind)
    if field is not None and node.get(field) in _UNSUPPORTED_OBJECTS:
        return None
    fixed = _FIXED.get(kind)
    if fixed is not None:
        return fixed
    if kind == "DropStmt":
        return "DROP " + object_words(node.get("removeType", "OBJECT_TABLE"))
    if kind == "RenameStmt":
        rename_type = node.get("renameType")
        if rename_type in ("OBJECT_COLUMN", "OBJECT_TABCONSTRAINT"):
            return "ALTER " + _ALTER_TABLE_WORDS.get(node.get("relationType"), "TABLE")
        return "ALTER " + object_words(rename_type)
    if kind in ("AlterOwnerStmt", "AlterObjectSchemaStmt", "AlterObjectDependsStmt"):
        return "ALTER " + object_words(node.get("objectType", "OBJECT_TABLE"))
    if kind == "AlterTableStmt":
        return "ALTER " + _ALTER_TABLE_WORDS.get(node.get("objtype"), "TABLE")
    if kind == "CreateTableAsStmt":
        return "CREATE MATERIALIZED VIEW" if node.get("objtype") == "OBJECT_MATVIEW" \
            else "CREATE TABLE AS"
    if kind == "SelectStmt":
        return "SELECT INTO" if node.get("intoClause") else None
    if kind == "GrantStmt":
        return "GRANT" if node.get("is_grant") else "REVOKE"
    if kind == "CreateFunctionStmt":
        return "CREATE PROCEDURE" if node.get("is_procedure") else "CREATE FUNCTION"
    if kind == "AlterFunctionStmt":
        return "ALTER " + object_words(node.get("objtype", "OBJECT_FUNCTION"))
    if kind == "DefineStmt":
        return "CREATE " + _DEFINE_WORDS.get(node.get("kind"), "TYPE")
    return None
