"""The queries of information_schema's views, written for pgsnake.

Each entry of VIEWS is one view's defining SELECT; initdb stores it as the view's
"_RETURN" rule (catalog/information_schema.py) and the rewriter analyses it on each use,
through the search path "pg_catalog, information_schema" (so the domains need no
schema). Every output column is cast to the type PostgreSQL 15's view has
(generated/information_schema_facts.py): the regress script information_schema.sql
proves names, types and rows against the oracle.

What the views show, and to whom, follows PostgreSQL's information_schema.sql (the
reference for facts: which catalog column feeds which view column, and the privilege
tests: pg_has_role on the owner, has_*_privilege). The texts are pgsnake's own and
differ where pgsnake's catalogs differ:
  - a foreign key's unique constraint is found through conindid (the referenced index,
    as pg_constraint records it) rather than through pg_depend;
  - a CHECK constraint's columns come from conkey rather than from pg_depend.

Entry point: VIEWS (name -> SQL text), in PostgreSQL's creation order where one view
reads another.

PostgreSQL: catalog/information_schema.sql.
"""
from __future__ import annotations

DB = "CAST(current_database() AS sql_identifier)"


def _id(expression: str) -> str:
    return f"CAST({expression} AS sql_identifier)"


def _text(expression: str) -> str:
    return f"CAST({expression} AS character_data)"


def _yes_no(condition: str) -> str:
    return f"CAST(CASE WHEN {condition} THEN 'YES' ELSE 'NO' END AS yes_or_no)"


def _number(expression: str) -> str:
    return f"CAST({expression} AS cardinal_number)"


# Who sees a relation's row: its owner's members, or holders of some privilege on it
# (the SQL standard leaves SELECT out for the constraint views: `with_select=False`).
def _relation_visible(oid: str, owner: str, with_select: bool = True) -> str:
    table = "SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER" if with_select \
        else "INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER"
    column = "SELECT, INSERT, UPDATE, REFERENCES" if with_select \
        else "INSERT, UPDATE, REFERENCES"
    return (f"(pg_has_role({owner}, 'USAGE') OR has_table_privilege({oid}, '{table}') "
            f"OR has_any_column_privilege({oid}, '{column}'))")


def _data_type(type_alias: str, type_oid: str, namespace_alias: str) -> str:
    """data_type: ARRAY, a built-in type's SQL name, or USER-DEFINED."""
    return (f"CASE WHEN {type_alias}.typelem <> 0 AND {type_alias}.typlen = -1 THEN 'ARRAY' "
            f"WHEN {namespace_alias}.nspname = 'pg_catalog' THEN format_type({type_oid}, NULL) "
            "ELSE 'USER-DEFINED' END")


def _type_facts(type_oid: str, typmod: str) -> dict[str, str]:
    """The length / precision columns of a (base) type, by information_schema's helpers."""
    call = f"({type_oid}, {typmod})"
    return {
        "character_maximum_length": _number(f"information_schema._pg_char_max_length{call}"),
        "character_octet_length": _number(f"information_schema._pg_char_octet_length{call}"),
        "numeric_precision": _number(f"information_schema._pg_numeric_precision{call}"),
        "numeric_precision_radix":
            _number(f"information_schema._pg_numeric_precision_radix{call}"),
        "numeric_scale": _number(f"information_schema._pg_numeric_scale{call}"),
        "datetime_precision": _number(f"information_schema._pg_datetime_precision{call}"),
        "interval_type": _text(f"information_schema._pg_interval_type{call}"),
    }


def _select(columns: list[tuple[str, str]]) -> str:
    return "SELECT " + ", ".join(f"{expression} AS {name}" for name, expression in columns)


NO_CHARACTER_SET = [("character_set_catalog", "CAST(NULL AS sql_identifier)"),
                    ("character_set_schema", "CAST(NULL AS sql_identifier)"),
                    ("character_set_name", "CAST(NULL AS sql_identifier)")]
NO_SCOPE = [("scope_catalog", "CAST(NULL AS sql_identifier)"),
            ("scope_schema", "CAST(NULL AS sql_identifier)"),
            ("scope_name", "CAST(NULL AS sql_identifier)")]
# A collation other than the database default ("default" in pg_catalog shows as none).
COLLATION_JOIN = ("LEFT JOIN (pg_collation co JOIN pg_namespace nco "
                  "ON co.collnamespace = nco.oid) ON {collation} = co.oid "
                  "AND NOT (nco.nspname = 'pg_catalog' AND co.collname = 'default')")
COLLATION_COLUMNS = [
    ("collation_catalog", _id("CASE WHEN nco.nspname IS NOT NULL THEN current_database() END")),
    ("collation_schema", _id("nco.nspname")), ("collation_name", _id("co.collname"))]
REFERENTIAL_ACTION = ("CASE {} WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' "
                      "WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' "
                      "WHEN 'a' THEN 'NO ACTION' END")

VIEWS: dict[str, str] = {}

VIEWS["information_schema_catalog_name"] = f"SELECT {DB} AS catalog_name"

VIEWS["applicable_roles"] = _select([
    ("grantee", _id("a.rolname")), ("role_name", _id("b.rolname")),
    ("is_grantable", _yes_no("m.admin_option"))]) + (
    " FROM (SELECT member, roleid, admin_option FROM pg_auth_members"
    " UNION SELECT d.datdba, r.oid, false FROM pg_database d, pg_authid r"
    " WHERE d.datname = current_database() AND r.rolname = 'pg_database_owner') AS m"
    " JOIN pg_authid a ON m.member = a.oid JOIN pg_authid b ON m.roleid = b.oid"
    " WHERE pg_has_role(a.oid, 'USAGE')")

VIEWS["administrable_role_authorizations"] = (
    "SELECT grantee, role_name, is_grantable FROM information_schema.applicable_roles "
    "WHERE is_grantable = 'YES'")

VIEWS["attributes"] = _select([
    ("udt_catalog", DB), ("udt_schema", _id("nc.nspname")), ("udt_name", _id("c.relname")),
    ("attribute_name", _id("a.attname")), ("ordinal_position", _number("a.attnum")),
    ("attribute_default", _text("pg_get_expr(ad.adbin, ad.adrelid)")),
    ("is_nullable", "CAST(CASE WHEN a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) "
                    "THEN 'NO' ELSE 'YES' END AS yes_or_no)"),
    ("data_type", _text(_data_type("t", "a.atttypid", "nt"))),
    *list(_type_facts("x.typid", "x.typmod").items())[:2],
    *NO_CHARACTER_SET, *COLLATION_COLUMNS,
    *list(_type_facts("x.typid", "x.typmod").items())[2:],
    ("interval_precision", "CAST(NULL AS cardinal_number)"),
    ("attribute_udt_catalog", DB), ("attribute_udt_schema", _id("nt.nspname")),
    ("attribute_udt_name", _id("t.typname")), *NO_SCOPE,
    ("maximum_cardinality", "CAST(NULL AS cardinal_number)"),
    ("dtd_identifier", _id("a.attnum")),
    ("is_derived_reference_attribute", "CAST('NO' AS yes_or_no)")]) + (
    " FROM pg_attribute a LEFT JOIN pg_attrdef ad"
    " ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum"
    " JOIN (pg_class c JOIN pg_namespace nc ON c.relnamespace = nc.oid) ON a.attrelid = c.oid"
    " JOIN (pg_type t JOIN pg_namespace nt ON t.typnamespace = nt.oid) ON a.atttypid = t.oid"
    " CROSS JOIN LATERAL (SELECT CASE WHEN t.typtype = 'd' THEN t.typbasetype"
    " ELSE a.atttypid END AS typid, CASE WHEN t.typtype = 'd' THEN t.typtypmod"
    " ELSE a.atttypmod END AS typmod) AS x "
    + COLLATION_JOIN.format(collation="a.attcollation") +
    " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind = 'c'"
    " AND (pg_has_role(c.relowner, 'USAGE') OR has_type_privilege(c.reltype, 'USAGE'))")

VIEWS["character_sets"] = _select([
    ("character_set_catalog", "CAST(NULL AS sql_identifier)"),
    ("character_set_schema", "CAST(NULL AS sql_identifier)"),
    ("character_set_name", _id("getdatabaseencoding()")),
    ("character_repertoire", _id("CASE WHEN getdatabaseencoding() = 'UTF8' THEN 'UCS' "
                                 "ELSE getdatabaseencoding() END")),
    ("form_of_use", _id("getdatabaseencoding()")),
    ("default_collate_catalog", DB), ("default_collate_schema", _id("nc.nspname")),
    ("default_collate_name", _id("c.collname"))]) + (
    " FROM pg_database d LEFT JOIN (pg_collation c JOIN pg_namespace nc"
    " ON c.collnamespace = nc.oid)"
    " ON d.datcollate = c.collcollate AND d.datctype = c.collctype"
    " WHERE d.datname = current_database()"
    " ORDER BY char_length(c.collname) DESC, c.collname LIMIT 1")

