"""ANALYZE [VERBOSE] [table [(column, ...)], ...] and the ANALYZE half of VACUUM ANALYZE:
sample each table, compute per-column statistics, store them in pg_statistic and the
table's size in pg_class, for the planner's selectivity estimates.

Entry points:
    analyze_relation(relation_oid, verbose=False, columns=None, in_vacuum=False)
        analyze one table; safe from any backend-like process (autovacuum workers call it
        with only the OID, in a transaction or not: without one, it runs in its own).
        The caller need not hold a lock: ShareUpdateExclusiveLock is taken here (another
        ANALYZE or VACUUM of the table waits; readers and writers go on). A table
        dropped meanwhile is skipped.
    execute_analyze(node, source_position)  the ANALYZE statement (VacuumStmt without
        is_vacuumcmd), dispatched from commands/vacuum.py
    analyze_targets(node, skip_locked)       (oid, column names) per named table

Steps for one table (do_analyze_rel):
  1. the columns: every live column (or the named ones) whose attstattarget is not 0;
     each gets its target (-1: default_statistics_target) and its type's '=' and '<'
     from the default B-tree operator class;
  2. a sample of 300 x the largest target rows (analyze_sample.py);
  3. per column, column_statistics.py computes null fraction, width, n_distinct, MCVs,
     histogram and correlation; the rows replace the old ones in pg_statistic
     (transactionally: ANALYZE may run inside a transaction block);
  4. pg_class.relpages / reltuples of the table (and, for a plain ANALYZE, reltuples of
     its indexes) are overwritten in place, as VACUUM does;
  5. expression index columns get statistics of their own and partial indexes their
     share of the rows (index_statistics.py);
  6. the table's extended statistics objects are built from the same sample
     (extended_statistics_build.py).

PostgreSQL: commands/analyze.c (analyze_rel, do_analyze_rel, examine_attribute,
update_attstats, std_typanalyze), commands/vacuum.c (vacuum, expand_vacuum_rel,
vac_update_relstats).
"""
from __future__ import annotations

import math

from pgsnake.access import index_am
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import relation_locks, statistic_rows, temp_namespace
from pgsnake.commands import (analyze_sample, column_statistics, element_statistics,
                              extended_statistics_build, index_statistics)
from pgsnake.commands.column_statistics import AnalyzedColumn
from pgsnake.commands.vacuum_targets import lock_named_relation
from pgsnake.datatypes import registry
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.lmgr import lock_modes
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils import notices, process_state, settings
from pgsnake.utils.activity import pgstat
from pgsnake.utils.errors import (DUPLICATE_COLUMN, INVALID_SCHEMA_NAME, SYNTAX_ERROR,
                                  UNDEFINED_COLUMN, PgError)

ANALYZABLE_RELKINDS = ("r", "m")
PG_STATISTIC_OID = 2619
ROWS_PER_TARGET = 300               # std_typanalyze's minrows = 300 x the target
DEFAULT_SAMPLE_ROWS = 100           # when no column is analyzed
BTREE_LESS, BTREE_EQUAL = 1, 3      # B-tree strategy numbers
HASH_ACCESS_METHOD = 405
HASH_EQUAL = 1                      # the hash strategy number
_ANYARRAY, _ANYENUM = 2277, 3500
_ARRAY_TYPANALYZE, _TS_TYPANALYZE = 3816, 3688      # pg_proc oids (pg_type.typanalyze)


# -- which operators sort a type ---------------------------------------------------------

def _default_btree_classes() -> dict[int, tuple[int, int]]:
    """opcintype -> (opfamily, opcintype) of every default B-tree operator class."""
    from pgsnake.catalog import definitions as d
    return {r.opcintype: (r.opcfamily, r.opcintype) for r in cc.scan_catalog("pg_opclass")
            if r.opcmethod == d.BTREE_ACCESS_METHOD and r.opcdefault}


