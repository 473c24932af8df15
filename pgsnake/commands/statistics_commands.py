"""CREATE STATISTICS, ALTER STATISTICS (SET STATISTICS, RENAME, OWNER TO, SET SCHEMA),
DROP STATISTICS, and pg_get_statisticsobjdef[_columns | _expressions].

CREATE STATISTICS [IF NOT EXISTS] name [(kind, ...)] ON col | (expr), ... FROM table:
one table (plain, partitioned, materialized view or foreign), owned by the user, locked
SHARE UPDATE EXCLUSIVE; at most 8 columns and expressions; a column's type (an
expression's type) needs a default B-tree operator class; at least two columns unless
there is an expression; a single expression takes no kinds (it gets only expression
statistics, kind 'e'). Without kinds every kind is built. The pg_statistic_ext row and
its pg_depend rows: catalog/extended_statistics.py.

The statistics object name is required (PostgreSQL 15's grammar; pglast's newer one
accepts it without, so that is refused here with the same syntax error).

Entry points: the statements register with utility_statement; drop_statistics(DropStmt
node), rename_statistics(RenameStmt node), alter_statistics_owner(node, role),
alter_statistics_schema(node), object_oid(names, missing_ok) for COMMENT ON STATISTICS,
analysed_expressions / restore_after_rename (RENAME COLUMN), register_functions().

PostgreSQL: commands/statscmds.c (CreateStatistics, AlterStatistics,
RemoveStatisticsById), utils/adt/ruleutils.c (pg_get_statisticsobj_worker,
pg_get_statisticsobjdef_expressions), catalog/objectaddress.c, commands/alter.c.
"""
from __future__ import annotations

import re

from pgsnake.access.transam import transaction_ids, xact
from pgsnake.catalog import acl, catalog_cache as cc
from pgsnake.catalog import dependency, invalidation, object_permissions, relation_locks
from pgsnake.catalog import definitions as d
from pgsnake.catalog import extended_statistics as es
from pgsnake.commands import utility_statement
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices, process_state
from pgsnake.utils.errors import (DUPLICATE_OBJECT, FEATURE_NOT_SUPPORTED,
                                  INVALID_SCHEMA_NAME, SYNTAX_ERROR, UNDEFINED_COLUMN,
                                  UNDEFINED_OBJECT, UNDEFINED_TABLE, WRONG_OBJECT_TYPE,
                                  PgError)

INVALID_OBJECT_DEFINITION, DUPLICATE_COLUMN, TOO_MANY_COLUMNS = "42P17", "42701", "54011"
INVALID_PARAMETER_VALUE, INSUFFICIENT_PRIVILEGE = "22023", "42501"
STATISTICS_RELKINDS = ("r", "m", "f", "p")
MAX_STATISTICS_TARGET = 10000
_KIND_ORDER = (es.KIND_NDISTINCT, es.KIND_DEPENDENCIES, es.KIND_MCV)


def _done() -> None:
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def _strings(items) -> list[str]:
    return [item["String"]["sval"] for item in items]


def _shown(names: list[str]) -> str:
    return ".".join(names)


# -- looking objects up -------------------------------------------------------------------

def object_oid(names: list[str], missing_ok: bool = False) -> int | None:
    """The statistics object `names` ([schema.]name) names; 42704 when there is none
    (None with missing_ok), 3F000 when the schema does not exist."""
    if len(names) > 2:
        raise PgError(SYNTAX_ERROR, f"improper qualified name (too many dotted names): "
                                    f"{_shown(names)}")
    schema = names[0] if len(names) == 2 else None
    if schema is not None and cc.get_namespace_oid(schema) is None:
        if missing_ok:
            return None
        raise PgError(INVALID_SCHEMA_NAME, f'schema "{schema}" does not exist')
    row = es.lookup(names[-1], schema)
    if row is None:
        if missing_ok:
            return None
        raise PgError(UNDEFINED_OBJECT, f'statistics object "{_shown(names)}" does not exist')
    return row.oid


def _check_owner(row) -> None:
    if process_state.user_oid and not acl.has_privs_of_role(process_state.user_oid,
                                                            row.stxowner):
        raise PgError(INSUFFICIENT_PRIVILEGE,
                      f"must be owner of statistics object {row.stxname}")