VIEWS["check_constraints"] = _select([
    ("constraint_catalog", DB), ("constraint_schema", _id("n.nspname")),
    ("constraint_name", _id("con.conname")),
    ("check_clause", _text("substring(pg_get_constraintdef(con.oid) FROM 7)"))]) + (
    " FROM pg_constraint con LEFT JOIN pg_namespace n ON n.oid = con.connamespace"
    " LEFT JOIN pg_class c ON c.oid = con.conrelid"
    " LEFT JOIN pg_type t ON t.oid = con.contypid"
    " WHERE con.contype = 'c' AND pg_has_role(coalesce(c.relowner, t.typowner), 'USAGE')"
    " UNION ") + _select([
        ("constraint_catalog", DB), ("constraint_schema", _id("n.nspname")),
        ("constraint_name", _id("n.oid::text || '_' || r.oid::text || '_' || "
                                "a.attnum::text || '_not_null'")),
        ("check_clause", _text("a.attname || ' IS NOT NULL'"))]) + (
    " FROM pg_namespace n JOIN pg_class r ON n.oid = r.relnamespace"
    " JOIN pg_attribute a ON r.oid = a.attrelid"
    " WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull AND r.relkind IN ('r', 'p')"
    " AND pg_has_role(r.relowner, 'USAGE')")

VIEWS["collations"] = _select([
    ("collation_catalog", DB), ("collation_schema", _id("nc.nspname")),
    ("collation_name", _id("c.collname")),
    ("pad_attribute", "CAST('NO PAD' AS character_data)")]) + (
    " FROM pg_collation c JOIN pg_namespace nc ON c.collnamespace = nc.oid"
    " WHERE c.collencoding IN (-1, (SELECT encoding FROM pg_database"
    " WHERE datname = current_database()))")

VIEWS["collation_character_set_applicability"] = _select([
    ("collation_catalog", DB), ("collation_schema", _id("nc.nspname")),
    ("collation_name", _id("c.collname")),
    ("character_set_catalog", "CAST(NULL AS sql_identifier)"),
    ("character_set_schema", "CAST(NULL AS sql_identifier)"),
    ("character_set_name", _id("getdatabaseencoding()"))]) + (
    " FROM pg_collation c JOIN pg_namespace nc ON c.collnamespace = nc.oid"
    " WHERE c.collencoding IN (-1, (SELECT encoding FROM pg_database"
    " WHERE datname = current_database()))")

VIEWS["column_privileges"] = _select([
    ("grantor", _id("u_grantor.rolname")), ("grantee", _id("grantee.rolname")),
    ("table_catalog", DB), ("table_schema", _id("nc.nspname")),
    ("table_name", _id("x.relname")), ("column_name", _id("x.attname")),
    ("privilege_type", _text("x.prtype")),
    ("is_grantable", _yes_no("pg_has_role(x.grantee, x.relowner, 'USAGE') OR x.grantable"))]) + (
    " FROM (SELECT pr_c.grantor, pr_c.grantee, a.attname, pr_c.relname, pr_c.relnamespace,"
    " pr_c.prtype, pr_c.grantable, pr_c.relowner"
    " FROM (SELECT c.oid, c.relname, c.relnamespace, c.relowner, e.grantor, e.grantee,"
    " e.privilege_type AS prtype, e.is_grantable AS grantable"
    " FROM pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) AS e"
    " WHERE c.relkind IN ('r', 'v', 'f', 'p')) AS pr_c, pg_attribute a"
    " WHERE a.attrelid = pr_c.oid AND a.attnum > 0 AND NOT a.attisdropped"
    " UNION"
    " SELECT e.grantor, e.grantee, a.attname, c.relname, c.relnamespace,"
    " e.privilege_type, e.is_grantable, c.relowner"
    " FROM pg_attribute a JOIN pg_class c ON a.attrelid = c.oid,"
    " aclexplode(a.attacl) AS e"
    " WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped"
    " AND c.relkind IN ('r', 'v', 'f', 'p')) AS x"
    " JOIN pg_namespace nc ON x.relnamespace = nc.oid"
    " JOIN pg_authid u_grantor ON x.grantor = u_grantor.oid"
    " JOIN (SELECT oid, rolname FROM pg_authid UNION ALL SELECT 0::oid, 'PUBLIC') AS grantee"
    " ON x.grantee = grantee.oid"
    " WHERE x.prtype IN ('INSERT', 'SELECT', 'UPDATE', 'REFERENCES')"
    " AND (pg_has_role(u_grantor.oid, 'USAGE') OR pg_has_role(grantee.oid, 'USAGE')"
    " OR grantee.rolname = 'PUBLIC')")

VIEWS["columns"] = _select([
    ("table_catalog", DB), ("table_schema", _id("nc.nspname")),
    ("table_name", _id("c.relname")), ("column_name", _id("a.attname")),
    ("ordinal_position", _number("a.attnum")),
    ("column_default", _text("CASE WHEN a.attgenerated = '' "
                             "THEN pg_get_expr(ad.adbin, ad.adrelid) END")),
    ("is_nullable", "CAST(CASE WHEN a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) "
                    "THEN 'NO' ELSE 'YES' END AS yes_or_no)"),
    ("data_type", _text("CASE WHEN t.typtype = 'd' THEN "
                        + _data_type("bt", "t.typbasetype", "nbt")
                        + " ELSE " + _data_type("t", "a.atttypid", "nt") + " END")),
    *_type_facts("x.typid", "x.typmod").items(),
    ("interval_precision", "CAST(NULL AS cardinal_number)"),
    *NO_CHARACTER_SET, *COLLATION_COLUMNS,
    ("domain_catalog", _id("CASE WHEN t.typtype = 'd' THEN current_database() END")),
    ("domain_schema", _id("CASE WHEN t.typtype = 'd' THEN nt.nspname END")),
    ("domain_name", _id("CASE WHEN t.typtype = 'd' THEN t.typname END")),
    ("udt_catalog", DB), ("udt_schema", _id("coalesce(nbt.nspname, nt.nspname)")),
    ("udt_name", _id("coalesce(bt.typname, t.typname)")), *NO_SCOPE,
    ("maximum_cardinality", "CAST(NULL AS cardinal_number)"),
    ("dtd_identifier", _id("a.attnum")), ("is_self_referencing", "CAST('NO' AS yes_or_no)"),
    ("is_identity", _yes_no("a.attidentity IN ('a', 'd')")),
    ("identity_generation", _text("CASE a.attidentity WHEN 'a' THEN 'ALWAYS' "
                                  "WHEN 'd' THEN 'BY DEFAULT' END")),
    ("identity_start", _text("seq.seqstart")), ("identity_increment", _text("seq.seqincrement")),
    ("identity_maximum", _text("seq.seqmax")), ("identity_minimum", _text("seq.seqmin")),
    ("identity_cycle", _yes_no("seq.seqcycle")),
    ("is_generated", _text("CASE WHEN a.attgenerated <> '' THEN 'ALWAYS' ELSE 'NEVER' END")),
    ("generation_expression", _text("CASE WHEN a.attgenerated <> '' "
                                     "THEN pg_get_expr(ad.adbin, ad.adrelid) END")),
    ("is_updatable", _yes_no("c.relkind IN ('r', 'p') OR (c.relkind IN ('v', 'f') "
                             "AND pg_column_is_updatable(c.oid, a.attnum, false))"))]) + (
    " FROM pg_attribute a LEFT JOIN pg_attrdef ad"
    " ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum"
    " JOIN (pg_class c JOIN pg_namespace nc ON c.relnamespace = nc.oid) ON a.attrelid = c.oid"
    " JOIN (pg_type t JOIN pg_namespace nt ON t.typnamespace = nt.oid) ON a.atttypid = t.oid"
    " LEFT JOIN (pg_type bt JOIN pg_namespace nbt ON bt.typnamespace = nbt.oid)"
    " ON t.typtype = 'd' AND t.typbasetype = bt.oid"
    " CROSS JOIN LATERAL (SELECT CASE WHEN t.typtype = 'd' THEN t.typbasetype"
    " ELSE a.atttypid END AS typid, CASE WHEN t.typtype = 'd' THEN t.typtypmod"
    " ELSE a.atttypmod END AS typmod) AS x "
    + COLLATION_JOIN.format(collation="a.attcollation") +
    " LEFT JOIN (pg_depend dep JOIN pg_sequence seq ON dep.classid = 'pg_class'::regclass"
    " AND dep.objid = seq.seqrelid AND dep.deptype = 'i')"
    " ON dep.refclassid = 'pg_class'::regclass AND dep.refobjid = c.oid"
    " AND dep.refobjsubid = a.attnum"
    " WHERE NOT pg_is_other_temp_schema(nc.oid) AND a.attnum > 0 AND NOT a.attisdropped"
    " AND c.relkind IN ('r', 'v', 'f', 'p')"
    " AND (pg_has_role(c.relowner, 'USAGE')"
    " OR has_column_privilege(c.oid, a.attnum, 'SELECT, INSERT, UPDATE, REFERENCES'))")