class _SortOperators:
    """'=' and '<' of a type's default B-tree class (get_sort_group_operators), computed
    once per ANALYZE statement."""

    def __init__(self) -> None:
        self._classes = None
        self._amop = None
        self._known: dict[int, tuple[int, int]] = {}
        self._hash_types: set[int] | None = None
        self._hash_classes: dict[int, int] | None = None

    def of(self, type_oid: int) -> tuple[int, int]:
        """(eq, lt) operator OIDs; 0 where the type has none."""
        known = self._known.get(type_oid)
        if known is None:
            known = self._known[type_oid] = self._find(type_oid)
        return known

    def _find(self, type_oid: int) -> tuple[int, int]:
        if self._classes is None:
            self._classes = _default_btree_classes()
            self._amop = {(r.amopfamily, r.amoplefttype, r.amoprighttype, r.amopstrategy):
                          r.amopopr for r in cc.scan_catalog("pg_amop")}
        entry = self._classes.get(type_oid)
        if entry is None:
            type_row = cc.get_type_row(type_oid)
            if type_row is not None:
                if type_row.typtype == "d":
                    return self.of(type_row.typbasetype)
                if type_row.typcategory == "A" and type_row.typelem:
                    entry = self._classes.get(_ANYARRAY)
                    if entry is not None and not self.of(type_row.typelem)[1]:
                        # array_cmp needs the element's order: '=' only (aclitem[])
                        family, input_type = entry
                        has_eq = self.of(type_row.typelem)[0] \
                            or self.hash_equality(type_row.typelem)
                        return (self._amop.get((family, input_type, input_type, BTREE_EQUAL), 0)
                                if has_eq else 0), 0
                elif type_row.typtype == "e":
                    entry = self._classes.get(_ANYENUM)
            if entry is None:
                # A binary-coercible type borrows its target's class (varchar -> text).
                entry = next((self._classes[c.casttarget] for c in cc.scan_catalog("pg_cast")
                              if c.castsource == type_oid and c.castmethod == "b"
                              and c.casttarget in self._classes), None)
        if entry is None:
            return 0, 0
        family, input_type = entry
        return (self._amop.get((family, input_type, input_type, BTREE_EQUAL), 0),
                self._amop.get((family, input_type, input_type, BTREE_LESS), 0))

    def hash_equality(self, type_oid: int) -> int:
        """'=' of the type's default hash class, for a type without a B-tree class
        (xid, cid, aclitem: get_sort_group_operators' eq without lt); 0 if none."""
        self.of(type_oid)                       # (reads pg_amop)
        if self._hash_classes is None:
            self._hash_classes = {r.opcintype: r.opcfamily for r in cc.scan_catalog("pg_opclass")
                                  if r.opcmethod == HASH_ACCESS_METHOD and r.opcdefault}
        input_type = type_oid
        type_row = cc.get_type_row(type_oid)
        while type_row is not None and type_row.typtype == "d":
            input_type = type_row.typbasetype
            type_row = cc.get_type_row(input_type)
        family = self._hash_classes.get(input_type)
        if family is None and type_row is not None and type_row.typtype == "e":
            input_type, family = _ANYENUM, self._hash_classes.get(_ANYENUM)
        if family is None:
            return 0
        return self._amop.get((family, input_type, input_type, HASH_EQUAL), 0)

    def _hashable(self, type_oid: int) -> bool:
        """Whether the type has a default hash operator class (its own, its domain base
        type's, anyenum's, anyarray's or a binary-coercible target's)."""
        if self._hash_types is None:
            self._hash_types = {r.opcintype for r in cc.scan_catalog("pg_opclass")
                                if r.opcmethod == HASH_ACCESS_METHOD and r.opcdefault}
        if type_oid in self._hash_types:
            return True
        type_row = cc.get_type_row(type_oid)
        if type_row is None:
            return False
        if type_row.typtype == "d":
            return self._hashable(type_row.typbasetype)
        if (type_row.typtype == "e" and _ANYENUM in self._hash_types) or (
                type_row.typcategory == "A" and _ANYARRAY in self._hash_types):
            return True
        return any(c.casttarget in self._hash_types for c in cc.scan_catalog("pg_cast")
                   if c.castsource == type_oid and c.castmethod == "b")

    def element_analysis(self, type_oid: int):
        """What the type's typanalyze adds to the standard statistics: ("array",
        element type, element '=') for array_typanalyze when the element type has '=',
        an order and a hash (else None: standard statistics only); ("tsvector",) for
        ts_typanalyze; None for std_typanalyze."""
        type_row = cc.get_type_row(type_oid)
        while type_row is not None and type_row.typtype == "d":
            type_row = cc.get_type_row(type_row.typbasetype)
        if type_row is None:
            return None
        if type_row.typanalyze == _TS_TYPANALYZE:
            return ("tsvector",)
        if type_row.typanalyze != _ARRAY_TYPANALYZE or not type_row.typelem:
            return None
        element_eq, element_lt = self.of(type_row.typelem)
        if not element_eq or not element_lt or not self._hashable(type_row.typelem):
            return None
        return ("array", type_row.typelem, element_eq)


