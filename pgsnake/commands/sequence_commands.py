"""CREATE / ALTER / DROP SEQUENCE, serial columns, and the sequence functions nextval,
currval, setval and lastval.

Options follow PostgreSQL's rules (init_params): AS smallint | integer | bigint,
INCREMENT (not zero), MINVALUE / MAXVALUE within the type (defaults: 1 .. type max
ascending, type min .. -1 descending), START within them (default: the low end
ascending, the high end descending), CACHE >= 1, [NO] CYCLE, OWNED BY table.column.

Session state, as PostgreSQL keeps it per backend: currval per sequence, the sequence
lastval refers to, and with CACHE > 1 the values taken from the sequence but not yet
handed out (they are lost when the backend exits, as in PostgreSQL).

A serial column (smallserial / serial / bigserial) is a column of smallint / integer /
bigint, NOT NULL, DEFAULT nextval('<table>_<column>_seq'::regclass), with that
sequence created first and owned by the column (commands/table_commands.py asks
`serial_column`).

Entry points: execute_create_sequence, execute_alter_sequence, drop_sequences,
serial_type, create_serial_sequence, register_functions.

PostgreSQL: commands/sequence.c (DefineSequence, AlterSequence, init_params,
nextval_internal, currval_oid, lastval, do_setval, process_owned_by),
parser/parse_utilcmd.c (transformColumnDefinition's serial handling).
"""
from __future__ import annotations

import dataclasses

from pgsnake.access.transam import xact
from pgsnake.catalog import object_permissions
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import index_creation, relation_locks, sequence_creation
from pgsnake.catalog.sequence_creation import SequenceDefinition
from pgsnake.commands import utility_statement
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE,
                                  NUMERIC_VALUE_OUT_OF_RANGE,
                                  OBJECT_NOT_IN_PREREQUISITE_STATE, UNDEFINED_COLUMN,
                                  UNDEFINED_TABLE, WRONG_OBJECT_TYPE, PgError)

INT2, INT4, INT8, BOOL, REGCLASS = 21, 23, 20, 16, 2205
_RANGES = {INT2: (-(1 << 15), (1 << 15) - 1), INT4: (-(1 << 31), (1 << 31) - 1),
           INT8: (-(1 << 63), (1 << 63) - 1)}
_TYPE_NAMES = {INT2: "smallint", INT4: "integer", INT8: "bigint"}
SERIAL_TYPES = {"smallserial": INT2, "serial2": INT2, "serial": INT4, "serial4": INT4,
                "bigserial": INT8, "serial8": INT8}

# Per-backend session state.
_current: dict[int, int] = {}             # sequence oid -> currval
_cached: dict[int, tuple[int, int, int]] = {}   # sequence oid -> (last handed out,
#                                                   last taken, relfilenode taken from)
_last_used: int | None = None


def _option_value(element: dict):
    arg = element.get("arg")
    if arg is None:
        return None
    (kind, body), = arg.items()
    if kind == "Integer":
        return body.get("ival", 0)
    if kind == "Float":
        return int(body["fval"])
    if kind == "Boolean":
        return bool(body.get("boolval"))
    return arg


def _options(nodes) -> dict:
    out = {}
    for wrapped in nodes or ():
        element = wrapped["DefElem"]
        out[element["defname"]] = (element.get("arg") is not None, _option_value(element))
    return out