VIEWS["constraint_column_usage"] = _select([
    ("table_catalog", DB), ("table_schema", _id("x.table_schema")),
    ("table_name", _id("x.table_name")), ("column_name", _id("x.column_name")),
    ("constraint_catalog", DB), ("constraint_schema", _id("x.constraint_schema")),
    ("constraint_name", _id("x.constraint_name"))]) + (
    " FROM (SELECT DISTINCT nr.nspname AS table_schema, r.relname AS table_name,"
    " r.relowner, a.attname AS column_name, nc.nspname AS constraint_schema,"
    " c.conname AS constraint_name"
    " FROM pg_constraint c JOIN pg_namespace nc ON c.connamespace = nc.oid"
    " JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace nr ON r.relnamespace = nr.oid"
    " JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = ANY (c.conkey)"
    " WHERE c.contype = 'c' AND r.relkind IN ('r', 'p') AND NOT a.attisdropped"
    " UNION ALL"
    " SELECT nr.nspname, r.relname, r.relowner, a.attname, nc.nspname, c.conname"
    " FROM pg_constraint c JOIN pg_namespace nc ON c.connamespace = nc.oid"
    " JOIN pg_class r ON r.oid = CASE c.contype WHEN 'f' THEN c.confrelid"
    " ELSE c.conrelid END"
    " JOIN pg_namespace nr ON r.relnamespace = nr.oid"
    " JOIN pg_attribute a ON a.attrelid = r.oid"
    " AND a.attnum = ANY (CASE c.contype WHEN 'f' THEN c.confkey ELSE c.conkey END)"
    " WHERE c.contype IN ('p', 'u', 'f') AND r.relkind IN ('r', 'p')"
    " AND NOT a.attisdropped) AS x"
    " WHERE pg_has_role(x.relowner, 'USAGE')")

VIEWS["constraint_table_usage"] = _select([
    ("table_catalog", DB), ("table_schema", _id("nr.nspname")),
    ("table_name", _id("r.relname")), ("constraint_catalog", DB),
    ("constraint_schema", _id("nc.nspname")), ("constraint_name", _id("c.conname"))]) + (
    " FROM pg_constraint c JOIN pg_namespace nc ON c.connamespace = nc.oid"
    " JOIN pg_class r ON (c.contype = 'f' AND c.confrelid = r.oid)"
    " OR (c.contype IN ('p', 'u') AND c.conrelid = r.oid)"
    " JOIN pg_namespace nr ON r.relnamespace = nr.oid"
    " WHERE r.relkind IN ('r', 'p') AND pg_has_role(r.relowner, 'USAGE')")

VIEWS["domain_constraints"] = _select([
    ("constraint_catalog", DB), ("constraint_schema", _id("rs.nspname")),
    ("constraint_name", _id("con.conname")), ("domain_catalog", DB),
    ("domain_schema", _id("n.nspname")), ("domain_name", _id("t.typname")),
    ("is_deferrable", _yes_no("con.condeferrable")),
    ("initially_deferred", _yes_no("con.condeferred"))]) + (
    " FROM pg_constraint con JOIN pg_namespace rs ON rs.oid = con.connamespace"
    " JOIN pg_type t ON t.oid = con.contypid JOIN pg_namespace n ON n.oid = t.typnamespace"
    " WHERE pg_has_role(t.typowner, 'USAGE') OR has_type_privilege(t.oid, 'USAGE')")

VIEWS["domain_udt_usage"] = _select([
    ("udt_catalog", DB), ("udt_schema", _id("nbt.nspname")), ("udt_name", _id("bt.typname")),
    ("domain_catalog", DB), ("domain_schema", _id("nt.nspname")),
    ("domain_name", _id("t.typname"))]) + (
    " FROM pg_type t JOIN pg_namespace nt ON t.typnamespace = nt.oid"
    " JOIN pg_type bt ON t.typbasetype = bt.oid"
    " JOIN pg_namespace nbt ON bt.typnamespace = nbt.oid"
    " WHERE t.typtype = 'd' AND pg_has_role(bt.typowner, 'USAGE')")

VIEWS["domains"] = _select([
    ("domain_catalog", DB), ("domain_schema", _id("nt.nspname")),
    ("domain_name", _id("t.typname")),
    ("data_type", _text("CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN 'ARRAY' "
                        "WHEN nbt.nspname = 'pg_catalog' THEN format_type(t.typbasetype, NULL) "
                        "ELSE 'USER-DEFINED' END")),
    *list(_type_facts("t.typbasetype", "t.typtypmod").items())[:2],
    *NO_CHARACTER_SET, *COLLATION_COLUMNS,
    *list(_type_facts("t.typbasetype", "t.typtypmod").items())[2:],
    ("interval_precision", "CAST(NULL AS cardinal_number)"),
    ("domain_default", _text("t.typdefault")),
    ("udt_catalog", DB), ("udt_schema", _id("nbt.nspname")), ("udt_name", _id("bt.typname")),
    *NO_SCOPE, ("maximum_cardinality", "CAST(NULL AS cardinal_number)"),
    ("dtd_identifier", _id("1"))]) + (
    " FROM pg_type t JOIN pg_namespace nt ON t.typnamespace = nt.oid"
    " JOIN (pg_type bt JOIN pg_namespace nbt ON bt.typnamespace = nbt.oid)"
    " ON t.typbasetype = bt.oid AND t.typtype = 'd' "
    + COLLATION_JOIN.format(collation="t.typcollation") +
    " WHERE pg_has_role(t.typowner, 'USAGE') OR has_type_privilege(t.oid, 'USAGE')")

VIEWS["enabled_roles"] = (
    f"SELECT {_id('a.rolname')} AS role_name FROM pg_authid a "
    "WHERE pg_has_role(a.oid, 'USAGE')")

VIEWS["key_column_usage"] = _select([
    ("constraint_catalog", DB), ("constraint_schema", _id("ss.nc_nspname")),
    ("constraint_name", _id("ss.conname")), ("table_catalog", DB),
    ("table_schema", _id("ss.nr_nspname")), ("table_name", _id("ss.relname")),
    ("column_name", _id("a.attname")), ("ordinal_position", _number("(ss.x).n")),
    ("position_in_unique_constraint", _number(
        "CASE WHEN ss.contype = 'f' THEN information_schema._pg_index_position("
        "ss.conindid, ss.confkey[(ss.x).n]) END"))]) + (
    " FROM pg_attribute a,"
    " (SELECT r.oid AS roid, r.relname, r.relowner, nc.nspname AS nc_nspname,"
    " nr.nspname AS nr_nspname, c.conname, c.contype, c.conindid, c.confkey,"
    " information_schema._pg_expandarray(c.conkey) AS x"
    " FROM pg_constraint c JOIN pg_namespace nc ON nc.oid = c.connamespace"
    " JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace nr ON nr.oid = r.relnamespace"
    " WHERE c.contype IN ('p', 'u', 'f') AND r.relkind IN ('r', 'p')"
    " AND NOT pg_is_other_temp_schema(nr.oid)) AS ss"
    " WHERE ss.roid = a.attrelid AND a.attnum = (ss.x).x AND NOT a.attisdropped"
    " AND (pg_has_role(ss.relowner, 'USAGE')"
    " OR has_column_privilege(ss.roid, a.attnum, 'SELECT, INSERT, UPDATE, REFERENCES'))")

VIEWS["referential_constraints"] = _select([
    ("constraint_catalog", DB), ("constraint_schema", _id("ncon.nspname")),
    ("constraint_name", _id("con.conname")),
    ("unique_constraint_catalog", _id("CASE WHEN npkc.nspname IS NOT NULL "
                                      "THEN current_database() END")),
    ("unique_constraint_schema", _id("npkc.nspname")),
    ("unique_constraint_name", _id("pkc.conname")),
    ("match_option", _text("CASE con.confmatchtype WHEN 'f' THEN 'FULL' "
                           "WHEN 'p' THEN 'PARTIAL' WHEN 's' THEN 'NONE' END")),
    ("update_rule", _text(REFERENTIAL_ACTION.format("con.confupdtype"))),
    ("delete_rule", _text(REFERENTIAL_ACTION.format("con.confdeltype")))]) + (
    " FROM pg_constraint con JOIN pg_namespace ncon ON ncon.oid = con.connamespace"
    " JOIN pg_class c ON con.conrelid = c.oid"
    " LEFT JOIN pg_constraint pkc ON pkc.conindid = con.conindid"
    " AND pkc.conrelid = con.confrelid AND pkc.contype IN ('p', 'u')"
    " LEFT JOIN pg_namespace npkc ON pkc.connamespace = npkc.oid"
    " WHERE con.contype = 'f' AND " + _relation_visible("c.oid", "c.relowner", False))