def _width_functions(type_oid: int, typlen: int):
    """(stored width, detoasted width) of a non-NULL value: a varlena has a 1-byte header
    up to 127 bytes and a 4-byte one beyond (heap_tuple.py); its detoasted size always
    counts 4 (toast_raw_datum_size)."""
    if typlen > 0:
        return (lambda value: typlen), (lambda value: typlen)
    pack = registry.get_type(type_oid).pack
    if typlen == -2:
        return (lambda value: len(pack(value)) + 1), (lambda value: len(pack(value)) + 1)

    def stored(value) -> int:
        size = len(pack(value)) + 1
        return size if size <= 127 else size + 3

    return stored, (lambda value: len(pack(value)) + 4)


def _both_widths_function(type_oid: int, typlen: int):
    """_width_functions' two widths from one encoding of the value (None for a
    fixed-width type, whose width is typlen)."""
    if typlen > 0:
        return None
    pack = registry.get_type(type_oid).pack
    if typlen == -2:
        def cstring_widths(value) -> tuple[int, int]:
            size = len(pack(value)) + 1
            return size, size
        return cstring_widths

    def varlena_widths(value) -> tuple[int, int]:
        size = len(pack(value))
        return (size + 1 if size < 127 else size + 4), size + 4
    return varlena_widths


def _n_distinct_option(row) -> float:
    """The column's n_distinct attribute option (0: none)."""
    for text in getattr(row, "attoptions", None) or ():
        name, _, value = text.partition("=")
        if name == "n_distinct":
            return float(value)
    return 0.0


def _analyzed_columns(relation, column_names, operators: _SortOperators) -> list[AnalyzedColumn]:
    rows = {r.attnum: r for r in cc.attribute_rows(relation.oid)}
    default_target = settings.get("default_statistics_target")
    out = []
    for attribute in relation.attributes:
        if attribute.is_dropped:
            continue
        if column_names is not None and attribute.name not in column_names:
            continue
        row = rows.get(attribute.attnum)
        target = row.attstattarget if row is not None else -1
        if target == 0:
            continue
        if target < 0:
            target = default_target
        eq, lt = operators.of(attribute.type_oid)
        if not eq:
            eq = operators.hash_equality(attribute.type_oid)
        stored, raw = _width_functions(attribute.type_oid, attribute.typlen)
        out.append(AnalyzedColumn(
            attribute.attnum, attribute.type_oid, attribute.typlen, target, eq, lt,
            row.attcollation if row is not None else 0, stored, raw,
            _n_distinct_option(row),
            _both_widths_function(attribute.type_oid, attribute.typlen)))
    return out