def _definition(options: dict, old: SequenceDefinition | None = None,
                type_oid: int = INT8) -> SequenceDefinition:
    """init_params: the sequence's settings from CREATE / ALTER options."""
    from pgsnake.commands.table_commands import resolve_type_name
    type_oid = old.type_oid if old else type_oid
    if "as" in options:
        given = options["as"][1]           # a TypeName node, or (identity_columns) an OID
        type_oid = given if isinstance(given, int) else \
            resolve_type_name(given["TypeName"])[0]
        if type_oid not in _RANGES:
            raise PgError(INVALID_PARAMETER_VALUE,
                          "sequence type must be smallint, integer, or bigint")
        if old is not None and type_oid != old.type_oid:
            # bounds that were the old type's own become the new type's (init_params)
            old_low, old_high = _RANGES[old.type_oid]
            old = dataclasses.replace(
                old, max_value=_RANGES[type_oid][1] if old.max_value == old_high
                else old.max_value,
                min_value=_RANGES[type_oid][0] if old.min_value == old_low
                else old.min_value)
    low_limit, high_limit = _RANGES[type_oid]
    increment = options["increment"][1] if "increment" in options else (old.increment if old else 1)
    if increment == 0:
        raise PgError(INVALID_PARAMETER_VALUE, "INCREMENT must not be zero")

    def bound(name, default):
        if name in options:
            given, value = options[name]
            return value if given else default
        return getattr(old, "max_value" if name == "maxvalue" else "min_value") if old else default
    max_value = bound("maxvalue", high_limit if increment > 0 else -1)
    min_value = bound("minvalue", 1 if increment > 0 else low_limit)
    type_name = _TYPE_NAMES[type_oid]
    for label, value in (("MAXVALUE", max_value), ("MINVALUE", min_value)):
        if not low_limit <= value <= high_limit:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f"{label} ({value}) is out of range for sequence data type {type_name}")
    if min_value >= max_value:
        raise PgError(INVALID_PARAMETER_VALUE,
                      f"MINVALUE ({min_value}) must be less than MAXVALUE ({max_value})")
    start = options["start"][1] if "start" in options else (
        old.start if old else (min_value if increment > 0 else max_value))
    if start < min_value:
        raise PgError(INVALID_PARAMETER_VALUE,
                      f"START value ({start}) cannot be less than MINVALUE ({min_value})")
    if start > max_value:
        raise PgError(INVALID_PARAMETER_VALUE,
                      f"START value ({start}) cannot be greater than MAXVALUE ({max_value})")
    cache = options["cache"][1] if "cache" in options else (old.cache if old else 1)
    if cache < 1:
        raise PgError(INVALID_PARAMETER_VALUE, f"CACHE ({cache}) must be greater than zero")
    cycle = options["cycle"][1] if "cycle" in options else (old.cycle if old else False)
    return SequenceDefinition(type_oid, start, increment, max_value, min_value, cache, bool(cycle))


def _owned_by(sequence_oid: int, value) -> None:
    names = [n["String"]["sval"] for n in value["List"]["items"]]
    if names == ["none"]:
        sequence_creation.set_owner(sequence_oid, None)
        return
    if len(names) < 2:
        raise PgError("42601", "invalid OWNED BY option",
                      hint="Specify OWNED BY table.column or OWNED BY NONE.")
    table_name, column = names[-2], names[-1]
    schema = names[-3] if len(names) > 2 else None
    table_oid = relation_locks.open_relation_oid(table_name, schema, lock_modes.ACCESS_SHARE)
    if table_oid is None:
        raise PgError(UNDEFINED_TABLE, f'relation "{table_name}" does not exist')
    table = cc.get_relation(table_oid)
    if table.relkind not in ("r", "f", "v", "p"):
        from pgsnake.catalog.relation_kinds import unsupported_detail
        raise PgError(WRONG_OBJECT_TYPE, f'sequence cannot be owned by relation "{table.name}"',
                      detail=unsupported_detail(table.relkind))
    sequence = cc.class_row(sequence_oid)
    table_row = cc.class_row(table_oid)
    if sequence.relowner != table_row.relowner:
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                      "sequence must have same owner as table it is linked to")
    if sequence.relnamespace != table_row.relnamespace:
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                      "sequence must be in same schema as table it is linked to")
    attribute = next((a for a in table.attributes if a.name == column and not a.is_dropped), None)
    if attribute is None:
        raise PgError(UNDEFINED_COLUMN,
                      f'column "{column}" of relation "{table_name}" does not exist')
    sequence_creation.set_owner(sequence_oid, table_oid, attribute.attnum)


def execute_create_sequence(node: dict) -> str:
    range_var = node["sequence"]
    name = range_var["relname"]
    from pgsnake.commands.table_commands import creation_namespace
    namespace_oid = creation_namespace(range_var)
    if node.get("if_not_exists") and cc.relation_oid_in(namespace_oid, name) is not None:
        notices.emit("42P07", f'relation "{name}" already exists, skipping')
        return "CREATE SEQUENCE"
    options = _options(node.get("options"))
    persistence = "u" if range_var.get("relpersistence") == "u" else "p"
    oid = sequence_creation.create_sequence(name, namespace_oid, _definition(options),
                                            persistence)
    if "owned_by" in options:
        _owned_by(oid, options["owned_by"][1])
    return "CREATE SEQUENCE"


def _open_sequence(range_var: dict, mode: int, missing_ok: bool = False):
    name, schema = range_var["relname"], range_var.get("schemaname")
    oid = relation_locks.open_relation_oid(name, schema, mode)
    if oid is None:
        if missing_ok:
            notices.emit("00000", f'relation "{name}" does not exist, skipping')
            return None
        raise PgError(UNDEFINED_TABLE, f'relation "{name}" does not exist')
    if cc.class_row(oid).relkind != "S":
        raise PgError(WRONG_OBJECT_TYPE, f'"{name}" is not a sequence')
    return cc.get_relation(oid)