VIEWS["schemata"] = _select([
    ("catalog_name", DB), ("schema_name", _id("n.nspname")),
    ("schema_owner", _id("u.rolname")),
    ("default_character_set_catalog", "CAST(NULL AS sql_identifier)"),
    ("default_character_set_schema", "CAST(NULL AS sql_identifier)"),
    ("default_character_set_name", "CAST(NULL AS sql_identifier)"),
    ("sql_path", "CAST(NULL AS character_data)")]) + (
    " FROM pg_namespace n JOIN pg_authid u ON n.nspowner = u.oid"
    " WHERE pg_has_role(n.nspowner, 'USAGE') OR has_schema_privilege(n.oid, 'CREATE, USAGE')")

VIEWS["sequences"] = _select([
    ("sequence_catalog", DB), ("sequence_schema", _id("nc.nspname")),
    ("sequence_name", _id("c.relname")),
    ("data_type", _text("format_type(s.seqtypid, NULL)")),
    ("numeric_precision", _number(
        "information_schema._pg_numeric_precision(s.seqtypid, -1)")),
    ("numeric_precision_radix", _number("2")), ("numeric_scale", _number("0")),
    ("start_value", _text("s.seqstart")), ("minimum_value", _text("s.seqmin")),
    ("maximum_value", _text("s.seqmax")), ("increment", _text("s.seqincrement")),
    ("cycle_option", _yes_no("s.seqcycle"))]) + (
    " FROM pg_namespace nc JOIN pg_class c ON c.relnamespace = nc.oid"
    " JOIN pg_sequence s ON c.oid = s.seqrelid"
    " WHERE c.relkind = 'S' AND NOT pg_is_other_temp_schema(nc.oid)"
    " AND NOT EXISTS (SELECT 1 FROM pg_depend WHERE classid = 'pg_class'::regclass"
    " AND objid = c.oid AND deptype = 'i')"
    " AND (pg_has_role(c.relowner, 'USAGE')"
    " OR has_sequence_privilege(c.oid, 'SELECT, UPDATE, USAGE'))")

_CONSTRAINT_VISIBLE = ("NOT pg_is_other_temp_schema(nr.oid) AND "
                       + _relation_visible("r.oid", "r.relowner", False))
VIEWS["table_constraints"] = _select([
    ("constraint_catalog", DB), ("constraint_schema", _id("nc.nspname")),
    ("constraint_name", _id("c.conname")), ("table_catalog", DB),
    ("table_schema", _id("nr.nspname")), ("table_name", _id("r.relname")),
    ("constraint_type", _text("CASE c.contype WHEN 'c' THEN 'CHECK' "
                              "WHEN 'f' THEN 'FOREIGN KEY' WHEN 'p' THEN 'PRIMARY KEY' "
                              "WHEN 'u' THEN 'UNIQUE' END")),
    ("is_deferrable", _yes_no("c.condeferrable")),
    ("initially_deferred", _yes_no("c.condeferred")),
    ("enforced", "CAST('YES' AS yes_or_no)"),
    ("nulls_distinct", "CAST(CASE WHEN c.contype = 'u' THEN CASE WHEN (SELECT NOT "
                       "i.indnullsnotdistinct FROM pg_index i WHERE i.indexrelid = c.conindid) "
                       "THEN 'YES' ELSE 'NO' END END AS yes_or_no)")]) + (
    " FROM pg_constraint c JOIN pg_namespace nc ON nc.oid = c.connamespace"
    " JOIN pg_class r ON c.conrelid = r.oid JOIN pg_namespace nr ON nr.oid = r.relnamespace"
    " WHERE c.contype NOT IN ('t', 'x') AND r.relkind IN ('r', 'p') AND "
    + _CONSTRAINT_VISIBLE + " UNION ALL ") + _select([
        ("constraint_catalog", DB), ("constraint_schema", _id("nr.nspname")),
        ("constraint_name", _id("nr.oid::text || '_' || r.oid::text || '_' || "
                                "a.attnum::text || '_not_null'")),
        ("table_catalog", DB), ("table_schema", _id("nr.nspname")),
        ("table_name", _id("r.relname")), ("constraint_type", "CAST('CHECK' AS character_data)"),
        ("is_deferrable", "CAST('NO' AS yes_or_no)"),
        ("initially_deferred", "CAST('NO' AS yes_or_no)"),
        ("enforced", "CAST('YES' AS yes_or_no)"), ("nulls_distinct", "CAST(NULL AS yes_or_no)")]) + (
    " FROM pg_namespace nr JOIN pg_class r ON nr.oid = r.relnamespace"
    " JOIN pg_attribute a ON r.oid = a.attrelid"
    " WHERE a.attnotnull AND a.attnum > 0 AND NOT a.attisdropped AND r.relkind IN ('r', 'p')"
    " AND " + _CONSTRAINT_VISIBLE)

VIEWS["table_privileges"] = _select([
    ("grantor", _id("u_grantor.rolname")), ("grantee", _id("grantee.rolname")),
    ("table_catalog", DB), ("table_schema", _id("nc.nspname")),
    ("table_name", _id("c.relname")), ("privilege_type", _text("e.privilege_type")),
    ("is_grantable", _yes_no("pg_has_role(grantee.oid, c.relowner, 'USAGE') "
                             "OR e.is_grantable")),
    ("with_hierarchy", _yes_no("e.privilege_type = 'SELECT'"))]) + (
    " FROM pg_class c JOIN pg_namespace nc ON c.relnamespace = nc.oid"
    " CROSS JOIN LATERAL aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) AS e"
    " JOIN pg_authid u_grantor ON e.grantor = u_grantor.oid"
    " JOIN (SELECT oid, rolname FROM pg_authid UNION ALL SELECT 0::oid, 'PUBLIC') AS grantee"
    " ON e.grantee = grantee.oid"
    " WHERE c.relkind IN ('r', 'v', 'f', 'p')"
    " AND e.privilege_type IN ('INSERT', 'SELECT', 'UPDATE', 'DELETE', 'TRUNCATE',"
    " 'REFERENCES', 'TRIGGER')"
    " AND (pg_has_role(u_grantor.oid, 'USAGE') OR pg_has_role(grantee.oid, 'USAGE')"
    " OR grantee.rolname = 'PUBLIC')")

VIEWS["role_table_grants"] = (
    "SELECT grantor, grantee, table_catalog, table_schema, table_name, privilege_type, "
    "is_grantable, with_hierarchy FROM information_schema.table_privileges "
    "WHERE grantor IN (SELECT role_name FROM information_schema.enabled_roles) "
    "OR grantee IN (SELECT role_name FROM information_schema.enabled_roles)")

VIEWS["tables"] = _select([
    ("table_catalog", DB), ("table_schema", _id("nc.nspname")),
    ("table_name", _id("c.relname")),
    ("table_type", _text("CASE WHEN nc.oid = pg_my_temp_schema() THEN 'LOCAL TEMPORARY' "
                         "WHEN c.relkind IN ('r', 'p') THEN 'BASE TABLE' "
                         "WHEN c.relkind = 'v' THEN 'VIEW' "
                         "WHEN c.relkind = 'f' THEN 'FOREIGN' END")),
    ("self_referencing_column_name", "CAST(NULL AS sql_identifier)"),
    ("reference_generation", "CAST(NULL AS character_data)"),
    ("user_defined_type_catalog", _id("CASE WHEN t.typname IS NOT NULL "
                                      "THEN current_database() END")),
    ("user_defined_type_schema", _id("nt.nspname")),
    ("user_defined_type_name", _id("t.typname")),
    ("is_insertable_into", _yes_no("c.relkind IN ('r', 'p') OR (c.relkind IN ('v', 'f') "
                                   "AND pg_relation_is_updatable(c.oid, false) & 8 = 8)")),
    ("is_typed", _yes_no("t.typname IS NOT NULL")),
    ("commit_action", "CAST(NULL AS character_data)")]) + (
    " FROM pg_namespace nc JOIN pg_class c ON nc.oid = c.relnamespace"
    " LEFT JOIN (pg_type t JOIN pg_namespace nt ON t.typnamespace = nt.oid)"
    " ON c.reloftype = t.oid"
    " WHERE c.relkind IN ('r', 'v', 'f', 'p') AND NOT pg_is_other_temp_schema(nc.oid) AND "
    + _relation_visible("c.oid", "c.relowner"))

