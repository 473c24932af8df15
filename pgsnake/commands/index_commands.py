"""CREATE INDEX, DROP INDEX, and the indexes behind PRIMARY KEY and UNIQUE constraints.

CREATE INDEX takes ShareLock on the table (writers wait; readers and other index builds
go on), resolves each column, chooses the name PostgreSQL would choose when none is
given, and hands the rest to catalog/index_creation.py, which builds the B-tree from the
table's rows. DROP INDEX takes AccessExclusiveLock on the table and then the index, as
PostgreSQL does, and refuses an index that a constraint owns.

Supported: B-tree indexes on table columns and on expressions, partial indexes (WHERE),
UNIQUE, NULLS [NOT] DISTINCT, ASC/DESC, NULLS FIRST/LAST, INCLUDE, WITH (fillfactor,
deduplicate_items), IF NOT EXISTS, CONCURRENTLY (built under ShareLock: see README
"where we differ"); expression columns and predicates are analysed by
index_expression_columns.py. USING gin builds a GIN index (access/gin; its options and
refusals in catalog/gin_index_catalog.py), USING hash a hash index (access/hash;
catalog/hash_index_catalog.py). Not yet (0A000): other access methods, operator class
options. DEFERRABLE constraints get a recheck trigger (catalog/index_creation.py). A key column's COLLATE is stored (indcollation)
and printed; as everywhere in pgsnake, strings still compare by code point. A key column may name its B-tree operator class
(`name varchar_pattern_ops`, as Django's LIKE indexes do).

Entry points: execute_create_index(node) -> tag, execute_drop_index(node) -> tag,
IndexSpec / index_spec_for_constraint / create_constraint_index (CREATE TABLE's
PRIMARY KEY and UNIQUE).

PostgreSQL: commands/indexcmds.c (DefineIndex, ComputeIndexAttrs, ChooseIndexName,
ChooseIndexColumnNames), parser/parse_utilcmd.c (transformIndexConstraint,
transformIndexStmt), commands/tablecmds.c (RemoveRelations, RangeVarCallbackForDropRelation).
"""
from __future__ import annotations

import dataclasses

from pgsnake.access.common import reloptions
from pgsnake.access.common.tuple_descriptor import INDOPTION_DESC, INDOPTION_NULLS_FIRST
from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import index_creation, relation_locks
from pgsnake.catalog.index_creation import IndexColumn
from pgsnake.commands import index_expression_columns, utility_statement
from pgsnake.executor import index_entries
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices
from pgsnake.utils.errors import (DEPENDENT_OBJECTS_STILL_EXIST, FEATURE_NOT_SUPPORTED,
                                  INVALID_SCHEMA_NAME,
                                  UNDEFINED_COLUMN, UNDEFINED_OBJECT, UNDEFINED_TABLE,
                                  WRONG_OBJECT_TYPE, PgError)

_BUILT_IN_ACCESS_METHODS = ("hash", "gist", "gin", "spgist", "brin")


@dataclasses.dataclass
class IndexSpec:
    """An index to create, as named in SQL: columns by name."""
    name: str | None
    key_columns: list[tuple[str, int]]        # (column name, indoption bits)
    include_columns: list[str]
    unique: bool = False
    primary: bool = False
    nulls_not_distinct: bool = False
    constraint_type: str | None = None        # 'p' / 'u' for constraints
    fillfactor: int | None = None
    deduplicate_items: str | None = None      # the reloption's text as written, if given
    location: int | None = None               # of the constraint, for error positions
    # per key column, an operator class named in SQL (qualified name parts) or None for
    # the type's default
    key_operator_classes: list = dataclasses.field(default_factory=list)
    # per key column, its operator class options (DefElem nodes) or None
    key_operator_class_options: list = dataclasses.field(default_factory=list)
    # per key column, the raw expression of an expression column (its key_columns name
    # is None), else None; a partial index's raw WHERE; the statement's text (positions)
    key_expressions: list = dataclasses.field(default_factory=list)
    # per key column, the COLLATE name ([schema,] name) given for it, else None
    key_collations: list = dataclasses.field(default_factory=list)
    predicate: dict | None = None
    source: str | None = None
    access_method: int = 403                  # pg_am oid (403 btree, 2742 gin)
    extra_reloptions: list = dataclasses.field(default_factory=list)   # GIN's options
    # EXCLUDE constraints (constraint_type 'x'): the operator name parts per key column
    exclusion_operators: list | None = None
    # DEFERRABLE [INITIALLY DEFERRED] constraints (checked by a recheck trigger)
    deferrable: bool = False
    initially_deferred: bool = False