def _skipping(names: list[str]) -> None:
    schema = names[0] if len(names) == 2 else None
    if schema is not None and cc.get_namespace_oid(schema) is None:
        notices.emit("00000", f'schema "{schema}" does not exist, skipping')
    else:
        notices.emit("00000", f'statistics object "{_shown(names)}" does not exist, skipping')


# -- CREATE STATISTICS --------------------------------------------------------------------

def _refuse_missing_name(raw) -> None:
    """PostgreSQL 15's grammar needs the name: the token after CREATE STATISTICS [IF
    NOT EXISTS] is a syntax error when it is ON."""
    text = raw.text
    match = re.match(r"\s*create\s+statistics\s+(if\s+not\s+exists\s+)?", text, re.I)
    token = re.match(r"\w+", text[match.end():]) if match else None
    shown = token.group(0) if token else "ON"
    raise PgError(SYNTAX_ERROR, f'syntax error at or near "{shown}"',
                  position=raw.location + (match.end() if match else 0) + 1)


def _open_table(node: dict):
    relations = node.get("relations") or []
    if len(relations) != 1 or "RangeVar" not in relations[0]:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "only a single relation is allowed in CREATE STATISTICS")
    range_var = relations[0]["RangeVar"]
    name, schema = range_var["relname"], range_var.get("schemaname")
    oid = relation_locks.open_relation_oid(name, schema, lock_modes.SHARE_UPDATE_EXCLUSIVE)
    if oid is None:
        shown = f"{schema}.{name}" if schema else name
        raise PgError(UNDEFINED_TABLE, f'relation "{shown}" does not exist')
    row = cc.class_row(oid)
    if row.relkind not in STATISTICS_RELKINDS:
        from pgsnake.catalog import heap_creation
        raise PgError(WRONG_OBJECT_TYPE, f'cannot define statistics for relation '
                      f'"{row.relname}"', detail=f'This operation is not supported for '
                      f'{heap_creation.relation_kind_name(row.relkind)}s.')
    object_permissions.check_relation_owner(oid)
    if oid < 16384 and d.is_catalog(oid):
        raise PgError(INSUFFICIENT_PRIVILEGE,
                      f'permission denied: "{row.relname}" is a system catalog')
    return cc.get_relation(oid)


def _has_ordering(type_oid: int) -> bool:
    from pgsnake.commands.analyze import _SortOperators
    return _SortOperators().of(type_oid)[1] != 0


def _elements(relation, node: dict, source):
    """(sorted key attnums, analysed expressions) of the ON list, checked."""
    from pgsnake.commands import index_expression_columns as iec
    from pgsnake.datatypes import registry
    from pgsnake.parser.expression_nodes import Var, expression_type
    from pgsnake.parser.transform_expression import transform_expression
    elements = node.get("exprs") or []
    if len(elements) > es.MAX_DIMENSIONS:
        raise PgError(TOO_MANY_COLUMNS, f"cannot have more than {es.MAX_DIMENSIONS} "
                                        "columns in statistics")
    keys: list[int] = []
    expressions = []
    for element in elements:
        element = element["StatsElem"]
        if element.get("name") is not None:
            name = element["name"]
            attribute = next((a for a in relation.attributes
                              if a.name == name and not a.is_dropped), None)
            if attribute is None:
                from pgsnake.parser.relation_resolution import SYSTEM_COLUMNS
                if name in SYSTEM_COLUMNS:
                    raise PgError(FEATURE_NOT_SUPPORTED,
                                  "statistics creation on system columns is not supported")
                raise PgError(UNDEFINED_COLUMN, f'column "{name}" does not exist')
            if not _has_ordering(attribute.type_oid):
                raise PgError(FEATURE_NOT_SUPPORTED, f'column "{name}" cannot be used '
                              f'in statistics because its type '
                              f'{registry.format_type(attribute.type_oid)} has no default '
                              'btree operator class')
            keys.append(attribute.attnum)
            continue
        pstate = iec._pstate(relation, source, "statistics expressions")
        expr = transform_expression(pstate, element["expr"])
        if isinstance(expr, Var):
            if expr.attnum <= 0:
                raise PgError(FEATURE_NOT_SUPPORTED,
                              "statistics creation on system columns is not supported")
            if not _has_ordering(expr.type_oid):
                name = relation.attributes[expr.attnum - 1].name
                raise PgError(FEATURE_NOT_SUPPORTED, f'column "{name}" cannot be used in '
                              'statistics because its type '
                              f'{registry.format_type(expr.type_oid)} has no default btree '
                              'operator class')
            keys.append(expr.attnum)
            continue
        # (PostgreSQL 15 does not refuse volatile functions here, unlike in an index)
        type_oid = expression_type(expr)
        if not _has_ordering(type_oid):
            raise PgError(FEATURE_NOT_SUPPORTED, "expression cannot be used in multivariate "
                          f"statistics because its type {registry.format_type(type_oid)} "
                          "has no default btree operator class")
        expressions.append(expr)
    if len(elements) == 1 and not expressions:
        raise PgError(INVALID_OBJECT_DEFINITION, "extended statistics require at least 2 "
                                                 "columns")
    if len(set(keys)) != len(keys):
        raise PgError(DUPLICATE_COLUMN, "duplicate column name in statistics definition")
    for i, expr in enumerate(expressions):
        if any(expr == other for other in expressions[:i]):
            raise PgError(DUPLICATE_COLUMN, "duplicate expression in statistics definition")
    return sorted(keys), expressions