VIEWS["triggers"] = _select([
    ("trigger_catalog", DB), ("trigger_schema", _id("n.nspname")),
    ("trigger_name", _id("t.tgname")), ("event_manipulation", _text("em.text")),
    ("event_object_catalog", DB), ("event_object_schema", _id("n.nspname")),
    ("event_object_table", _id("c.relname")),
    # rank() among the table's triggers of this event, orientation and timing, by name
    # (PostgreSQL's window; names are unique per table, so a count is the same rank)
    ("action_order", _number(
        "1 + (SELECT count(*) FROM pg_trigger o WHERE o.tgrelid = t.tgrelid "
        "AND NOT o.tgisinternal AND o.tgtype & em.num <> 0 "
        "AND o.tgtype & 1 = t.tgtype & 1 AND o.tgtype & 66 = t.tgtype & 66 "
        "AND o.tgname < t.tgname)")),
    ("action_condition", _text(
        "CASE WHEN pg_has_role(c.relowner, 'USAGE') THEN (regexp_match("
        "pg_get_triggerdef(t.oid), E'.{35,} WHEN \\\\((.+)\\\\) EXECUTE FUNCTION'))[1] END")),
    ("action_statement", _text(
        "substring(pg_get_triggerdef(t.oid) FROM position('EXECUTE FUNCTION' IN "
        "substring(pg_get_triggerdef(t.oid) FROM 48)) + 47)")),
    ("action_orientation", _text("CASE t.tgtype & 1 WHEN 1 THEN 'ROW' ELSE 'STATEMENT' END")),
    ("action_timing", _text("CASE t.tgtype & 66 WHEN 2 THEN 'BEFORE' "
                            "WHEN 64 THEN 'INSTEAD OF' ELSE 'AFTER' END")),
    ("action_reference_old_table", _id("t.tgoldtable")),
    ("action_reference_new_table", _id("t.tgnewtable")),
    ("action_reference_old_row", "CAST(NULL AS sql_identifier)"),
    ("action_reference_new_row", "CAST(NULL AS sql_identifier)"),
    ("created", "CAST(NULL AS time_stamp)")]) + (
    " FROM pg_namespace n JOIN pg_class c ON n.oid = c.relnamespace"
    " JOIN pg_trigger t ON c.oid = t.tgrelid"
    " JOIN (VALUES (4, 'INSERT'), (8, 'DELETE'), (16, 'UPDATE')) AS em (num, text)"
    " ON t.tgtype & em.num <> 0"
    " WHERE NOT t.tgisinternal AND NOT pg_is_other_temp_schema(n.oid) AND "
    + _relation_visible("c.oid", "c.relowner", False))

VIEWS["views"] = _select([
    ("table_catalog", DB), ("table_schema", _id("nc.nspname")),
    ("table_name", _id("c.relname")),
    ("view_definition", _text("CASE WHEN pg_has_role(c.relowner, 'USAGE') "
                              "THEN pg_get_viewdef(c.oid) END")),
    ("check_option", _text("CASE WHEN 'check_option=cascaded' = ANY (c.reloptions) "
                           "THEN 'CASCADED' WHEN 'check_option=local' = ANY (c.reloptions) "
                           "THEN 'LOCAL' ELSE 'NONE' END")),
    ("is_updatable", _yes_no("pg_relation_is_updatable(c.oid, false) & 20 = 20")),
    ("is_insertable_into", _yes_no("pg_relation_is_updatable(c.oid, false) & 8 = 8")),
    ("is_trigger_updatable", _yes_no("EXISTS (SELECT 1 FROM pg_trigger "
                                     "WHERE tgrelid = c.oid AND tgtype & 81 = 81)")),
    ("is_trigger_deletable", _yes_no("EXISTS (SELECT 1 FROM pg_trigger "
                                     "WHERE tgrelid = c.oid AND tgtype & 73 = 73)")),
    ("is_trigger_insertable_into", _yes_no("EXISTS (SELECT 1 FROM pg_trigger "
                                           "WHERE tgrelid = c.oid AND tgtype & 69 = 69)"))]) + (
    " FROM pg_namespace nc JOIN pg_class c ON c.relnamespace = nc.oid"
    " WHERE c.relkind = 'v' AND NOT pg_is_other_temp_schema(nc.oid) AND "
    + _relation_visible("c.oid", "c.relowner"))


# -- routines, parameters and types -------------------------------------------------------

_DOMAIN_NAMES = {13221: "cardinal_number", 13224: "character_data", 13226: "sql_identifier",
                 13232: "time_stamp", 13234: "yes_or_no"}


def _nulls(view: str, *names: str) -> list[tuple[str, str]]:
    """NULL columns of `view`, each cast to the type PostgreSQL's view gives it."""
    from pgsnake.catalog.generated import information_schema_facts as facts
    types = {c[0]: c[1] for c in facts.VIEWS[view][4]}
    return [(name, f"CAST(NULL AS {_DOMAIN_NAMES[types[name]]})") for name in names]


_SQL_TYPE_FACTS = ("character_maximum_length", "character_octet_length",
                   "character_set_catalog", "character_set_schema", "character_set_name",
                   "collation_catalog", "collation_schema", "collation_name",
                   "numeric_precision", "numeric_precision_radix", "numeric_scale",
                   "datetime_precision", "interval_type", "interval_precision")
_GRANTEES = ("(SELECT oid, rolname FROM pg_authid UNION ALL SELECT 0::oid, 'PUBLIC') AS grantee")
_GRANT_VISIBLE = ("(pg_has_role(u_grantor.oid, 'USAGE') OR pg_has_role(grantee.oid, 'USAGE') "
                  "OR grantee.rolname = 'PUBLIC')")

VIEWS["parameters"] = _select([
    ("specific_catalog", DB), ("specific_schema", _id("ss.nspname")),
    ("specific_name", _id("nameconcatoid(ss.proname, ss.oid)")),
    ("ordinal_position", _number("ss.n")),
    ("parameter_mode", _text("CASE WHEN ss.proargmodes IS NULL THEN 'IN' "
                             "ELSE CASE ss.proargmodes[ss.n] WHEN 'i' THEN 'IN' "
                             "WHEN 'o' THEN 'OUT' WHEN 'b' THEN 'INOUT' WHEN 'v' THEN 'IN' "
                             "WHEN 't' THEN 'OUT' END END")),
    ("is_result", "CAST('NO' AS yes_or_no)"), ("as_locator", "CAST('NO' AS yes_or_no)"),
    ("parameter_name", _id("nullif(ss.proargnames[ss.n], '')")),
    ("data_type", _text(_data_type("t", "t.oid", "nt"))),
    *_nulls("parameters", *_SQL_TYPE_FACTS),
    ("udt_catalog", DB), ("udt_schema", _id("nt.nspname")), ("udt_name", _id("t.typname")),
    *NO_SCOPE, ("maximum_cardinality", "CAST(NULL AS cardinal_number)"),
    ("dtd_identifier", _id("ss.n")),
    ("parameter_default", _text("CASE WHEN pg_has_role(ss.proowner, 'USAGE') "
                                "THEN pg_get_function_arg_default(ss.oid, ss.n) END"))]) + (
    " FROM (SELECT s.nspname, s.proname, s.oid, s.proowner, s.proargnames, s.proargmodes,"
    " (s.x).x AS typid, (s.x).n AS n"
    " FROM (SELECT n.nspname, p.proname, p.oid, p.proowner, p.proargnames, p.proargmodes,"
    " information_schema._pg_expandarray(coalesce(p.proallargtypes, p.proargtypes::oid[])) AS x"
    " FROM pg_namespace n JOIN pg_proc p ON n.oid = p.pronamespace"
    " WHERE pg_has_role(p.proowner, 'USAGE') OR has_function_privilege(p.oid, 'EXECUTE')) AS s)"
    " AS ss JOIN pg_type t ON t.oid = ss.typid JOIN pg_namespace nt ON t.typnamespace = nt.oid")