def _unsupported(what: str) -> PgError:
    return PgError(FEATURE_NOT_SUPPORTED, f"{what} is not supported yet")


def _column_options(elem: dict) -> int:
    ordering = elem.get("ordering", "SORTBY_DEFAULT")
    nulls = elem.get("nulls_ordering", "SORTBY_NULLS_DEFAULT")
    options = INDOPTION_DESC if ordering == "SORTBY_DESC" else 0
    if nulls == "SORTBY_NULLS_FIRST" or (nulls == "SORTBY_NULLS_DEFAULT" and options):
        options |= INDOPTION_NULLS_FIRST       # DESC puts NULLs first unless told
    return options


def _index_elem_column(elem: dict) -> tuple[str | None, int]:
    """(column name, indoption bits); the name is None for an expression column."""
    return elem.get("name"), _column_options(elem)


def _collation_name(elem: dict) -> list[str] | None:
    """The index column's COLLATE: `col COLLATE x`, or an expression whose outermost
    node is a COLLATE clause (`(expr COLLATE x)`, which ComputeIndexAttrs treats alike)."""
    names = elem.get("collation")
    if not names and elem.get("expr") is not None and "CollateClause" in elem["expr"]:
        names = elem["expr"]["CollateClause"]["collname"]
    return [n["String"]["sval"] for n in names] if names else None


def _column_collation(names: list[str] | None, type_oid: int, natural: int) -> int:
    """indcollation of a key column: the named collation (42704 when there is none,
    42804 for a type without collations), else the column's or expression's own."""
    if names is None:
        return natural
    from pgsnake.parser.transform_expression import lookup_collation
    return lookup_collation(names, type_oid)


def _operator_class_name(elem: dict) -> list[str] | None:
    names = elem.get("opclass")
    return [n["String"]["sval"] for n in names] if names else None


def _storage_options(options: list[dict]) -> int | None:
    """A B-tree's WITH (fillfactor = n, deduplicate_items = ...), checked: the fill factor."""
    return reloptions.integer_value(reloptions.checked(options, reloptions.BTREE),
                                    "fillfactor")


def _deduplicate_option(options: list[dict]) -> str | None:
    """WITH (deduplicate_items = ...): its reloption text, None when not given."""
    return reloptions.option_value(reloptions.checked(options, reloptions.BTREE),
                                   "deduplicate_items")


def _system_column(name: str):
    from pgsnake.catalog import definitions as d
    for column_name, _attnum, type_oid, *_ in d.SYSTEM_COLUMNS:
        if column_name == name:
            return type_oid
    return None


def _refuse_system_column(name: str) -> None:
    """An index on ctid, xmin, ...: PostgreSQL looks for the type's operator class
    first (42704 for xid), then refuses the column itself."""
    type_oid = _system_column(name)
    if type_oid is None:
        return
    type_row = cc.get_type_row(type_oid)
    index_creation.default_operator_class(type_oid, type_row.typname)
    raise PgError(FEATURE_NOT_SUPPORTED, "index creation on system columns is not supported")


def _resolve_columns(heap, spec: IndexSpec, position=None) -> tuple[list[IndexColumn], list]:
    by_name = {a.name: a for a in heap.attributes if not a.is_dropped}
    columns = []
    used_names: set[str] = set()
    wanted = [(name, options) for name, options in spec.key_columns] \
        + [(name, 0) for name in spec.include_columns]
    expressions = []
    for position_in_index, (name, options) in enumerate(wanted):
        if name is None:                      # an expression column
            node = spec.key_expressions[position_in_index]
            column, expr = index_expression_columns.expression_column(
                heap, node, options, spec.source)
            if index_expression_columns.is_plain_column(expr):   # ((a)) is just a
                name = next(a.name for a in heap.attributes if a.attnum == expr.attnum)
            else:
                column = dataclasses.replace(column, collation=_column_collation(
                    _key_collation(spec, position_in_index), column.type_oid,
                    column.collation))
        if name is None:
            expressions.append(expr)
            column_name = _unique_column_name(column.name, used_names)
            named = spec.key_operator_classes[position_in_index] \
                if position_in_index < len(spec.key_operator_classes) else None
            opclass = 0 if named is None else index_creation.named_operator_class(
                named, column.type_oid, spec.access_method)
            columns.append(dataclasses.replace(
                column, name=column_name, opclass=opclass,
                opclass_options=_opclass_options(spec, position_in_index, opclass)))
            continue
        attribute = by_name.get(name)
        if attribute is None:
            _refuse_system_column(name)
            if spec.constraint_type is not None:
                raise PgError(UNDEFINED_COLUMN, f'column "{name}" named in key does not exist',
                              position=position(spec.location) if position else None)
            raise PgError(UNDEFINED_COLUMN, f'column "{name}" does not exist')
        column_name = _unique_column_name(name, used_names)
        index = len(columns)
        collation = _column_collation(
            _key_collation(spec, index) if index < len(spec.key_columns) else None,
            attribute.type_oid, _attribute_collation(heap.oid, attribute))
        named = spec.key_operator_classes[index] \
            if index < len(spec.key_operator_classes) else None
        opclass = 0 if named is None else index_creation.named_operator_class(
            named, attribute.type_oid, spec.access_method)
        columns.append(IndexColumn(attnum=attribute.attnum, name=column_name,
                                   type_oid=attribute.type_oid, typmod=attribute.typmod,
                                   collation=collation, options=options, opclass=opclass,
                                   opclass_options=_opclass_options(spec, index, opclass)))
    return columns, expressions