def _kinds(node: dict, single_expression: bool, has_expressions: bool) -> list[str]:
    requested = set()
    for name in _strings(node.get("stat_types") or []):
        if name not in es.KIND_NAMES:
            raise PgError(SYNTAX_ERROR, f'unrecognized statistics kind "{name}"')
        requested.add(es.KIND_NAMES[name])
    if single_expression:
        if requested:
            raise PgError(FEATURE_NOT_SUPPORTED, "when building statistics on a single "
                                                 "expression, statistics kinds may not be "
                                                 "specified")
        return [es.KIND_EXPRESSIONS]
    if not requested:
        requested = set(_KIND_ORDER)
    kinds = [k for k in _KIND_ORDER if k in requested]
    if has_expressions:
        kinds.append(es.KIND_EXPRESSIONS)
    return kinds


def execute_create_statistics(node: dict, raw) -> str:
    names = _strings(node.get("defnames") or [])
    if not names:
        _refuse_missing_name(raw)
    relation = _open_table(node)
    if len(names) > 2:
        raise PgError(SYNTAX_ERROR, f"improper qualified name (too many dotted names): "
                                    f"{_shown(names)}")
    if len(names) == 2:
        namespace = cc.get_namespace_oid(names[0])
        if namespace is None:
            raise PgError(INVALID_SCHEMA_NAME, f'schema "{names[0]}" does not exist')
    else:
        namespace = cc.creation_namespace()
    object_permissions.check_namespace_create(namespace)
    name = names[-1]
    if es.row_in(namespace, name) is not None:
        if node.get("if_not_exists"):
            notices.emit(DUPLICATE_OBJECT, f'statistics object "{name}" already exists, '
                                           'skipping')
            return "CREATE STATISTICS"
        raise PgError(DUPLICATE_OBJECT, f'statistics object "{name}" already exists')
    keys, expressions = _elements(relation, node, raw.source)
    kinds = _kinds(node, len(node.get("exprs") or []) == 1 and bool(expressions),
                   bool(expressions))
    stored = None
    if expressions:
        from pgsnake.rewrite import index_expression_text
        stored = index_expression_text.stored_list_text(expressions, relation.oid)
    oid = transaction_ids.get_new_oid()
    owner = process_state.user_oid or d.BOOTSTRAP_SUPERUSER
    es.insert_object(oid, relation.oid, name, namespace, owner, keys, kinds, stored)
    _record_dependencies(oid, relation.oid, keys, stored, namespace)
    _done()
    return "CREATE STATISTICS"