VIEWS["routines"] = _select([
    ("specific_catalog", DB), ("specific_schema", _id("n.nspname")),
    ("specific_name", _id("nameconcatoid(p.proname, p.oid)")),
    ("routine_catalog", DB), ("routine_schema", _id("n.nspname")),
    ("routine_name", _id("p.proname")),
    ("routine_type", _text("CASE p.prokind WHEN 'f' THEN 'FUNCTION' "
                           "WHEN 'p' THEN 'PROCEDURE' END")),
    *_nulls("routines", "module_catalog", "module_schema", "module_name", "udt_catalog",
            "udt_schema", "udt_name"),
    ("data_type", _text("CASE WHEN p.prokind = 'p' THEN NULL ELSE "
                        + _data_type("t", "t.oid", "nt") + " END")),
    *_nulls("routines", *_SQL_TYPE_FACTS),
    ("type_udt_catalog", _id("CASE WHEN nt.nspname IS NOT NULL THEN current_database() END")),
    ("type_udt_schema", _id("nt.nspname")), ("type_udt_name", _id("t.typname")),
    *NO_SCOPE, ("maximum_cardinality", "CAST(NULL AS cardinal_number)"),
    ("dtd_identifier", _id("CASE WHEN p.prokind <> 'p' THEN 0 END")),
    ("routine_body", _text("CASE WHEN l.lanname = 'sql' THEN 'SQL' ELSE 'EXTERNAL' END")),
    ("routine_definition", _text("CASE WHEN pg_has_role(p.proowner, 'USAGE') "
                                 "THEN p.prosrc END")),
    ("external_name", _text("CASE WHEN l.lanname = 'c' THEN p.prosrc END")),
    ("external_language", _text("upper(l.lanname)")),
    ("parameter_style", "CAST('GENERAL' AS character_data)"),
    ("is_deterministic", _yes_no("p.provolatile = 'i'")),
    ("sql_data_access", "CAST('MODIFIES' AS character_data)"),
    ("is_null_call", "CAST(CASE WHEN p.prokind <> 'p' THEN CASE WHEN p.proisstrict "
                     "THEN 'YES' ELSE 'NO' END END AS yes_or_no)"),
    ("sql_path", "CAST(NULL AS character_data)"),
    ("schema_level_routine", "CAST('YES' AS yes_or_no)"),
    ("max_dynamic_result_sets", _number("0")),
    *_nulls("routines", "is_user_defined_cast", "is_implicitly_invocable"),
    ("security_type", _text("CASE WHEN p.prosecdef THEN 'DEFINER' ELSE 'INVOKER' END")),
    *_nulls("routines", "to_sql_specific_catalog", "to_sql_specific_schema",
            "to_sql_specific_name"),
    ("as_locator", "CAST('NO' AS yes_or_no)"),
    *_nulls("routines", "created", "last_altered", "new_savepoint_level"),
    ("is_udt_dependent", "CAST('NO' AS yes_or_no)"),
    *_nulls("routines", "result_cast_from_data_type", "result_cast_as_locator",
            "result_cast_char_max_length", "result_cast_char_octet_length",
            "result_cast_char_set_catalog", "result_cast_char_set_schema",
            "result_cast_char_set_name", "result_cast_collation_catalog",
            "result_cast_collation_schema", "result_cast_collation_name",
            "result_cast_numeric_precision", "result_cast_numeric_precision_radix",
            "result_cast_numeric_scale", "result_cast_datetime_precision",
            "result_cast_interval_type", "result_cast_interval_precision",
            "result_cast_type_udt_catalog", "result_cast_type_udt_schema",
            "result_cast_type_udt_name", "result_cast_scope_catalog",
            "result_cast_scope_schema", "result_cast_scope_name",
            "result_cast_maximum_cardinality", "result_cast_dtd_identifier")]) + (
    " FROM pg_namespace n JOIN pg_proc p ON n.oid = p.pronamespace"
    " JOIN pg_language l ON p.prolang = l.oid"
    " LEFT JOIN (pg_type t JOIN pg_namespace nt ON t.typnamespace = nt.oid)"
    " ON p.prorettype = t.oid AND p.prokind <> 'p'"
    " WHERE pg_has_role(p.proowner, 'USAGE') OR has_function_privilege(p.oid, 'EXECUTE')")

VIEWS["routine_privileges"] = _select([
    ("grantor", _id("u_grantor.rolname")), ("grantee", _id("grantee.rolname")),
    ("specific_catalog", DB), ("specific_schema", _id("n.nspname")),
    ("specific_name", _id("nameconcatoid(p.proname, p.oid)")),
    ("routine_catalog", DB), ("routine_schema", _id("n.nspname")),
    ("routine_name", _id("p.proname")), ("privilege_type", "CAST('EXECUTE' AS character_data)"),
    ("is_grantable", _yes_no("pg_has_role(grantee.oid, p.proowner, 'USAGE') "
                             "OR e.is_grantable"))]) + (
    " FROM pg_proc p JOIN pg_namespace n ON p.pronamespace = n.oid"
    " CROSS JOIN LATERAL aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) AS e"
    " JOIN pg_authid u_grantor ON u_grantor.oid = e.grantor"
    f" JOIN {_GRANTEES} ON grantee.oid = e.grantee"
    f" WHERE e.privilege_type = 'EXECUTE' AND {_GRANT_VISIBLE}")

VIEWS["role_routine_grants"] = (
    "SELECT grantor, grantee, specific_catalog, specific_schema, specific_name, "
    "routine_catalog, routine_schema, routine_name, privilege_type, is_grantable "
    "FROM information_schema.routine_privileges "
    "WHERE grantor IN (SELECT role_name FROM information_schema.enabled_roles) "
    "OR grantee IN (SELECT role_name FROM information_schema.enabled_roles)")

VIEWS["role_column_grants"] = (
    "SELECT grantor, grantee, table_catalog, table_schema, table_name, column_name, "
    "privilege_type, is_grantable FROM information_schema.column_privileges "
    "WHERE grantor IN (SELECT role_name FROM information_schema.enabled_roles) "
    "OR grantee IN (SELECT role_name FROM information_schema.enabled_roles)")


def _usage_grants(object_type: str, source: str, name: str, schema: str, owner: str,
                  acl: str, default_kind: str, condition: str) -> str:
    """usage_privileges' rows for one kind of object: the USAGE items of its ACL."""
    return _select([
        ("grantor", _id("u_grantor.rolname")), ("grantee", _id("grantee.rolname")),
        ("object_catalog", DB), ("object_schema", _id(schema)), ("object_name", _id(name)),
        ("object_type", f"CAST('{object_type}' AS character_data)"),
        ("privilege_type", "CAST('USAGE' AS character_data)"),
        ("is_grantable", _yes_no(f"pg_has_role(grantee.oid, {owner}, 'USAGE') "
                                 "OR e.is_grantable"))]) + (
        f" FROM {source} CROSS JOIN LATERAL aclexplode(coalesce({acl}, "
        f"acldefault('{default_kind}', {owner}))) AS e"
        " JOIN pg_authid u_grantor ON u_grantor.oid = e.grantor"
        f" JOIN {_GRANTEES} ON grantee.oid = e.grantee"
        f" WHERE e.privilege_type = 'USAGE' AND {condition} AND {_GRANT_VISIBLE}")


VIEWS["usage_privileges"] = " UNION ALL ".join([
    _select([
        ("grantor", _id("u.rolname")), ("grantee", "CAST('PUBLIC' AS sql_identifier)"),
        ("object_catalog", DB), ("object_schema", _id("n.nspname")),
        ("object_name", _id("c.collname")), ("object_type", "CAST('COLLATION' AS character_data)"),
        ("privilege_type", "CAST('USAGE' AS character_data)"),
        ("is_grantable", "CAST('NO' AS yes_or_no)")]) + (
        " FROM pg_collation c JOIN pg_authid u ON u.oid = c.collowner"
        " JOIN pg_namespace n ON c.collnamespace = n.oid"
        " WHERE c.collencoding IN (-1, (SELECT encoding FROM pg_database"
        " WHERE datname = current_database()))"),
    _usage_grants("DOMAIN", "pg_type t JOIN pg_namespace n ON t.typnamespace = n.oid",
                  "t.typname", "n.nspname", "t.typowner", "t.typacl", "T", "t.typtype = 'd'"),
    _usage_grants("FOREIGN DATA WRAPPER", "pg_foreign_data_wrapper fdw", "fdw.fdwname", "''",
                  "fdw.fdwowner", "fdw.fdwacl", "F", "true"),
    _usage_grants("FOREIGN SERVER", "pg_foreign_server srv", "srv.srvname", "''",
                  "srv.srvowner", "srv.srvacl", "S", "true"),
    _usage_grants("SEQUENCE", "pg_class c JOIN pg_namespace n ON c.relnamespace = n.oid",
                  "c.relname", "n.nspname", "c.relowner", "c.relacl", "r", "c.relkind = 'S'")])

VIEWS["role_usage_grants"] = (
    "SELECT grantor, grantee, object_catalog, object_schema, object_name, object_type, "
    "privilege_type, is_grantable FROM information_schema.usage_privileges "
    "WHERE grantor IN (SELECT role_name FROM information_schema.enabled_roles) "
    "OR grantee IN (SELECT role_name FROM information_schema.enabled_roles)")

VIEWS["udt_privileges"] = _select([
    ("grantor", _id("u_grantor.rolname")), ("grantee", _id("grantee.rolname")),
    ("udt_catalog", DB), ("udt_schema", _id("n.nspname")), ("udt_name", _id("t.typname")),
    ("privilege_type", "CAST('TYPE USAGE' AS character_data)"),
    ("is_grantable", _yes_no("pg_has_role(grantee.oid, t.typowner, 'USAGE') "
                             "OR e.is_grantable"))]) + (
    " FROM pg_type t JOIN pg_namespace n ON t.typnamespace = n.oid"
    " CROSS JOIN LATERAL aclexplode(coalesce(t.typacl, acldefault('T', t.typowner))) AS e"
    " JOIN pg_authid u_grantor ON u_grantor.oid = e.grantor"
    f" JOIN {_GRANTEES} ON grantee.oid = e.grantee"
    f" WHERE e.privilege_type = 'USAGE' AND t.typtype = 'c' AND {_GRANT_VISIBLE}")

VIEWS["role_udt_grants"] = (
    "SELECT grantor, grantee, udt_catalog, udt_schema, udt_name, privilege_type, "
    "is_grantable FROM information_schema.udt_privileges "
    "WHERE grantor IN (SELECT role_name FROM information_schema.enabled_roles) "
    "OR grantee IN (SELECT role_name FROM information_schema.enabled_roles)")