def _opclass_options(spec: IndexSpec, position_in_index: int, opclass: int):
    """The column's operator class options as attoptions texts (catalog/opclass_options)."""
    given = spec.key_operator_class_options[position_in_index] \
        if position_in_index < len(spec.key_operator_class_options) else None
    if not given:
        return None
    from pgsnake.catalog import opclass_options
    return opclass_options.checked(opclass, spec.access_method, given)


def _key_collation(spec: IndexSpec, position_in_index: int) -> list[str] | None:
    return spec.key_collations[position_in_index] \
        if position_in_index < len(spec.key_collations) else None


def _attribute_collation(heap_oid: int, attribute) -> int:
    """The table column's attcollation (its type's when the row cannot be read)."""
    row = next((r for r in cc.attribute_rows(heap_oid) if r.attnum == attribute.attnum), None)
    if row is not None:
        return row.attcollation
    type_row = cc.get_type_row(attribute.type_oid)
    return type_row.typcollation if type_row is not None else 0


def _unique_column_name(name: str, used_names: set[str]) -> str:
    """ChooseIndexColumnNames: a, a1, a2 (expr, expr1, ...)."""
    column_name = name
    counter = 0
    while column_name in used_names:
        counter += 1
        column_name = f"{name}{counter}"
    used_names.add(column_name)
    return column_name


def create_index_from_spec(heap, spec: IndexSpec, taken_names: set[str] = frozenset(),
                           position=None) -> int:
    """Create (and build) the index `spec` describes on the locked table `heap`;
    `position(location)` gives error positions for constraint locations."""
    from pgsnake.commands import partition_commands     # a partitioned table's index
    partition_commands.refuse_partitioned_exclusion(heap, spec, position)
    columns, expressions = _resolve_columns(heap, spec, position)
    partition_commands.check_partitioned_index(heap, spec)
    predicate = None
    if spec.predicate is not None:
        predicate = index_expression_columns.analyse_predicate(heap, spec.predicate,
                                                               spec.source)
    indexprs, indpred = index_expression_columns.stored_texts(expressions, predicate,
                                                              heap.oid)
    name = spec.name
    if name is None:
        label = {"p": "pkey", "u": "key", "x": "excl"}.get(spec.constraint_type, "idx")
        name = index_creation.choose_index_name(
            heap.name, [c.name for c in columns], heap.namespace_oid, label, taken_names)
    index_oid = index_creation.create_index(
        name=name, namespace_oid=heap.namespace_oid, heap_oid=heap.oid, columns=columns,
        include_count=len(spec.include_columns), unique=spec.unique, primary=spec.primary,
        nulls_not_distinct=spec.nulls_not_distinct, constraint_type=spec.constraint_type,
        fillfactor=spec.fillfactor, deduplicate_items=spec.deduplicate_items,
        expressions=indexprs, predicate=indpred,
        access_method=spec.access_method, extra_reloptions=spec.extra_reloptions,
        exclusion_operators=spec.exclusion_operators,
        deferrable=spec.deferrable, initially_deferred=spec.initially_deferred,
        entry_function=index_entries.entry_function
        if indexprs is not None or indpred is not None else None)
    partition_commands.index_created(heap, spec, index_oid, position)
    return index_oid