def _identity_table(sequence_oid: int) -> int | None:
    """The table whose identity column owns the sequence (an internal pg_depend row),
    or None."""
    for row in cc.scan_catalog("pg_depend", key=("objid", sequence_oid)):
        if row.objid == sequence_oid and row.classid == 1259 and row.refclassid == 1259 \
                and row.deptype == "i":
            return row.refobjid
    return None


def execute_alter_sequence(node: dict) -> str:
    relation = _open_sequence(node["sequence"], lock_modes.SHARE_ROW_EXCLUSIVE,
                              bool(node.get("missing_ok")))
    if relation is None:
        return "ALTER SEQUENCE"
    object_permissions.check_relation_owner(relation.oid)
    options = _options(node.get("options"))
    if "owned_by" in options:                 # process_owned_by's for_identity test
        table = _identity_table(relation.oid)
        if table is not None:
            raise PgError(FEATURE_NOT_SUPPORTED, "cannot change ownership of identity sequence",
                          detail=f'Sequence "{relation.name}" is linked to table '
                                 f'"{cc.class_row(table).relname}".')
    alter_sequence_options(relation, options)
    return "ALTER SEQUENCE"


def alter_sequence_options(relation, options: dict) -> None:
    """ALTER SEQUENCE's options (also ALTER TABLE ... ALTER COLUMN ... SET for an
    identity column's sequence): new settings, RESTART, OWNED BY."""
    from pgsnake.access.sequence import sequence_page
    from pgsnake.catalog import catalog_writes, invalidation
    row = cc.sequence_row(relation.oid)
    old = SequenceDefinition(row.seqtypid, row.seqstart, row.seqincrement, row.seqmax,
                             row.seqmin, row.seqcache, row.seqcycle)
    new = _definition({k: v for k, v in options.items() if k not in ("restart", "owned_by")}, old)
    if new != old:
        catalog_writes.update_rows(
            "pg_sequence", lambda r: r.seqrelid == relation.oid, seqtypid=new.type_oid,
            seqstart=new.start, seqincrement=new.increment, seqmax=new.max_value,
            seqmin=new.min_value, seqcache=new.cache, seqcycle=new.cycle)
        invalidation.note_catalog_change()
        xact.command_counter_increment()
    _cached.pop(relation.oid, None)
    if "restart" in options:
        given, value = options["restart"]
        value = value if given else new.start
        if value < new.min_value:
            raise PgError(INVALID_PARAMETER_VALUE, f"RESTART value ({value}) cannot be less "
                          f"than MINVALUE ({new.min_value})")
        if value > new.max_value:
            raise PgError(INVALID_PARAMETER_VALUE, f"RESTART value ({value}) cannot be "
                          f"greater than MAXVALUE ({new.max_value})")
        sequence_page.set_value(relation, value, False)
    if "owned_by" in options:
        _owned_by(relation.oid, options["owned_by"][1])
    if relation.persistence == "u" and any(name != "owned_by" for name in options):
        from pgsnake.commands import sequence_persistence
        sequence_persistence.rewrite_unlogged(cc.get_relation(relation.oid))


def identity_options(option_nodes) -> dict:
    """ALTER TABLE ... ALTER COLUMN ... SET options for an identity column's sequence."""
    return _options(option_nodes)


def drop_sequences(node: dict) -> str:
    """DROP SEQUENCE [IF EXISTS] name [, ...] (a DropStmt)."""
    missing_ok = bool(node.get("missing_ok"))
    doomed: list[int] = []
    for obj in node.get("objects", []):
        names = [n["String"]["sval"] for n in obj["List"]["items"]]
        name, schema = names[-1], (names[-2] if len(names) > 1 else None)
        oid = relation_locks.open_relation_oid(name, schema, lock_modes.ACCESS_EXCLUSIVE)
        if oid is None:
            if missing_ok:
                notices.emit("00000", f'sequence "{".".join(names)}" does not exist, skipping')
                continue
            raise PgError(UNDEFINED_TABLE, f'sequence "{".".join(names)}" does not exist')
        row = cc.class_row(oid)
        if row.relkind != "S":
            from pgsnake.catalog.heap_creation import drop_hint
            raise PgError(WRONG_OBJECT_TYPE, f'"{name}" is not a sequence',
                          hint=drop_hint(row.relkind))
        object_permissions.check_relation_drop(oid)
        if oid not in doomed:
            doomed.append(oid)
    if doomed:
        from pgsnake.catalog.dependency import relation
        from pgsnake.commands import dependent_objects
        dependent_objects.drop_dependents(
            [relation(oid) for oid in doomed], node.get("behavior") == "DROP_CASCADE")
    for oid in doomed:
        sequence_creation.drop_sequence(oid)
        _forget(oid)
    return "DROP SEQUENCE"