VIEWS["user_defined_types"] = _select([
    ("user_defined_type_catalog", DB), ("user_defined_type_schema", _id("n.nspname")),
    ("user_defined_type_name", _id("c.relname")),
    ("user_defined_type_category", "CAST('STRUCTURED' AS character_data)"),
    ("is_instantiable", "CAST('YES' AS yes_or_no)"),
    *_nulls("user_defined_types", "is_final", "ordering_form", "ordering_category",
            "ordering_routine_catalog", "ordering_routine_schema", "ordering_routine_name",
            "reference_type", "data_type", *_SQL_TYPE_FACTS, "source_dtd_identifier",
            "ref_dtd_identifier")]) + (
    " FROM pg_namespace n JOIN pg_class c ON n.oid = c.relnamespace"
    " JOIN pg_type t ON t.typrelid = c.oid"
    " WHERE c.relkind = 'c'"
    " AND (pg_has_role(t.typowner, 'USAGE') OR has_type_privilege(t.oid, 'USAGE'))")

VIEWS["column_udt_usage"] = _select([
    ("udt_catalog", DB), ("udt_schema", _id("coalesce(nbt.nspname, nt.nspname)")),
    ("udt_name", _id("coalesce(bt.typname, t.typname)")),
    ("table_catalog", DB), ("table_schema", _id("nc.nspname")),
    ("table_name", _id("c.relname")), ("column_name", _id("a.attname"))]) + (
    " FROM pg_attribute a JOIN pg_class c ON a.attrelid = c.oid"
    " JOIN pg_namespace nc ON c.relnamespace = nc.oid"
    " JOIN (pg_type t JOIN pg_namespace nt ON t.typnamespace = nt.oid) ON a.atttypid = t.oid"
    " LEFT JOIN (pg_type bt JOIN pg_namespace nbt ON bt.typnamespace = nbt.oid)"
    " ON t.typtype = 'd' AND t.typbasetype = bt.oid"
    " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'f', 'p')"
    " AND pg_has_role(coalesce(bt.typowner, t.typowner), 'USAGE')")

VIEWS["column_domain_usage"] = _select([
    ("domain_catalog", DB), ("domain_schema", _id("nt.nspname")),
    ("domain_name", _id("t.typname")), ("table_catalog", DB),
    ("table_schema", _id("nc.nspname")), ("table_name", _id("c.relname")),
    ("column_name", _id("a.attname"))]) + (
    " FROM pg_type t JOIN pg_namespace nt ON t.typnamespace = nt.oid"
    " JOIN pg_attribute a ON a.atttypid = t.oid JOIN pg_class c ON a.attrelid = c.oid"
    " JOIN pg_namespace nc ON c.relnamespace = nc.oid"
    " WHERE t.typtype = 'd' AND c.relkind IN ('r', 'v', 'f', 'p') AND a.attnum > 0"
    " AND NOT a.attisdropped AND pg_has_role(t.typowner, 'USAGE')")

VIEWS["column_column_usage"] = "SELECT DISTINCT " + ", ".join(f"{e} AS {n}" for n, e in [
    ("table_catalog", DB), ("table_schema", _id("n.nspname")), ("table_name", _id("c.relname")),
    ("column_name", _id("ac.attname")), ("dependent_column", _id("ad.attname"))]) + (
    # a generated column's pg_attrdef row depends on the columns its expression reads
    " FROM pg_namespace n JOIN pg_class c ON n.oid = c.relnamespace"
    " JOIN pg_attribute ac ON c.oid = ac.attrelid"
    " JOIN pg_attribute ad ON c.oid = ad.attrelid AND ac.attnum <> ad.attnum"
    " JOIN pg_attrdef atd ON ad.attrelid = atd.adrelid AND ad.attnum = atd.adnum"
    " JOIN pg_depend d ON d.classid = 'pg_catalog.pg_attrdef'::regclass"
    " AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.objid = atd.oid"
    " AND d.refobjid = ac.attrelid AND d.refobjsubid = ac.attnum"
    " WHERE ad.attgenerated <> '' AND pg_has_role(c.relowner, 'USAGE')")

VIEWS["check_constraint_routine_usage"] = (
    "SELECT DISTINCT " + ", ".join(f"{e} AS {n}" for n, e in [
        ("constraint_catalog", DB), ("constraint_schema", _id("nc.nspname")),
        ("constraint_name", _id("c.conname")), ("specific_catalog", DB),
        ("specific_schema", _id("np.nspname")),
        ("specific_name", _id("nameconcatoid(p.proname, p.oid)"))]) +
    " FROM pg_constraint c JOIN pg_namespace nc ON nc.oid = c.connamespace"
    " JOIN pg_depend d ON c.oid = d.objid AND d.classid = 'pg_catalog.pg_constraint'::regclass"
    " AND d.refclassid = 'pg_catalog.pg_proc'::regclass"
    " JOIN pg_proc p ON d.refobjid = p.oid JOIN pg_namespace np ON p.pronamespace = np.oid"
    " WHERE c.contype = 'c' AND pg_has_role(p.proowner, 'USAGE')")


def _rewrite_usage(select: list[tuple[str, str]], target_join: str, condition: str) -> str:
    """The view_*_usage views: what a view's "_RETURN" rule depends on (pg_depend)."""
    return ("SELECT DISTINCT " + ", ".join(f"{e} AS {n}" for n, e in select) +
            " FROM pg_namespace nv JOIN pg_class v ON nv.oid = v.relnamespace"
            " JOIN pg_depend dv ON v.oid = dv.refobjid"
            " AND dv.refclassid = 'pg_catalog.pg_class'::regclass"
            " AND dv.classid = 'pg_catalog.pg_rewrite'::regclass AND dv.deptype = 'i'"
            " JOIN pg_depend dt ON dv.objid = dt.objid"
            " AND dt.classid = 'pg_catalog.pg_rewrite'::regclass " + target_join +
            " WHERE v.relkind = 'v' AND " + condition)


_VIEW_TABLE_JOIN = (
    "AND dt.refclassid = 'pg_catalog.pg_class'::regclass AND dv.refobjid <> dt.refobjid"
    " JOIN pg_class t ON dt.refobjid = t.oid JOIN pg_namespace nt ON t.relnamespace = nt.oid")
VIEWS["view_column_usage"] = _rewrite_usage([
    ("view_catalog", DB), ("view_schema", _id("nv.nspname")), ("view_name", _id("v.relname")),
    ("table_catalog", DB), ("table_schema", _id("nt.nspname")), ("table_name", _id("t.relname")),
    ("column_name", _id("a.attname"))],
    _VIEW_TABLE_JOIN + " JOIN pg_attribute a ON t.oid = a.attrelid AND dt.refobjsubid = a.attnum",
    "t.relkind IN ('r', 'v', 'f', 'p') AND pg_has_role(t.relowner, 'USAGE')")
VIEWS["view_routine_usage"] = _rewrite_usage([
    ("table_catalog", DB), ("table_schema", _id("nv.nspname")), ("table_name", _id("v.relname")),
    ("specific_catalog", DB), ("specific_schema", _id("np.nspname")),
    ("specific_name", _id("nameconcatoid(p.proname, p.oid)"))],
    "AND dt.refclassid = 'pg_catalog.pg_proc'::regclass JOIN pg_proc p ON dt.refobjid = p.oid"
    " JOIN pg_namespace np ON p.pronamespace = np.oid",
    "pg_has_role(p.proowner, 'USAGE')")
VIEWS["view_table_usage"] = _rewrite_usage([
    ("view_catalog", DB), ("view_schema", _id("nv.nspname")), ("view_name", _id("v.relname")),
    ("table_catalog", DB), ("table_schema", _id("nt.nspname")),
    ("table_name", _id("t.relname"))],
    _VIEW_TABLE_JOIN, "t.relkind IN ('r', 'v', 'f', 'p') AND pg_has_role(t.relowner, 'USAGE')")


def _routine_usage(select: list[tuple[str, str]], target_join: str, condition: str) -> str:
    """The routine_*_usage views: what a routine's SQL-standard body depends on."""
    return ("SELECT DISTINCT " + ", ".join(f"{e} AS {n}" for n, e in select) +
            " FROM pg_namespace np JOIN pg_proc p ON np.oid = p.pronamespace"
            " JOIN pg_depend d ON p.oid = d.objid"
            " AND d.classid = 'pg_catalog.pg_proc'::regclass " + target_join +
            " WHERE " + condition)


_ROUTINE_COLUMNS = [
    ("specific_catalog", DB), ("specific_schema", _id("np.nspname")),
    ("specific_name", _id("nameconcatoid(p.proname, p.oid)")), ("routine_catalog", DB),
    ("routine_schema", _id("np.nspname")), ("routine_name", _id("p.proname"))]