def _record_dependencies(oid: int, table_oid: int, keys: list[int], stored: str | None,
                         namespace: int) -> None:
    me = dependency.ObjectAddress(es.PG_STATISTIC_EXT, oid)
    for attnum in keys:
        dependency.record(me, dependency.column(table_oid, attnum), dependency.AUTO)
    if not keys:
        dependency.record(me, dependency.relation(table_oid), dependency.AUTO)
    if stored is not None:
        references = dependency.index_expression_references(stored, None, table_oid)
        own = {a for a in references if a.classid == d.PG_CLASS_OID and a.objid == table_oid}
        dependency.record_all(me, own, dependency.AUTO)
        dependency.record_all(me, references - own, dependency.NORMAL)
    dependency.record(me, dependency.ObjectAddress(d.PG_NAMESPACE_OID, namespace),
                      dependency.NORMAL)


# -- ALTER STATISTICS ... SET STATISTICS -----------------------------------------------------

def execute_alter_statistics(node: dict, raw) -> str:
    names = _strings(node["defnames"])
    target = node.get("stxstattarget", {}).get("Integer", {}).get("ival", 0)
    if target < -1:
        raise PgError(INVALID_PARAMETER_VALUE, f"statistics target {target} is too low")
    if target > MAX_STATISTICS_TARGET:
        target = MAX_STATISTICS_TARGET
        notices.emit("01000", f"lowering statistics target to {target}", severity="WARNING")
    oid = object_oid(names, missing_ok=bool(node.get("missing_ok")))
    if oid is None:
        notices.emit("00000", f'statistics object "{_shown(names)}" does not exist, '
                              'skipping')
        return "ALTER STATISTICS"
    row = es.object_row(oid)
    _check_owner(row)
    es.update_object(oid, stxstattarget=target)
    _done()
    return "ALTER STATISTICS"


def rename_statistics(node: dict) -> str:
    names = _strings(node["object"]["List"]["items"])
    oid = object_oid(names, missing_ok=bool(node.get("missing_ok")))
    if oid is None:
        _skipping(names)
        return "ALTER STATISTICS"
    row = es.object_row(oid)
    _check_owner(row)
    new_name = node["newname"]
    if es.row_in(row.stxnamespace, new_name) is not None:
        raise PgError(DUPLICATE_OBJECT, f'statistics object "{new_name}" already exists in '
                                        f'schema "{cc.namespace_name(row.stxnamespace)}"')
    es.update_object(oid, stxname=new_name)
    _done()
    return "ALTER STATISTICS"


def alter_statistics_owner(node: dict, new_owner: int) -> None:
    names = _strings(node["object"]["List"]["items"])
    row = es.object_row(object_oid(names))
    if row.stxowner == new_owner:
        return
    _check_owner(row)
    if process_state.user_oid and not acl.is_member_of_role(process_state.user_oid,
                                                            new_owner):
        raise PgError(INSUFFICIENT_PRIVILEGE,
                      f'must be member of role "{cc.role_name(new_owner)}"')
    es.update_object(row.oid, stxowner=new_owner)
    _done()


def alter_statistics_schema(node: dict) -> str:
    names = _strings(node["object"]["List"]["items"])
    oid = object_oid(names, missing_ok=bool(node.get("missing_ok")))
    if oid is None:
        _skipping(names)
        return "ALTER STATISTICS"
    row = es.object_row(oid)
    _check_owner(row)
    schema = node["newschema"]
    namespace = cc.get_namespace_oid(schema)
    if namespace is None:
        raise PgError(INVALID_SCHEMA_NAME, f'schema "{schema}" does not exist')
    object_permissions.check_namespace_create(namespace)
    if namespace != row.stxnamespace:
        if es.row_in(namespace, row.stxname) is not None:
            raise PgError(DUPLICATE_OBJECT, f'statistics object "{row.stxname}" already '
                                            f'exists in schema "{schema}"')
        es.update_object(oid, stxnamespace=namespace)
        from pgsnake.catalog import catalog_writes
        catalog_writes.update_rows(
            "pg_depend", lambda r: r.classid == es.PG_STATISTIC_EXT and r.objid == oid
            and r.refclassid == d.PG_NAMESPACE_OID, refobjid=namespace)
        _done()
    return "ALTER STATISTICS"


# -- DROP STATISTICS ------------------------------------------------------------------------