def _forget(oid: int) -> None:
    global _last_used
    _current.pop(oid, None)
    _cached.pop(oid, None)
    if _last_used == oid:
        _last_used = None


# ---------------------------------------------------------------------------------------
# serial columns


def serial_type(type_name: dict) -> int | None:
    """The integer type of a serial type name, or None."""
    names = [n["String"]["sval"] for n in type_name["names"]]
    if len(names) != 1 or type_name.get("arrayBounds"):
        return None
    return SERIAL_TYPES.get(names[0])


def create_serial_sequence(table_name: str, column: str, namespace_oid: int,
                           type_oid: int, persistence: str = "p") -> tuple[int, str]:
    """The sequence behind a serial column, created before its table: (oid, the
    column's default expression). An unlogged table's (`persistence` 'u') is unlogged."""
    name = index_creation.choose_index_name(table_name, [column], namespace_oid, "seq")
    low, high = _RANGES[type_oid]
    oid = sequence_creation.create_sequence(name, namespace_oid, SequenceDefinition(
        type_oid, 1, 1, high, 1, 1, False), persistence)
    # Qualified, as every stored expression is (rewrite/stored_expressions.stored_text):
    # pg_get_expr prints it back relative to the reader's search_path.
    quoted = (f"{cc.quote_identifier(cc.namespace_name(namespace_oid))}."
              f"{cc.quote_identifier(name)}")
    literal = quoted.replace("'", "''")
    return oid, f"nextval('{literal}'::regclass)"


def create_identity_sequence(table_name: str, column: str, namespace_oid: int,
                             type_oid: int, option_nodes, persistence: str = "p") -> int:
    """The sequence behind GENERATED ... AS IDENTITY [(options)], of the column's type
    (unlogged for an unlogged table: `persistence` 'u')."""
    if type_oid not in _RANGES:
        raise PgError(INVALID_PARAMETER_VALUE,
                      "identity column type must be smallint, integer, or bigint")
    options = _options(option_nodes)
    if "sequence_name" in options:             # SEQUENCE NAME [schema.]name (pg_dump's)
        names = [n["String"]["sval"] for n in options.pop("sequence_name")[1]["List"]["items"]]
        name = names[-1]
        if len(names) > 1:
            namespace_oid = cc.get_namespace_oid(names[-2])
            if namespace_oid is None:
                raise PgError("3F000", f'schema "{names[-2]}" does not exist')
    else:
        name = index_creation.choose_index_name(table_name, [column], namespace_oid, "seq")
    options.pop("as", None)
    definition = _definition(options, None, type_oid)
    return sequence_creation.create_sequence(name, namespace_oid, definition, persistence)


def serial_sequence_name(table: str, column: str) -> str | None:
    """pg_get_serial_sequence: the schema-qualified name of the sequence a serial or
    identity column owns, or NULL."""
    from pgsnake.catalog import sql_functions
    oid = sql_functions.regclass_input(table)
    relation = cc.get_relation(oid)
    attribute = next((a for a in relation.attributes if a.name == column and not a.is_dropped),
                     None)
    if attribute is None:
        raise PgError(UNDEFINED_COLUMN,
                      f'column "{column}" of relation "{relation.name}" does not exist')
    for sequence_oid in sequence_creation.owned_sequences(oid, attribute.attnum):
        row = cc.class_row(sequence_oid)
        return (f"{cc.quote_identifier(cc.namespace_name(row.relnamespace))}."
                f"{cc.quote_identifier(row.relname)}")
    return None


# ---------------------------------------------------------------------------------------
# nextval, currval, setval, lastval


def _sequence_for_call(oid: int, mode: int = lock_modes.ROW_EXCLUSIVE):
    row = cc.class_row(oid)
    if row is None:
        raise PgError(UNDEFINED_TABLE, f"could not open relation with OID {oid}")
    relation_locks.lock_relation_oid(oid, mode)
    if row.relkind != "S":
        raise PgError(WRONG_OBJECT_TYPE, f'"{row.relname}" is not a sequence')
    return cc.get_relation(oid), cc.sequence_row(oid)