_ROUTINE_TABLE_JOIN = ("AND d.refclassid = 'pg_catalog.pg_class'::regclass"
                       " JOIN pg_class t ON d.refobjid = t.oid"
                       " JOIN pg_namespace nt ON t.relnamespace = nt.oid")
VIEWS["routine_column_usage"] = _routine_usage(
    _ROUTINE_COLUMNS + [("table_catalog", DB), ("table_schema", _id("nt.nspname")),
                        ("table_name", _id("t.relname")), ("column_name", _id("a.attname"))],
    _ROUTINE_TABLE_JOIN + " JOIN pg_attribute a ON t.oid = a.attrelid"
    " AND d.refobjsubid = a.attnum",
    "t.relkind IN ('r', 'v', 'f', 'p') AND pg_has_role(t.relowner, 'USAGE')")
VIEWS["routine_routine_usage"] = _routine_usage(
    _ROUTINE_COLUMNS[:3] + [("routine_catalog", DB), ("routine_schema", _id("np1.nspname")),
                            ("routine_name", _id("nameconcatoid(p1.proname, p1.oid)"))],
    "AND d.refclassid = 'pg_catalog.pg_proc'::regclass JOIN pg_proc p1 ON d.refobjid = p1.oid"
    " JOIN pg_namespace np1 ON p1.pronamespace = np1.oid",
    "p.prokind IN ('f', 'p') AND p1.prokind IN ('f', 'p') AND pg_has_role(p1.proowner, 'USAGE')")
VIEWS["routine_sequence_usage"] = _routine_usage(
    _ROUTINE_COLUMNS + [("sequence_catalog", DB), ("sequence_schema", _id("ns.nspname")),
                        ("sequence_name", _id("s.relname"))],
    "AND d.refclassid = 'pg_catalog.pg_class'::regclass JOIN pg_class s ON d.refobjid = s.oid"
    " JOIN pg_namespace ns ON s.relnamespace = ns.oid",
    "s.relkind = 'S' AND pg_has_role(s.relowner, 'USAGE')")
VIEWS["routine_table_usage"] = _routine_usage(
    _ROUTINE_COLUMNS + [("table_catalog", DB), ("table_schema", _id("nt.nspname")),
                        ("table_name", _id("t.relname"))],
    _ROUTINE_TABLE_JOIN,
    "t.relkind IN ('r', 'v', 'f', 'p') AND pg_has_role(t.relowner, 'USAGE')")

VIEWS["data_type_privileges"] = _select([
    ("object_catalog", DB), ("object_schema", _id("x.objschema")),
    ("object_name", _id("x.objname")), ("object_type", _text("x.objtype")),
    ("dtd_identifier", _id("x.objdtdid"))]) + (
    " FROM (SELECT udt_schema, udt_name, 'USER-DEFINED TYPE'::text, dtd_identifier"
    " FROM information_schema.attributes"
    " UNION ALL SELECT table_schema, table_name, 'TABLE'::text, dtd_identifier"
    " FROM information_schema.columns"
    " UNION ALL SELECT domain_schema, domain_name, 'DOMAIN'::text, dtd_identifier"
    " FROM information_schema.domains"
    " UNION ALL SELECT specific_schema, specific_name, 'ROUTINE'::text, dtd_identifier"
    " FROM information_schema.parameters"
    " UNION ALL SELECT specific_schema, specific_name, 'ROUTINE'::text, dtd_identifier"
    " FROM information_schema.routines) AS x (objschema, objname, objtype, objdtdid)")

VIEWS["element_types"] = _select([
    ("object_catalog", DB), ("object_schema", _id("n.nspname")),
    ("object_name", _id("x.objname")), ("object_type", _text("x.objtype")),
    ("collection_type_identifier", _id("x.objdtdid")),
    ("data_type", _text("CASE WHEN nbt.nspname = 'pg_catalog' THEN format_type(bt.oid, NULL) "
                        "ELSE 'USER-DEFINED' END")),
    *_nulls("element_types", *_SQL_TYPE_FACTS[:5]), *COLLATION_COLUMNS,
    *_nulls("element_types", *_SQL_TYPE_FACTS[8:], "domain_default"),
    ("udt_catalog", DB), ("udt_schema", _id("nbt.nspname")), ("udt_name", _id("bt.typname")),
    *NO_SCOPE, ("maximum_cardinality", "CAST(NULL AS cardinal_number)"),
    ("dtd_identifier", _id("'a' || x.objdtdid::text"))]) + (
    " FROM (SELECT c.relnamespace, CAST(c.relname AS sql_identifier),"
    " CASE WHEN c.relkind = 'c' THEN 'USER-DEFINED TYPE'::text ELSE 'TABLE'::text END,"
    " a.attnum::integer, a.atttypid, a.attcollation"
    " FROM pg_class c JOIN pg_attribute a ON c.oid = a.attrelid"
    " WHERE c.relkind IN ('r', 'v', 'f', 'c', 'p') AND a.attnum > 0 AND NOT a.attisdropped"
    " UNION ALL SELECT t.typnamespace, CAST(t.typname AS sql_identifier), 'DOMAIN'::text, 1,"
    " t.typbasetype, t.typcollation FROM pg_type t WHERE t.typtype = 'd'"
    " UNION ALL SELECT e.pronamespace, CAST(nameconcatoid(e.proname, e.oid) AS sql_identifier),"
    " 'ROUTINE'::text, (e.x).n, (e.x).x, 0::oid FROM (SELECT p.pronamespace, p.proname, p.oid,"
    " information_schema._pg_expandarray(coalesce(p.proallargtypes, p.proargtypes::oid[])) AS x"
    " FROM pg_proc p) AS e (pronamespace, proname, oid, x)"
    " UNION ALL SELECT p.pronamespace, CAST(nameconcatoid(p.proname, p.oid) AS sql_identifier),"
    " 'ROUTINE'::text, 0, p.prorettype, 0::oid FROM pg_proc p)"
    " AS x (objschema, objname, objtype, objdtdid, objtypeid, objcollation)"
    " JOIN pg_namespace n ON n.oid = x.objschema"
    " JOIN pg_type at ON at.oid = x.objtypeid"
    " JOIN pg_type bt ON at.typelem = bt.oid JOIN pg_namespace nbt ON nbt.oid = bt.typnamespace "
    + COLLATION_JOIN.format(collation="x.objcollation") +
    " WHERE at.typelem <> 0 AND at.typlen = -1"
    " AND EXISTS (SELECT 1 FROM information_schema.data_type_privileges AS dp"
    " WHERE dp.object_schema = n.nspname AND dp.object_name = x.objname"
    " AND dp.object_type = x.objtype AND dp.dtd_identifier = CAST(x.objdtdid AS sql_identifier))")


def _transform_side(kind: str, column: str) -> str:
    return _select([
        ("udt_catalog", DB), ("udt_schema", _id("nt.nspname")), ("udt_name", _id("t.typname")),
        ("specific_catalog", DB), ("specific_schema", _id("np.nspname")),
        ("specific_name", _id("nameconcatoid(p.proname, p.oid)")),
        ("group_name", _id("l.lanname")), ("transform_type", f"CAST('{kind}' AS character_data)")]) + (
        " FROM pg_type t JOIN pg_transform x ON t.oid = x.trftype"
        " JOIN pg_language l ON x.trflang = l.oid"
        f" JOIN pg_proc p ON x.{column} = p.oid"
        " JOIN pg_namespace nt ON t.typnamespace = nt.oid"
        " JOIN pg_namespace np ON p.pronamespace = np.oid")


# (PostgreSQL's view also sorts its rows; pgsnake has no CREATE TRANSFORM, so it is empty)
VIEWS["transforms"] = (_transform_side("FROM SQL", "trffromsql") + " UNION "
                       + _transform_side("TO SQL", "trftosql"))

VIEWS["triggered_update_columns"] = _select([
    ("trigger_catalog", DB), ("trigger_schema", _id("n.nspname")),
    ("trigger_name", _id("t.tgname")), ("event_object_catalog", DB),
    ("event_object_schema", _id("n.nspname")), ("event_object_table", _id("c.relname")),
    ("event_object_column", _id("a.attname"))]) + (
    " FROM pg_namespace n JOIN pg_class c ON n.oid = c.relnamespace"
    " JOIN pg_trigger t ON c.oid = t.tgrelid"
    " JOIN (SELECT ta0.tgoid, (ta0.tgat).x AS tgattnum FROM (SELECT oid AS tgoid,"
    " information_schema._pg_expandarray(tgattr) AS tgat FROM pg_trigger) AS ta0) AS ta"
    " ON t.oid = ta.tgoid"
    " JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = ta.tgattnum"
    " WHERE NOT t.tgisinternal AND NOT pg_is_other_temp_schema(n.oid)"
    " AND (pg_has_role(c.relowner, 'USAGE')"
    " OR has_column_privilege(c.oid, a.attnum, 'INSERT, UPDATE, REFERENCES'))")