def index_spec_for_constraint(constraint: dict, column_name: str | None = None) -> IndexSpec:
    """The IndexSpec of a PRIMARY KEY or UNIQUE constraint node (a column constraint
    when `column_name` is given)."""
    primary = constraint["contype"] == "CONSTR_PRIMARY"
    if constraint.get("indexname"):
        raise _unsupported("USING INDEX in a constraint")
    if column_name is not None:
        keys = [(column_name, 0)]
    else:
        keys = [(k["String"]["sval"], 0) for k in constraint.get("keys", [])]
    include = [k["String"]["sval"] for k in constraint.get("including", [])]
    return IndexSpec(name=constraint.get("conname"), key_columns=keys, include_columns=include,
                     unique=True, primary=primary,
                     nulls_not_distinct=bool(constraint.get("nulls_not_distinct")),
                     constraint_type="p" if primary else "u",
                     fillfactor=_storage_options(constraint.get("options")),
                     deduplicate_items=_deduplicate_option(constraint.get("options")),
                     location=constraint.get("location"),
                     deferrable=bool(constraint.get("deferrable")),
                     initially_deferred=bool(constraint.get("initdeferred")))


def create_constraint_indexes(heap_oid: int, specs: list[IndexSpec], position=None) -> None:
    """CREATE TABLE's constraints: the primary key first, then the UNIQUE ones in order,
    as PostgreSQL creates them."""
    heap = cc.get_relation(heap_oid)
    ordered = [s for s in specs if s.primary] + [s for s in specs if not s.primary]
    for spec in ordered:
        create_index_from_spec(heap, spec, position=position)


# ---------------------------------------------------------------------------------------
# CREATE INDEX


def execute_create_index(node: dict, source: str | None = None) -> str:
    """CREATE INDEX (IndexStmt node). Returns the command tag."""
    if node.get("concurrent"):
        xact.prevent_in_transaction_block("CREATE INDEX CONCURRENTLY")
    method = node.get("accessMethod", "btree")
    if method not in ("btree", "gin", "gist", "hash", "brin"):
        if method in _BUILT_IN_ACCESS_METHODS:
            raise _unsupported(f'access method "{method}"')
        raise PgError(UNDEFINED_OBJECT, f'access method "{method}" does not exist')
    if node.get("tableSpace"):
        raise _unsupported("TABLESPACE in CREATE INDEX")
    relation = node["relation"]
    schema = relation.get("schemaname")
    if schema is not None and cc.get_namespace_oid(schema) is None:
        raise PgError(INVALID_SCHEMA_NAME, f'schema "{schema}" does not exist')
    heap_oid = relation_locks.open_relation_oid(relation["relname"], schema, lock_modes.SHARE)
    if heap_oid is None:
        shown = f"{schema}.{relation['relname']}" if schema else relation["relname"]
        raise PgError(UNDEFINED_TABLE, f'relation "{shown}" does not exist')
    from pgsnake.catalog import object_permissions
    object_permissions.check_relation_owner(heap_oid)
    heap = cc.get_relation(heap_oid)
    from pgsnake.catalog import temp_namespace
    temp_namespace.refuse_other_session(
        heap.namespace_oid, "cannot create indexes on temporary tables of other sessions")
    if heap.relkind not in ("r", "m", "p"):      # a materialized view is a heap too
        kind = "an index" if heap.relkind == "i" else "a " + {
            "v": "view", "S": "sequence", "c": "composite type"}.get(heap.relkind, "relation")
        raise PgError(WRONG_OBJECT_TYPE, f'cannot create index on relation "{heap.name}"',
                      detail=f'This operation is not supported for {kind.removeprefix("a ")}s.'
                      if kind.startswith("a ") else None)
    from pgsnake.executor import triggers
    triggers.check_not_in_use(heap, "CREATE INDEX")
    name = node.get("idxname")
    if name is not None and node.get("if_not_exists") \
            and cc.relation_oid_in(heap.namespace_oid, name) is not None:
        notices.emit("42P07", f'relation "{name}" already exists, skipping')
        return "CREATE INDEX"
    included = [e["IndexElem"] for e in node.get("indexIncludingParams", [])]
    if any(e.get("opclass") for e in included):
        raise PgError("42P17", "including column does not support an operator class")
    if any(e.get("expr") is not None for e in included):
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "expressions are not supported in included columns")
    spec = IndexSpec(
        name=name,
        key_columns=[_index_elem_column(e["IndexElem"]) for e in node.get("indexParams", [])],
        key_operator_classes=[_operator_class_name(e["IndexElem"])
                              for e in node.get("indexParams", [])],
        key_operator_class_options=[e["IndexElem"].get("opclassopts")
                                    for e in node.get("indexParams", [])],
        include_columns=[_index_elem_column(e)[0] for e in included],
        unique=bool(node.get("unique")), nulls_not_distinct=bool(node.get("nulls_not_distinct")),
        fillfactor=_storage_options(node.get("options")) if method == "btree" else None,
        deduplicate_items=_deduplicate_option(node.get("options")) if method == "btree"
        else None,
        key_expressions=[e["IndexElem"].get("expr") for e in node.get("indexParams", [])],
        key_collations=[_collation_name(e["IndexElem"]) for e in node.get("indexParams", [])],
        predicate=node.get("whereClause"), source=source)
    if method == "hash":
        from pgsnake.catalog import hash_index_catalog
        hash_index_catalog.check_spec(spec)
        spec.fillfactor = hash_index_catalog.fillfactor(node.get("options"))
        hash_index_catalog.check_column_options(node.get("indexParams", []))
        spec.access_method = hash_index_catalog.HASH_ACCESS_METHOD
    if method == "gin":
        from pgsnake.catalog import gin_index_catalog
        gin_index_catalog.check_spec(spec)
        spec.access_method = 2742
        spec.extra_reloptions = gin_index_catalog.reloptions(node.get("options"))
    elif method == "gist":
        from pgsnake.catalog import gist_index_catalog
        gist_index_catalog.check_spec(spec)
        spec.access_method = gist_index_catalog.GIST
        spec.extra_reloptions = gist_index_catalog.reloptions(node.get("options"))
    elif method == "brin":
        from pgsnake.catalog import brin_index_catalog
        brin_index_catalog.check_spec(spec, node.get("indexParams", []))
        spec.access_method = brin_index_catalog.BRIN
        spec.extra_reloptions = brin_index_catalog.reloptions(node.get("options"))
    create_index_from_spec(heap, spec)
    return "CREATE INDEX"