def nextval(oid: int, check_privileges: bool = True) -> int:
    global _last_used
    from pgsnake.access.sequence import sequence_page
    relation, row = _sequence_for_call(oid)
    if check_privileges:
        object_permissions.check_sequence(oid, object_permissions.USAGE |
                                          object_permissions.UPDATE)
    if relation.persistence != "t":           # a temporary sequence is this session's
        xact.prevent_command_if_read_only("nextval()")
    cached = _cached.get(oid)
    # Values cached from storage the sequence has since left (ALTER SEQUENCE SET
    # [UN]LOGGED, TRUNCATE ... RESTART IDENTITY) are dropped, as init_sequence does.
    node = relation.locator.relfilenode
    if cached is not None and cached[0] != cached[1] and cached[2] == node:
        value = cached[0] + row.seqincrement      # from this backend's cache
        _cached[oid] = (value, cached[1], node)
    else:
        options = sequence_page.SequenceOptions(row.seqincrement, row.seqmin, row.seqmax,
                                                row.seqcache, row.seqcycle)
        value, last = sequence_page.next_value(relation, options)
        _cached[oid] = (value, last, node)
    _current[oid] = value
    _last_used = oid
    return value


def identity_nextval(oid: int) -> int:
    """An identity column's next value (PostgreSQL's NextValueExpr): no privilege on the
    sequence is needed, INSERT on the table is enough."""
    return nextval(oid, check_privileges=False)


def currval(oid: int) -> int:
    relation, _row = _sequence_for_call(oid, lock_modes.ACCESS_SHARE)
    object_permissions.check_sequence(oid, object_permissions.SELECT | object_permissions.USAGE)
    if oid not in _current:
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                      f'currval of sequence "{relation.name}" is not yet defined in this session')
    return _current[oid]


def discard_sequences() -> None:
    """DISCARD SEQUENCES (and ALL): forget every currval, lastval and cached value, as
    ResetSequenceCaches does."""
    global _last_used
    _current.clear()
    _cached.clear()
    _last_used = None


def lastval() -> int:
    if _last_used is None or cc.class_row(_last_used) is None:
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE, "lastval is not yet defined in this session")
    object_permissions.check_sequence(_last_used, object_permissions.SELECT |
                                      object_permissions.USAGE)
    return _current[_last_used]


def sequence_last_value(oid: int) -> int | None:
    """pg_sequence_last_value: the last value handed out by any session (NULL before
    the first nextval), as the sequence page says."""
    from pgsnake.access.sequence import sequence_page
    relation, _row = _sequence_for_call(oid, lock_modes.ACCESS_SHARE)
    state = sequence_page.read_state(relation)
    return state.last_value if state.is_called else None


def setval(oid: int, value: int, is_called: bool = True) -> int:
    global _last_used
    from pgsnake.access.sequence import sequence_page
    relation, row = _sequence_for_call(oid)
    object_permissions.check_sequence(oid, object_permissions.UPDATE)
    if relation.persistence != "t":
        xact.prevent_command_if_read_only("setval()")
    if not row.seqmin <= value <= row.seqmax:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                      f'setval: value {value} is out of bounds for sequence "{relation.name}" '
                      f'({row.seqmin}..{row.seqmax})')
    sequence_page.set_value(relation, value, is_called)
    _cached.pop(oid, None)
    if is_called:
        _current[oid] = value
        _last_used = oid
    return value


def register_functions() -> None:
    from pgsnake.datatypes import functions
    functions.register("nextval", [REGCLASS], INT8, nextval, oid=1574, volatility="v")
    from pgsnake.parser import modify_analysis          # identity columns' defaults
    modify_analysis.set_identity_nextval(identity_nextval)
    functions.register("currval", [REGCLASS], INT8, currval, oid=1575, volatility="v")
    functions.register("setval", [REGCLASS, INT8], INT8, setval, oid=1576, volatility="v")
    functions.register("setval", [REGCLASS, INT8, BOOL], INT8, setval, oid=1765, volatility="v")
    functions.register("lastval", [], INT8, lastval, oid=2559, volatility="v")
    functions.register("pg_sequence_last_value", [REGCLASS], INT8, sequence_last_value,
                       oid=4032, volatility="v")
    functions.register("pg_get_serial_sequence", [25, 25], 25, serial_sequence_name,
                       oid=1665, volatility="s")


utility_statement.register("CreateSeqStmt", "CREATE SEQUENCE",
                           lambda node, raw: execute_create_sequence(node))
utility_statement.register("AlterSeqStmt", "ALTER SEQUENCE",
                           lambda node, raw: execute_alter_sequence(node))
register_functions()