def _column_stats(column: AnalyzedColumn, values: list, sample_rows: int,
                  total_rows: float, operators: _SortOperators | None = None):
    """The column's statistics by its type's typanalyze: the standard ones, an array's
    with element statistics added, or a tsvector's own."""
    extra = (operators or _SortOperators()).element_analysis(column.type_oid)
    if extra is not None and extra[0] == "tsvector":
        # ts_typanalyze replaces the standard statistics altogether
        stats = element_statistics.compute_tsvector_stats(column, values, sample_rows)
    else:
        stats = _computed_column_stats(column, values, sample_rows, total_rows)
        if extra is not None:
            stats = element_statistics.add_array_element_stats(column, values, stats,
                                                               extra[1], extra[2])
    # ALTER COLUMN ... SET (n_distinct = x) overrides the estimate (do_analyze_rel)
    if column.n_distinct:
        import dataclasses
        stats = dataclasses.replace(stats, distinct=column.n_distinct)
    return stats


def _computed_column_stats(column: AnalyzedColumn, values: list, sample_rows: int,
                           total_rows: float):
    if column.eq_operator and column.lt_operator:
        try:
            return column_statistics.compute_scalar_stats(column, values, sample_rows,
                                                          total_rows)
        except TypeError:
            # Values Python cannot order (an array of a type with '=' but no '<', such
            # as aclitem[], which PostgreSQL's typcache gives no '<' either): '=' only.
            pass
    if column.eq_operator:
        try:
            return column_statistics.compute_distinct_stats(column, values, sample_rows,
                                                            total_rows)
        except TypeError:
            pass                # values Python cannot hash
    return column_statistics.compute_trivial_stats(column, values, sample_rows)


# -- one table ---------------------------------------------------------------------------

def analyze_relation(relation_oid: int, verbose: bool = False, columns=None,
                     in_vacuum: bool = False, operators: _SortOperators | None = None) -> None:
    """Analyze one table (see the module docstring). `columns`: names to analyze (all
    when None). Outside a transaction (an autovacuum worker between tables) the table
    gets a transaction of its own, as PostgreSQL's vacuum() gives each relation."""
    from pgsnake.access.transam import xact
    if cc.in_transaction():
        _analyze_relation(relation_oid, verbose, columns, in_vacuum, operators)
        return
    xact.start_transaction_command()
    try:
        _analyze_relation(relation_oid, verbose, columns, in_vacuum, operators)
    except BaseException:
        xact.abort_current_transaction()
        raise
    xact.commit_transaction_command()


def _analyze_relation(relation_oid: int, verbose: bool, columns, in_vacuum: bool,
                      operators: _SortOperators | None) -> None:
    relation_locks.lock_relation_oid(relation_oid, lock_modes.SHARE_UPDATE_EXCLUSIVE)
    class_row = cc.class_row(relation_oid)
    if class_row is None or class_row.relkind not in ANALYZABLE_RELKINDS:
        return
    if relation_oid == PG_STATISTIC_OID:
        return      # its own rows would be rewritten while being read: never analyzed
    relation = cc.get_relation(relation_oid)
    schema = cc.namespace_name(class_row.relnamespace)
    if verbose:
        notices.emit("00000", f'analyzing "{schema}.{relation.name}"', severity="INFO")
    operators = operators or _SortOperators()
    analyzed = _analyzed_columns(relation, columns, operators)
    target_rows = max([ROWS_PER_TARGET * c.target for c in analyzed], default=0)
    target_rows = max(target_rows, DEFAULT_SAMPLE_ROWS)
    sample = analyze_sample.acquire_sample_rows(relation, target_rows)
    if verbose:
        notices.emit("00000", f'"{relation.name}": scanned {sample.scanned_blocks} of '
                              f'{sample.total_blocks} pages, containing {sample.live_rows:.0f} '
                              f'live rows and {sample.dead_rows:.0f} dead rows; '
                              f'{len(sample.rows)} rows in sample, {sample.total_rows:.0f} '
                              'estimated total rows', severity="INFO")
    if sample.rows:
        stats = [_column_stats(c, values, len(sample.rows), sample.total_rows, operators)
                 for c, values in zip(analyzed, _column_values(sample.rows, analyzed))]
        statistic_rows.store_column_statistics(relation_oid, False, stats)
        extended_statistics_build.build_extended_statistics(relation, analyzed, sample)
    fractions = {}
    if sample.rows and columns is None:         # expression and partial indexes
        fractions = index_statistics.analyze_index_expressions(
            relation, sample, operators or _SortOperators())
    _update_relation_sizes(relation, sample, in_vacuum)
    if not in_vacuum:
        index_statistics.update_partial_index_sizes(relation, fractions, sample.total_rows)
        if process_state.process_kind == "autovacuum worker":
            # amvacuumcleanup with analyze_only: GIN moves its pending list.
            for index_oid in cc.index_oids_of(relation.oid):
                index_am.analyze_cleanup(cc.get_relation(index_oid))
    # pg_stat_user_tables: n_live_tup / n_dead_tup, last_(auto)analyze, and
    # n_mod_since_analyze back to 0 (pgstat_report_analyze)
    pgstat.report_analyze(relation_oid, 0 if class_row.relisshared else process_state.database_oid,
                          int(sample.total_rows), int(sample.total_dead_rows),
                          auto=process_state.process_kind == "autovacuum worker")