def drop_statistics(node: dict) -> str:
    from pgsnake.commands import dependent_objects
    targets = []
    for obj in node.get("objects", []):
        names = _strings(obj["List"]["items"])
        oid = object_oid(names, missing_ok=bool(node.get("missing_ok")))
        if oid is None:
            _skipping(names)
            continue
        _check_owner(es.object_row(oid))
        address = dependency.ObjectAddress(es.PG_STATISTIC_EXT, oid)
        if address not in targets:
            targets.append(address)
    if targets:
        dependent_objects.perform_deletion(targets, node.get("behavior") == "DROP_CASCADE")
        _done()
    return "DROP STATISTICS"


# -- RENAME COLUMN ------------------------------------------------------------------------------

def analysed_expressions(table_oid: int) -> list:
    """[(object oid, analysed expressions)] of the table's objects with expressions,
    before a column is renamed (their stored text names the column)."""
    from pgsnake.rewrite import index_expression_text
    saved = []
    for row in es.rows_of_table(table_oid):
        if row.stxexprs is not None:
            try:
                saved.append((row.oid, index_expression_text.analysed_list(row.stxexprs,
                                                                          table_oid)))
            except PgError:
                continue
    return saved


def restore_after_rename(table_oid: int, saved: list) -> None:
    from pgsnake.rewrite import index_expression_text
    for oid, expressions in saved:
        es.update_object(oid, stxexprs=index_expression_text.stored_list_text(expressions,
                                                                              table_oid))


# -- pg_get_statisticsobjdef ------------------------------------------------------------------

def _element_texts(row, pretty: bool = True) -> list[str]:
    relation = cc.get_relation(row.stxrelid)
    texts = [_quote(relation.attributes[attnum - 1].name) for attnum in row.stxkeys or ()]
    if row.stxexprs is not None:
        from pgsnake.rewrite import index_expression_text
        texts.extend(index_expression_text.column_texts(row.stxexprs, row.stxrelid, pretty))
    return texts


def _quote(name: str) -> str:
    return cc.quote_identifier(name)


def statistics_definition(oid: int, columns_only: bool = False) -> str | None:
    row = es.object_row(oid)
    if row is None:
        return None
    texts = _element_texts(row)
    if columns_only:
        return ", ".join(texts)
    schema = cc.namespace_name(row.stxnamespace)
    out = f"CREATE STATISTICS {_quote(schema)}.{_quote(row.stxname)}"
    kinds = [k for k in _KIND_ORDER if k in (row.stxkind or ())]
    if len(kinds) < len(_KIND_ORDER) and len(texts) > 1:
        names = {v: k for k, v in es.KIND_NAMES.items()}
        out += " (" + ", ".join(names[k] for k in kinds) + ")"
    return f"{out} ON {', '.join(texts)} FROM {_relation_name(row.stxrelid)}"


def _relation_name(oid: int) -> str:
    """generate_relation_name: qualified unless the search path finds it by name."""
    row = cc.class_row(oid)
    if cc.lookup_relation_oid(row.relname) == oid:
        return _quote(row.relname)
    return f"{_quote(cc.namespace_name(row.relnamespace))}.{_quote(row.relname)}"


def statistics_expressions(oid: int):
    row = es.object_row(oid)
    if row is None or row.stxexprs is None:
        return None
    from pgsnake.rewrite import index_expression_text
    from pgsnake.rewrite.view_deparse import expression_sql
    return [expression_sql(expr, False, row.stxrelid)
            for expr in index_expression_text.analysed_list(row.stxexprs, row.stxrelid)]


def register_functions() -> None:
    from pgsnake.datatypes import extended_statistics_types, functions
    extended_statistics_types.register_functions()
    OID, TEXT, TEXT_ARRAY = 26, 25, 1009
    functions.register("pg_get_statisticsobjdef", [OID], TEXT, statistics_definition,
                       oid=3415, strict=True, volatility="s")
    functions.register("pg_get_statisticsobjdef_columns", [OID], TEXT,
                       lambda oid: statistics_definition(oid, columns_only=True),
                       oid=6174, strict=True, volatility="s")
    functions.register("pg_get_statisticsobjdef_expressions", [OID], TEXT_ARRAY,
                       statistics_expressions, oid=6173, strict=True, volatility="s")


register_functions()
utility_statement.register("CreateStatsStmt", "CREATE STATISTICS", execute_create_statistics)
utility_statement.register("AlterStatsStmt", "ALTER STATISTICS", execute_alter_statistics)
