"""CREATE [OR REPLACE] VIEW, CREATE MATERIALIZED VIEW, REFRESH MATERIALIZED VIEW,
DROP VIEW / MATERIALIZED VIEW, ALTER VIEW ... RENAME [COLUMN] / OWNER TO / SET / RESET
(options, view_options.py).

CREATE VIEW analyses the query now (so a bad query fails here, with its positions), takes
the column names from it (or from the column list, which may name fewer columns), and
stores the query as SQL text printed from its parse tree (catalog/view_creation.py).
OR REPLACE keeps the old columns (same names, same types) and may add new ones at the
end: PostgreSQL's checkViewTupleDesc errors otherwise. WITH CHECK OPTION is accepted only
on an automatically updatable view (rewrite/updatable_views.py).

Dropping follows pg_depend (commands/dependent_objects.py): a view reading a dropped
table, view, column, function or type is 2BP01 with one DETAIL line per dependent, unless
CASCADE, which drops it with a NOTICE "drop cascades to ...". The view's _RETURN rule
records the columns it reads (references_of) and the functions, operators and types it
uses (rewrite/expression_dependencies.query_references).

A materialized view is a heap with a "_RETURN" rule; CREATE ... WITH DATA and REFRESH run
the stored query (executor/spi.py) and write its rows, and their index entries, into new
relfilenodes for it and its indexes (the old files go at commit); WITH NO DATA leaves it
unpopulated (relispopulated false: reading it is 55000). REFRESH ... CONCURRENTLY merges
the new rows into the old ones instead (matview_concurrent_refresh.py).

Entry points: execute_create_view(node, raw), execute_drop_views(node),
references_of(query), execute_rename_view(node), and the statements
registered below.

PostgreSQL: commands/view.c (DefineView, checkViewTupleDesc), commands/createas.c,
commands/matview.c (ExecRefreshMatView), catalog/dependency.c (performDeletion,
reportDependentObjects), commands/tablecmds.c (RemoveRelations, renameatt, RenameRelation).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import relation_locks, table_alteration, view_creation
from pgsnake.catalog.heap_creation import drop_hint, relation_kind_name
from pgsnake.catalog.view_creation import ViewColumn
from pgsnake.commands import utility_statement
from pgsnake.commands.table_commands import creation_namespace
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices
from pgsnake.utils.errors import (DUPLICATE_COLUMN,
                                  DUPLICATE_TABLE, FEATURE_NOT_SUPPORTED,
                                  INVALID_SCHEMA_NAME, INVALID_TABLE_DEFINITION,
                                  SYNTAX_ERROR, UNDEFINED_COLUMN, UNDEFINED_TABLE,
                                  WRONG_OBJECT_TYPE, PgError)

# -- the defining query -------------------------------------------------------------------------

def _analyse_definition(query_node: dict, raw):
    """The view's query analysed (not rewritten: views it reads stay views, as the
    dependencies must name them); its SQL text; what it reads."""
    from pgsnake.parser import analyze, select_into
    if "SelectStmt" in query_node and select_into.statement_into(query_node["SelectStmt"]):
        raise PgError(FEATURE_NOT_SUPPORTED, "views must not contain SELECT INTO")
    query = analyze.analyze_node(query_node, raw.source, [], fixed_params=True)
    return query, _query_sql(raw), references_of(query)


def _query_sql(raw) -> str:
    """The statement's query as SQL text, printed by pglast from its own parse of the
    statement (its printer needs pglast's AST objects, not our JSON dicts)."""
    import pglast
    statement = pglast.parse_sql(raw.text)[0].stmt
    return _sql_syntax_stream()(statement.query)


def _sql_syntax_stream_class():
    """pglast's printer, keeping every call written in SQL syntax (SUBSTRING(s FROM 2),
    TRIM(LEADING ...), OVERLAY ...) in it, as PostgreSQL's COERCE_SQL_SYNTAX keeps it: the
    analysis of the stored text then remembers it, and pg_get_viewdef prints it so
    (pglast by itself keeps only EXTRACT and POSITION)."""
    from pglast import enums, stream
    from pglast.printers import sfuncs
    _register_tablesample_printer()

    class SqlSyntaxStream(stream.RawStream):
        def get_printer_for_function(self, name, node=None):
            printer = super().get_printer_for_function(name, node)
            if printer is None and node is not None \
                    and node.funcformat == enums.CoercionForm.COERCE_SQL_SYNTAX:
                special = stream.get_special_function(name)
                if special is not None and sfuncs.can_use_special_syntax(special, node):
                    return special
            return printer
    return SqlSyntaxStream


def _register_tablesample_printer() -> None:
    """pglast prints a schema-qualified TABLESAMPLE method with a space for the dot
    (`pg_catalog  bernoulli(1)`, which does not parse again): its printer replaced by
    one writing the dotted name."""
    from pglast import ast
    from pglast.printers import node_printer

    @node_printer(ast.RangeTableSample, override=True)
    def range_table_sample(node, output):
        output.print_node(node.relation)
        output.write(" TABLESAMPLE ")
        output.print_name(node.method)
        with output.expression(True):
            output.print_list(node.args)
        if node.repeatable:
            output.write(" REPEATABLE ")
            with output.expression(True):
                output.print_node(node.repeatable)


_stream_class = None         # made on first use (pglast is imported lazily)


def _sql_syntax_stream():
    global _stream_class
    if _stream_class is None:
        _stream_class = _sql_syntax_stream_class()
    return _stream_class()


def references_of(query) -> set[tuple[int, int]]:
    """(relation oid, attnum) for every column the query and its subqueries read; a
    relation read without any column of it (count(*)) as attnum 0."""
    from pgsnake.rewrite import tree_mapping
    out: set[tuple[int, int]] = set()
    used: set[tuple[int, int]] = set()

    def note(var, depth):
        if var.levels_up == depth:
            used.add((var.rtindex, var.attnum))
        return None
    tree_mapping.map_query(query, note)
    for rtindex, rte in enumerate(query.range_table, start=1):
        if rte.kind == "relation":
            columns = {attnum for r, attnum in used if r == rtindex and attnum > 0}
            out.update((rte.relation.oid, attnum) for attnum in columns or {0})
        elif rte.kind == "function":
            out |= _row_type_references(rte, {attnum for r, attnum in used if r == rtindex})
    for nested in tree_mapping.nested_queries(query):
        out |= references_of(nested)
    return out


def _row_type_references(rte, positions: set[int]) -> set[tuple[int, int]]:
    """The table columns read through a function in FROM that returns a table's row
    type: as PostgreSQL's find_expr_references_walker, the view then depends on those
    columns, so none of them can be dropped or retyped under it. `positions`: the
    function RTE's columns read (1-based over all of its calls)."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.catalog import function_creation
    from pgsnake.parser.rows_from import RowsFromCall
    if isinstance(rte.function, RowsFromCall):
        calls = list(zip(rte.function.items, rte.function.column_counts))
    else:
        calls = [(rte.function, len(rte.column_names) - int(rte.with_ordinality))]
    out: set[tuple[int, int]] = set()
    first = 1
    for call, count in calls:
        oid = getattr(call, "function_oid", None)
        row = function_creation.function_row(oid) if oid else None
        type_row = cc.get_type_row(row.prorettype) if row is not None else None
        if type_row is not None and type_row.typrelid:
            attnums = [a.attnum for a in cc.get_relation(type_row.typrelid).descriptor.attributes
                       if a.attnum > 0 and not a.is_dropped]
            for position in positions:
                index = position - first
                if 0 <= index < min(count, len(attnums)):
                    out.add((type_row.typrelid, attnums[index]))
        first += count
    return out


def _objects_used(query) -> set:
    """The functions, operators and types the view's query uses (its _RETURN rule's
    pg_depend rows besides the columns)."""
    from pgsnake.rewrite import expression_dependencies
    return expression_dependencies.query_references(query)


def _columns(query, aliases: list[str]) -> list[ViewColumn]:
    outputs = query.output_columns()
    if len(aliases) > len(outputs):
        raise PgError(SYNTAX_ERROR, "CREATE VIEW specifies more column names than columns")
    columns = []
    for i, tle in enumerate(outputs):
        name = aliases[i] if i < len(aliases) else tle.name
        columns.append(ViewColumn(name, tle.expr.type_oid, getattr(tle.expr, "typmod", -1)))
    seen = set()
    for c in columns:
        if c.name in seen:
            raise PgError(DUPLICATE_COLUMN, f'column "{c.name}" specified more than once')
        seen.add(c.name)
    from pgsnake.catalog import catalog_cache as cc
    for c in columns:
        # CheckAttributeType: no pseudo-typed column (anyarray is left to the system
        # views initdb makes, as PostgreSQL allows it there)
        row = cc.get_type_row(c.type_oid)
        if row is not None and row.typtype == "p" and c.type_oid not in (_UNKNOWN, _ANYARRAY):
            raise PgError(INVALID_TABLE_DEFINITION,
                          f'column "{c.name}" has pseudo-type {_format_type(c.type_oid, -1)}')
    return columns


_UNKNOWN, _ANYARRAY = 705, 2277


def _format_type(type_oid: int, typmod: int) -> str:
    from pgsnake.datatypes import registry
    return registry.format_type(type_oid, typmod)


def _check_replacement(relation, columns: list[ViewColumn]) -> None:
    """OR REPLACE: the existing columns stay as they are (checkViewTupleDesc)."""
    old = [a for a in relation.attributes if a.attnum > 0]
    if len(columns) < len(old):
        raise PgError(INVALID_TABLE_DEFINITION, "cannot drop columns from view")
    for attribute, new in zip(old, columns):
        if attribute.name != new.name:
            raise PgError(INVALID_TABLE_DEFINITION,
                          f'cannot change name of view column "{attribute.name}" to "{new.name}"',
                          hint="Use ALTER VIEW ... RENAME COLUMN ... to change name of view "
                               "column instead.")
        if (attribute.type_oid, attribute.typmod) != (new.type_oid, new.typmod):
            raise PgError(INVALID_TABLE_DEFINITION,
                          f'cannot change data type of view column "{attribute.name}" from '
                          f'{_format_type(attribute.type_oid, attribute.typmod)} to '
                          f'{_format_type(new.type_oid, new.typmod)}')


# -- CREATE VIEW ---------------------------------------------------------------------------------

def execute_create_view(node: dict, raw) -> str:
    from pgsnake.commands import view_options
    relation = node["view"]
    options = view_options.create_options(node)
    check = view_options.check_option(options)
    query, sql, references = _analyse_definition(node["query"], raw)
    from pgsnake.commands import temp_relations     # reading a temp table: a temp view
    relation = temp_relations.view_relation(relation, references)
    namespace_oid = creation_namespace(relation)
    if query.command_type != "SELECT":
        raise PgError(SYNTAX_ERROR, "views must not contain SELECT INTO")
    aliases = [a["String"]["sval"] for a in node.get("aliases", ())]
    columns = _columns(query, aliases)
    if check is not None:
        from pgsnake.rewrite import updatable_views
        reason = updatable_views.not_updatable_reason(query)
        if reason is not None:
            raise PgError(FEATURE_NOT_SUPPORTED,
                          "WITH CHECK OPTION is supported only on automatically updatable views",
                          hint=reason)
    if relation.get("relpersistence") == "u":
        raise PgError(SYNTAX_ERROR, "views cannot be unlogged because they do not have storage")
    name = relation["relname"]
    existing = cc.relation_oid_in(namespace_oid, name)
    if existing is not None and node.get("replace"):
        relation_locks.lock_relation_oid(existing, lock_modes.ACCESS_EXCLUSIVE)
        old = cc.get_relation(existing)
        if old.relkind != "v":
            raise PgError(WRONG_OBJECT_TYPE, f'"{name}" is not a view')
        _check_replacement(old, columns)
        # A cycle this makes (through other views) is found when the view is used,
        # as in PostgreSQL (42P17 from the rewriter).
        view_creation.replace_view(existing, columns, sql, references, options=options,
                                   objects=_objects_used(query))
        return "CREATE VIEW"
    view_creation.create_view(name, namespace_oid, columns, sql, references, options=options,
                              objects=_objects_used(query))
    return "CREATE VIEW"


# -- materialized views ---------------------------------------------------------------------------

def execute_create_table_as(node: dict, raw) -> str:
    if node.get("objtype") != "OBJECT_MATVIEW":
        from pgsnake.commands import create_table_as
        return create_table_as.execute_create_table_as(node, raw)
    into = node["into"]
    relation = into["rel"]
    if relation.get("relpersistence", "p") != "p":
        raise PgError(FEATURE_NOT_SUPPORTED, "materialized views cannot be unlogged")
    namespace_oid = creation_namespace(relation)
    name = relation["relname"]
    if node.get("if_not_exists") and cc.relation_oid_in(namespace_oid, name) is not None:
        notices.emit("42P07", f'relation "{name}" already exists, skipping')
        return "CREATE MATERIALIZED VIEW"
    query, sql, references = _analyse_definition(node["query"], raw)
    from pgsnake.commands import temp_relations
    temp_relations.refuse_in_materialized_view(references)
    aliases = [a["String"]["sval"] for a in into.get("colNames", ())]
    if len(aliases) > len(query.output_columns()):
        raise PgError(SYNTAX_ERROR, "too many column names were specified")
    columns = _columns(query, aliases)
    populated = not into.get("skipData")
    from pgsnake.commands import relation_options
    options = relation_options.table_options(into.get("options"))
    oid = view_creation.create_view(name, namespace_oid, columns, sql, references,
                                    relkind="m", populated=populated,
                                    objects=_objects_used(query))
    if options:
        relation_options.store(oid, options)
    if populated:
        count = _fill_materialized_view(oid)
        return f"SELECT {count}"
    return "CREATE MATERIALIZED VIEW"


def _fill_materialized_view(oid: int) -> int:
    """Run the stored query and write its rows into the (empty) materialized view."""
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import xact
    from pgsnake.executor import spi
    from pgsnake.executor.index_maintenance import TableIndexes
    search_path, sql = view_creation.stored_view(oid)
    with cc.search_path_as(search_path):       # names as its creator resolved them
        result = spi.execute(sql)
    relation = cc.get_relation(oid)
    indexes = TableIndexes(relation)
    width = len([a for a in relation.attributes if a.attnum > 0])
    for row in result.rows:
        values = list(row[:width])
        tid = heapam.heap_insert(relation, values)
        if indexes:
            indexes.insert(values, tid)
    xact.command_counter_increment()
    return len(result.rows)


def execute_refresh(node: dict, raw) -> str:
    """REFRESH MATERIALIZED VIEW [CONCURRENTLY] name [WITH [NO] DATA]. CONCURRENTLY
    takes ExclusiveLock, so readers go on reading the old rows
    (matview_concurrent_refresh.py); otherwise AccessExclusiveLock and new files."""
    concurrent = bool(node.get("concurrent"))
    range_var = node["relation"]
    schema = range_var.get("schemaname")
    oid = relation_locks.open_relation_oid(
        range_var["relname"], schema,
        lock_modes.EXCLUSIVE if concurrent else lock_modes.ACCESS_EXCLUSIVE)
    if oid is None:
        shown = f"{schema}.{range_var['relname']}" if schema else range_var["relname"]
        raise PgError(UNDEFINED_TABLE, f'relation "{shown}" does not exist')
    row = cc.class_row(oid)
    if row.relkind not in ("r", "m", "p", "t"):      # RangeVarCallbackOwnsTable
        raise PgError(WRONG_OBJECT_TYPE, f'"{row.relname}" is not a table or materialized view')
    from pgsnake.catalog import object_permissions
    object_permissions.check_relation_owner(oid)
    if row.relkind != "m":
        raise PgError(FEATURE_NOT_SUPPORTED, f'"{row.relname}" is not a materialized view')
    populated = not node.get("skipData")
    if concurrent:
        from pgsnake.commands import matview_concurrent_refresh
        matview_concurrent_refresh.check_concurrent_refresh(oid, row.relispopulated,
                                                            not populated)
        matview_concurrent_refresh.refresh_concurrently(oid)
        return "REFRESH MATERIALIZED VIEW"
    index_oids = cc.index_oids_of(oid)
    for index_oid in index_oids:
        relation_locks.lock_relation_oid(index_oid, lock_modes.ACCESS_EXCLUSIVE)
    table_alteration.set_new_storage(oid)          # new, empty files, as TRUNCATE makes
    for index_oid in index_oids:
        table_alteration.set_new_storage(index_oid)
    from pgsnake.catalog import toast_creation
    toast_creation.truncate_toast_table(oid)
    view_creation.set_populated(oid, populated)
    if populated:
        _fill_materialized_view(oid)
    return "REFRESH MATERIALIZED VIEW"


# -- DROP ------------------------------------------------------------------------------------------

def _kind_word(oid: int) -> str:
    row = cc.class_row(oid)
    return relation_kind_name(row.relkind)


def _describe(oid: int) -> str:
    return f"{_kind_word(oid)} {cc.relation_display_name(oid)}"


def views_reading(relation_oid: int) -> list[tuple[int, object]]:
    """Before a RENAME of `relation_oid` or of one of its columns: the views whose stored
    text names it, each with its query analysed under the old names."""
    from pgsnake.rewrite import view_expansion
    return [(view, view_expansion.analyze_view(view))
            for view in view_creation.dependent_views(relation_oid)]


def store_definitions_again(analysed: list[tuple[int, object]]) -> None:
    """After the RENAME: print each view's query with today's names (schema-qualified,
    so that the text does not depend on search_path) and store it, once it is checked
    to mean the same columns."""
    from pgsnake.rewrite import view_deparse, view_expansion
    for view, query in analysed:
        relation = cc.get_relation(view)
        names = [a.name for a in relation.attributes if a.attnum > 0]
        text = view_deparse.query_text(query, False, names, qualify_all=True)
        before = [(t.expr.type_oid) for t in query.output_columns()]
        view_creation.set_definition(view, text)
        after = [(t.expr.type_oid) for t in view_expansion.analyze_view(view).output_columns()]
        if before != after:
            raise PgError("XX000", f'could not store the definition of view "{relation.name}" '
                          "again after the rename")


def execute_drop_views(node: dict) -> str:
    """DROP VIEW / DROP MATERIALIZED VIEW [IF EXISTS] name [, ...] [CASCADE | RESTRICT]."""
    materialized = node.get("removeType") == "OBJECT_MATVIEW"
    word = "materialized view" if materialized else "view"
    wanted = "m" if materialized else "v"
    missing_ok = bool(node.get("missing_ok"))
    to_drop: list[int] = []
    for obj in node.get("objects", []):
        names = [n["String"]["sval"] for n in obj["List"]["items"]]
        name, schema = names[-1], (names[-2] if len(names) >= 2 else None)
        shown = ".".join(names)
        if schema is not None and cc.get_namespace_oid(schema) is None:
            if missing_ok:
                notices.emit("00000", f'schema "{schema}" does not exist, skipping')
                continue
            raise PgError(INVALID_SCHEMA_NAME, f'schema "{schema}" does not exist')
        oid = relation_locks.open_relation_oid(name, schema, lock_modes.ACCESS_EXCLUSIVE)
        if oid is None:
            if missing_ok:
                notices.emit("00000", f'{word} "{shown}" does not exist, skipping')
                continue
            raise PgError(UNDEFINED_TABLE, f'{word} "{shown}" does not exist')
        row = cc.class_row(oid)
        if row.relkind != wanted:
            raise PgError(WRONG_OBJECT_TYPE, f'"{name}" is not a {word}',
                          hint=drop_hint(row.relkind))
        from pgsnake.catalog import object_permissions
        object_permissions.check_relation_drop(oid)
        if oid not in to_drop:
            to_drop.append(oid)
    if to_drop:                 # with what depends on them (pg_depend)
        from pgsnake.catalog.dependency import relation
        from pgsnake.commands import dependent_objects
        dependent_objects.perform_deletion([relation(oid) for oid in to_drop],
                                           node.get("behavior") == "DROP_CASCADE")
    return "DROP MATERIALIZED VIEW" if materialized else "DROP VIEW"


# -- ALTER VIEW --------------------------------------------------------------------------------------

def is_view_rename(node: dict) -> bool:
    return node.get("renameType") in ("OBJECT_VIEW", "OBJECT_MATVIEW") or (
        node.get("renameType") == "OBJECT_COLUMN"
        and node.get("relationType") in ("OBJECT_VIEW", "OBJECT_MATVIEW"))


def execute_rename_view(node: dict) -> str:
    """ALTER [MATERIALIZED] VIEW name RENAME TO new / RENAME COLUMN a TO b."""
    materialized = "OBJECT_MATVIEW" in (node.get("renameType"), node.get("relationType"))
    tag = "ALTER MATERIALIZED VIEW" if materialized else "ALTER VIEW"
    range_var = node["relation"]
    schema = range_var.get("schemaname")
    oid = relation_locks.open_relation_oid(range_var["relname"], schema,
                                           lock_modes.ACCESS_EXCLUSIVE)
    if oid is None:
        if node.get("missing_ok"):
            notices.emit("00000", f'relation "{range_var["relname"]}" does not exist, skipping')
            return tag
        raise PgError(UNDEFINED_TABLE, f'relation "{range_var["relname"]}" does not exist')
    relation = cc.get_relation(oid)
    if node["renameType"] != "OBJECT_COLUMN" and relation.relkind != ("m" if materialized
                                                                       else "v"):
        raise PgError(WRONG_OBJECT_TYPE, f'"{relation.name}" is not a '
                      f'{"materialized view" if materialized else "view"}')
    views = views_reading(oid)
    from pgsnake.commands import rule_renames
    rules = rule_renames.texts_for_rename(node, relation)
    _rename_view(node, relation, node["newname"])
    store_definitions_again(views)
    rule_renames.store_texts(rules)
    return tag


def _rename_view(node: dict, relation, new_name: str) -> None:
    oid = relation.oid
    if node["renameType"] == "OBJECT_COLUMN":
        old_name = node["subname"]
        attribute = next((a for a in relation.attributes
                          if a.name == old_name and a.attnum > 0), None)
        if attribute is None:
            raise PgError(UNDEFINED_COLUMN, f'column "{old_name}" does not exist')
        if any(a.name == new_name for a in relation.attributes):
            raise PgError(DUPLICATE_COLUMN,
                          f'column "{new_name}" of relation "{relation.name}" already exists')
        table_alteration.rename_column(oid, attribute.attnum, new_name)
        return
    if cc.relation_oid_in(relation.namespace_oid, new_name) is not None:
        raise PgError(DUPLICATE_TABLE, f'relation "{new_name}" already exists')
    table_alteration.rename_relation(oid, new_name)


# ALTER MATERIALIZED VIEW subcommands that act as on a table (its storage, columns'
# statistics, clustering index).
_MATVIEW_AS_TABLE = ("AT_SetRelOptions", "AT_ResetRelOptions", "AT_SetStatistics",
                     "AT_ClusterOn", "AT_DropCluster", "AT_SetStorage", "AT_SetCompression",
                     "AT_SetOptions", "AT_ResetOptions", "AT_SetTableSpace",
                     "AT_SetAccessMethod")


def _alter_matview_as_table(oid: int, cmd: dict) -> None:
    from pgsnake.commands import alter_table
    relation = cc.get_relation(oid)
    subtype = cmd["subtype"]
    if subtype in ("AT_SetRelOptions", "AT_ResetRelOptions"):
        from pgsnake.commands import relation_options
        relation_options.alter_options(relation, cmd, subtype == "AT_ResetRelOptions")
    elif subtype == "AT_SetStatistics":
        from pgsnake.commands import analyze
        analyze.set_statistics_target(relation, alter_table._require_column(relation,
                                                                            cmd["name"]),
                                      cmd["def"])
    elif subtype in ("AT_ClusterOn", "AT_DropCluster"):
        from pgsnake.commands import cluster
        if subtype == "AT_ClusterOn":
            cluster.cluster_on(relation, cmd["name"])
        else:
            cluster.set_without_cluster(relation)
    elif subtype in ("AT_SetStorage", "AT_SetCompression"):
        from pgsnake.commands import column_storage
        (column_storage.set_storage if subtype == "AT_SetStorage"
         else column_storage.set_compression)(relation, cmd)
    elif subtype in ("AT_SetOptions", "AT_ResetOptions"):
        alter_table._set_column_options(relation, alter_table._require_column(
            relation, cmd["name"]), cmd, subtype == "AT_ResetOptions")
    else:
        from pgsnake.commands import constraint_alter
        (constraint_alter.set_tablespace if subtype == "AT_SetTableSpace"
         else constraint_alter.set_access_method)(relation, cmd)


def execute_alter_view(node: dict) -> str:
    """ALTER [MATERIALIZED] VIEW name OWNER TO role (AlterTableStmt on a view), a view's
    SET / RESET (options), ALTER COLUMN ... SET / DROP DEFAULT, and a materialized view's
    table-like subcommands (storage
    options, statistics targets, CLUSTER ON, storage, column options); the other
    subcommands are not supported yet."""
    materialized = node.get("objtype") == "OBJECT_MATVIEW"
    tag = "ALTER MATERIALIZED VIEW" if materialized else "ALTER VIEW"
    range_var = node["relation"]
    schema = range_var.get("schemaname")
    shown = f"{schema}.{range_var['relname']}" if schema else range_var["relname"]
    oid = relation_locks.open_relation_oid(range_var["relname"], schema,
                                           lock_modes.ACCESS_EXCLUSIVE)
    if oid is None:
        if node.get("missing_ok"):
            notices.emit("00000", f'relation "{shown}" does not exist, skipping')
            return tag
        raise PgError(UNDEFINED_TABLE, f'relation "{shown}" does not exist')
    row = cc.class_row(oid)
    if row.relkind != ("m" if materialized else "v"):
        raise PgError(WRONG_OBJECT_TYPE, f'"{row.relname}" is not a '
                      f'{"materialized view" if materialized else "view"}')
    for wrapped in node.get("cmds", ()):
        cmd = wrapped["AlterTableCmd"]
        if cmd["subtype"] in ("AT_SetRelOptions", "AT_ResetRelOptions") and not materialized:
            alter_view_options(oid, cmd)
            continue
        if materialized and cmd["subtype"] in _MATVIEW_AS_TABLE:
            _alter_matview_as_table(oid, cmd)     # a materialized view has storage
            continue
        if cmd["subtype"] == "AT_ColumnDefault" and not materialized:
            # a view column's default: what INSERT through the view puts for DEFAULT
            # or an omitted column, before the base table's own (rewriteTargetListIU)
            from pgsnake.commands import alter_table
            alter_table.alter_column_default(cc.get_relation(oid), cmd)
            continue
        if cmd["subtype"] != "AT_ChangeOwner":
            what = cmd["subtype"].removeprefix("AT_")
            raise PgError(FEATURE_NOT_SUPPORTED, f"{tag} ... {what} is not supported yet")
        view_creation.set_owner(oid, _role_oid(cmd["newowner"]))
    return tag


def alter_view_options(oid: int, cmd: dict) -> None:
    """ALTER VIEW (or ALTER TABLE) ... SET / RESET (options) on a view: a check option
    needs an automatically updatable view, as at CREATE VIEW."""
    from pgsnake.commands import view_options
    options = view_options.alter_options(oid, cmd, cmd["subtype"] == "AT_ResetRelOptions")
    if view_options.check_option(options) is not None:
        from pgsnake.rewrite import updatable_views, view_expansion
        reason = updatable_views.not_updatable_reason(view_expansion.analyze_view(oid))
        if reason is not None:
            raise PgError(FEATURE_NOT_SUPPORTED,
                          "WITH CHECK OPTION is supported only on automatically updatable views",
                          hint=reason)


def _role_oid(role_spec: dict) -> int:
    from pgsnake.utils import process_state
    kind = role_spec.get("roletype", "ROLESPEC_CSTRING")
    if kind in ("ROLESPEC_CURRENT_USER", "ROLESPEC_SESSION_USER", "ROLESPEC_CURRENT_ROLE"):
        name = process_state.user_name
    else:
        name = role_spec.get("rolename", "")
    row = cc.lookup_role(name)
    if row is None:
        raise PgError("42704", f'role "{name}" does not exist')
    return row.oid


# -- registration --------------------------------------------------------------------------------------

utility_statement.register("ViewStmt", "CREATE VIEW", lambda node, raw: execute_create_view(node, raw))
utility_statement.register(
    "CreateTableAsStmt",
    lambda raw: "CREATE MATERIALIZED VIEW"
    if raw.node[raw.kind].get("objtype") == "OBJECT_MATVIEW" else "CREATE TABLE AS",
    lambda node, raw: execute_create_table_as(node, raw))
utility_statement.register("RefreshMatViewStmt", "REFRESH MATERIALIZED VIEW",
                           lambda node, raw: execute_refresh(node, raw))