def _column_values(rows: list, analyzed: list) -> list[list]:
    """Each analyzed column's values in sample order (None where a row is shorter than
    the table: a column added since it was written), by one transposition."""
    shortest = min(len(row) for row in rows)
    if all(c.attnum <= shortest for c in analyzed):
        columns = list(zip(*rows))
        return [list(columns[c.attnum - 1]) for c in analyzed]
    return [[row[c.attnum - 1] if c.attnum <= len(row) else None for row in rows]
            for c in analyzed]


def _update_relation_sizes(relation, sample, in_vacuum: bool) -> None:
    """vac_update_relstats for the table (and its indexes after a plain ANALYZE): in
    place, not transactional, as PostgreSQL does."""
    from pgsnake.access.heap import vacuum_lazy
    from pgsnake.commands import vacuum
    vacuum._inplace_update("pg_class", relation.oid, dict(
        relpages=sample.total_blocks, reltuples=sample.total_rows,
        relallvisible=vacuum_lazy.all_visible_pages(relation, sample.total_blocks)))
    if in_vacuum:
        return                      # VACUUM has just counted the indexes exactly
    for index_oid in cc.index_oids_of(relation.oid):
        index = cc.get_relation(index_oid)
        index_row = cc.index_row(index_oid)
        if index_row is not None and index_row.indpred is not None:
            continue                # partial: PostgreSQL scales by the fraction matching
        vacuum._inplace_update("pg_class", index_oid, dict(
            relpages=bufmgr.nblocks(index.locator, ForkNumber.MAIN),
            reltuples=float(math.ceil(sample.total_rows))))


# -- the statement -----------------------------------------------------------------------

_OPTIONS = ("verbose", "skip_locked")


def _options(node: dict, source_position) -> dict:
    from pgsnake.commands.vacuum import _boolean
    options = dict(verbose=False, skip_locked=False)
    for wrapped in node.get("options", []):
        element = wrapped["DefElem"]
        name = element["defname"]
        if name not in _OPTIONS:
            raise PgError(SYNTAX_ERROR, f'unrecognized ANALYZE option "{name}"',
                          position=source_position(element.get("location")))
        options[name] = _boolean(name, element)
    return options


def _column_list(relation, names: list[str]) -> list[str]:
    live = {a.name for a in relation.attributes if not a.is_dropped}
    seen: set[str] = set()
    for name in names:
        if name not in live:
            raise PgError(UNDEFINED_COLUMN,
                          f'column "{name}" of relation "{relation.name}" does not exist')
        if name in seen:
            raise PgError(DUPLICATE_COLUMN,
                          f'column "{name}" of relation "{relation.name}" appears more '
                          'than once')
        seen.add(name)
    return names