# ---------------------------------------------------------------------------------------
# DROP INDEX


def _constraint_owning(index_oid: int):
    for row in cc.scan_catalog("pg_constraint"):
        if row.conindid == index_oid and row.contype in ("p", "u", "x"):
            return row
    return None


def execute_drop_index(node: dict) -> str:
    """DROP INDEX [CONCURRENTLY] [IF EXISTS] name [, ...] (DropStmt node)."""
    if node.get("concurrent"):
        xact.prevent_in_transaction_block("DROP INDEX CONCURRENTLY")
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
        oid = cc.lookup_relation_oid(name, schema)
        row = cc.class_row(oid) if oid is not None else None
        if row is not None and row.relkind in ("i", "I"):
            # The table first, then the index (RangeVarCallbackForDropRelation), so that
            # we queue behind the table's users instead of deadlocking with them.
            index = cc.get_relation(oid)
            relation_locks.lock_relation_oid(index.index.heap_oid, lock_modes.ACCESS_EXCLUSIVE)
            relation_locks.lock_relation_oid(oid, lock_modes.ACCESS_EXCLUSIVE)
            row = cc.class_row(oid)
        if row is None:
            if missing_ok:
                notices.emit("00000", f'index "{shown}" does not exist, skipping')
                continue
            raise PgError(UNDEFINED_OBJECT, f'index "{shown}" does not exist')
        if row.relkind not in ("i", "I"):
            from pgsnake.catalog.heap_creation import drop_hint
            raise PgError(WRONG_OBJECT_TYPE, f'"{name}" is not an index',
                          hint=drop_hint(row.relkind))
        from pgsnake.catalog import object_permissions
        object_permissions.check_relation_drop(oid)
        constraint = _constraint_owning(oid)
        if constraint is not None:
            table = cc.class_row(constraint.conrelid).relname
            raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                          f"cannot drop index {name} because constraint {constraint.conname} "
                          f"on table {table} requires it",
                          hint=f"You can drop constraint {constraint.conname} on table "
                               f"{table} instead.")
        if oid not in to_drop:
            to_drop.append(oid)
    from pgsnake.commands import partition_commands     # a partitioned index's children
    named = list(to_drop)
    to_drop = partition_commands.index_drop_list(to_drop)
    # What depends on the named indexes (a foreign key on a unique index) goes first, or
    # stops the drop (2BP01); event triggers learn what goes.
    from pgsnake.catalog.dependency import relation
    from pgsnake.commands import dependent_objects
    if named:
        dependent_objects.drop_dependents([relation(oid) for oid in named],
                                          node.get("behavior") == "DROP_CASCADE")
    for oid in to_drop:
        if cc.class_row(oid) is not None:
            index_creation.drop_index(oid)
    return "DROP INDEX"


utility_statement.register("IndexStmt", "CREATE INDEX",
                           lambda node, raw: execute_create_index(
                               node, getattr(raw, "source", None)))