def analyze_targets(node: dict, skip_locked: bool) -> list[tuple[int, list | None]]:
    """(oid, column names or None) of every table to analyze, each locked SHARE UPDATE
    EXCLUSIVE; every table and materialised view of the database when none is named."""
    mode = lock_modes.SHARE_UPDATE_EXCLUSIVE
    rels = node.get("rels")
    out: list[tuple[int, list | None]] = []
    if not rels:
        for row in cc.scan_catalog("pg_class"):
            if row.relkind in ANALYZABLE_RELKINDS and (
                    row.relpersistence != "t"
                    or temp_namespace.is_my_temp_namespace(row.relnamespace)):
                out.append((row.oid, None))     # (not other sessions' temporary tables)
        return out
    for wrapped in rels:
        vacuum_relation = wrapped["VacuumRelation"]
        range_var = vacuum_relation["relation"]
        name, schema = range_var["relname"], range_var.get("schemaname")
        if schema is not None and cc.get_namespace_oid(schema) is None:
            raise PgError(INVALID_SCHEMA_NAME, f'schema "{schema}" does not exist')
        oid = lock_named_relation(range_var, mode, skip_locked, "analyze")
        if oid is None:
            continue
        relation = cc.get_relation(oid)
        names = [c["String"]["sval"] for c in vacuum_relation.get("va_cols", [])]
        if relation.relkind == "p":     # a partitioned table: its partitions
            from pgsnake.catalog import partition_bounds
            for child in partition_bounds.all_descendants(oid):
                child_relation = cc.get_relation(child)
                if child_relation.relkind != "p":
                    out.append((child, _column_list(child_relation, names) if names else None))
            continue
        if relation.relkind not in ANALYZABLE_RELKINDS:
            notices.emit("01000", f'skipping "{name}" --- cannot analyze non-tables or '
                                  'special system tables', severity="WARNING")
            continue
        if relation.persistence == "t" and relation.locator.backend != \
                temp_namespace.backend_id():
            continue            # another session's temporary table: silently skipped
        out.append((oid, _column_list(relation, names) if names else None))
    return out


def analyze_every_table() -> None:
    """ANALYZE of every table of this database in one transaction (initdb's vacuum_db
    in template1: the catalogs' statistics before any database is copied from it)."""
    from pgsnake.access.transam import xact
    xact.start_transaction_command()
    try:
        operators = _SortOperators()
        for oid, columns in analyze_targets({}, skip_locked=False):
            analyze_relation(oid, columns=columns, operators=operators)
    except BaseException:
        xact.abort_current_transaction()
        raise
    xact.commit_transaction_command()


def execute_analyze(node: dict, source_position) -> str:
    options = _options(node, source_position)
    operators = _SortOperators()
    for oid, columns in analyze_targets(node, options["skip_locked"]):
        analyze_relation(oid, options["verbose"], columns, operators=operators)
    return "ANALYZE"


# -- ALTER TABLE ... ALTER COLUMN ... SET STATISTICS --------------------------------------

MAX_STATISTICS_TARGET = 10000


def set_statistics_target(relation, attribute, definition: dict) -> None:
    """attstattarget of one column: -1 the default, 0 not analyzed, else the number of
    MCVs and histogram bins (and 300x that many sampled rows); at most 10000."""
    from pgsnake.access.transam import xact
    from pgsnake.catalog import catalog_writes, invalidation
    from pgsnake.utils.errors import INVALID_PARAMETER_VALUE
    target = definition.get("Integer", {}).get("ival", 0)
    if target < -1:
        raise PgError(INVALID_PARAMETER_VALUE, f"statistics target {target} is too low")
    if target > MAX_STATISTICS_TARGET:
        target = MAX_STATISTICS_TARGET
        notices.emit("01000", f"lowering statistics target to {target}", severity="WARNING")
    catalog_writes.update_rows(
        "pg_attribute", lambda row: row.attrelid == relation.oid
        and row.attnum == attribute.attnum, attstattarget=target)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
