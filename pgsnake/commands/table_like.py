"""CREATE TABLE ... (LIKE source [INCLUDING | EXCLUDING option ...]).

A LIKE clause stands for the source's columns at its place in the column list: each
becomes a column definition of the same name, type, collation and NOT NULL, with, as
the options ask, its DEFAULT (DEFAULTS), generation expression (GENERATED), identity
with the source sequence's settings (IDENTITY); CONSTRAINTS brings the CHECK
constraints under their own names. These are written as SQL and parsed, so that they
go through CREATE TABLE's own checks (a clash with another column is 42701 "specified
more than once"). What needs the new table is done once it exists: INDEXES makes the
source's indexes and its PRIMARY KEY / UNIQUE / EXCLUDE constraints with names chosen
for the new table, STORAGE and COMPRESSION copy the column settings, COMMENTS the
column and CHECK constraint comments (and those of the indexes and statistics objects
copied), STATISTICS the statistics objects (new names chosen).

Entry point: expand(elements, source) -> (elements, after_create(heap_oid)).

Where we differ: the copied indexes and key constraints are made after the table (in
PostgreSQL with it), so their OIDs follow the CHECK constraints'; no privilege on the
source is checked.

PostgreSQL: parser/parse_utilcmd.c (transformTableLikeClause, expandTableLikeClause,
generateClonedIndexStmt, generateClonedExtStatsStmt).
"""
from __future__ import annotations

import re

from pgsnake.catalog import catalog_cache as cc
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils.errors import PgError

COMMENTS, COMPRESSION, CONSTRAINTS, DEFAULTS = 1, 2, 4, 8
GENERATED, IDENTITY, INDEXES, STATISTICS, STORAGE = 16, 32, 64, 128, 256
_KINDS = ("r", "v", "m", "c", "f", "p")


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _open_source(range_var: dict, source):
    from pgsnake.catalog import relation_locks
    name, schema = range_var["relname"], range_var.get("schemaname")
    oid = relation_locks.open_relation_oid(name, schema, lock_modes.ACCESS_SHARE)
    if oid is None:
        shown = f"{schema}.{name}" if schema else name
        raise PgError("42P01", f'relation "{shown}" does not exist',
                      position=None if source is None
                      else source.position(range_var.get("location")))
    row = cc.class_row(oid)
    if row.relkind not in _KINDS:          # errdetail_relkind_not_supported
        from pgsnake.catalog.relation_kinds import unsupported_detail
        raise PgError("42809", f'relation "{name}" is invalid in LIKE clause',
                      detail=unsupported_detail(row.relkind),
                      position=None if source is None
                      else source.position(range_var.get("location")))
    return cc.get_relation(oid)


def _query(sql: str) -> list:
    from pgsnake.executor import spi
    return spi.execute(sql).rows


def _column_texts(relation, options: int) -> list[str]:
    rows = _query(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
        "a.attcollation <> t.typcollation AND a.attcollation <> 0, "
        "a.attcollation::regcollation::text, a.attidentity, a.attgenerated, "
        "pg_get_expr(d.adbin, d.adrelid), pg_get_serial_sequence("
        f"{_quote_literal(_qualified(relation))}, a.attname) "
        "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
        "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        f"WHERE a.attrelid = {relation.oid} AND a.attnum > 0 AND NOT a.attisdropped "
        "ORDER BY a.attnum")
    out = []
    for name, type_text, not_null, own_collation, collation, identity, generated, \
            default, sequence in rows:
        parts = [cc.quote_identifier(name), type_text]
        if own_collation:
            parts.append(f"COLLATE {collation}")
        if not_null:
            parts.append("NOT NULL")
        if generated and options & GENERATED:
            parts.append(f"GENERATED ALWAYS AS ({default}) STORED")
        elif identity and options & IDENTITY and sequence is not None:
            parts.append(f"GENERATED {'ALWAYS' if identity == 'a' else 'BY DEFAULT'} AS "
                         f"IDENTITY ({_sequence_options(sequence)})")
        elif default is not None and not generated and not identity and options & DEFAULTS:
            parts.append(f"DEFAULT {default}")
        out.append(" ".join(parts))
    return out


def _sequence_options(sequence: str) -> str:
    (start, increment, low, high, cache, cycle), = _query(
        "SELECT seqstart, seqincrement, seqmin, seqmax, seqcache, seqcycle FROM pg_sequence "
        f"WHERE seqrelid = {_quote_literal(sequence)}::regclass")
    return (f"START WITH {start} INCREMENT BY {increment} MINVALUE {low} MAXVALUE {high} "
            f"CACHE {cache} {'CYCLE' if cycle else 'NO CYCLE'}")


def _qualified(relation) -> str:
    return f"{cc.quote_identifier(relation.namespace_name)}.{cc.quote_identifier(relation.name)}"


def _check_texts(relation) -> list[str]:
    return [f"CONSTRAINT {cc.quote_identifier(name)} {definition}".removesuffix(" NOT VALID")
            for name, definition in _query(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                f"WHERE conrelid = {relation.oid} AND contype = 'c' ORDER BY conname")]


def expand(elements: list, source=None):
    """The table elements with every LIKE clause expanded, and what to do once the
    table exists (after_create(heap_oid))."""
    from pgsnake.parser import raw_parser
    if not any("TableLikeClause" in e for e in elements):
        return elements, lambda heap_oid: None
    out, pending = [], []
    for wrapped in elements:
        if "TableLikeClause" not in wrapped:
            out.append(wrapped)
            continue
        clause = wrapped["TableLikeClause"]
        options = clause.get("options", 0)
        relation = _open_source(clause["relation"], source)
        texts = _column_texts(relation, options)
        if options & CONSTRAINTS:
            texts += _check_texts(relation)
        if texts:
            (statement,) = raw_parser.parse_sql(f"CREATE TABLE x ({', '.join(texts)})")
            columns = statement.node["CreateStmt"]["tableElts"]
            if options & STORAGE:      # ColumnDef.storage, which MergeAttributes compares
                storage = {a.name: a.storage for a in relation.attributes if not a.is_dropped}
                for element in columns:
                    column = element.get("ColumnDef")
                    if column is not None and column["colname"] in storage:
                        column["storage"] = storage[column["colname"]]
            out.extend(columns)
        pending.append((relation, options))

    def after_create(heap_oid: int) -> None:
        for relation, options in pending:
            _copy_after(relation, options, cc.get_relation(heap_oid))
    return out, after_create


def _copy_after(relation, options: int, table) -> None:
    from pgsnake.executor import spi
    target = _qualified(table)
    if options & INDEXES:
        for index_oid in cc.index_oids_of(relation.oid):
            before = set(cc.index_oids_of(table.oid))
            _copy_index(index_oid, target)
            if options & COMMENTS:           # the source index's comment goes with it
                for new_oid in set(cc.index_oids_of(table.oid)) - before:
                    _copy_description(index_oid, "pg_class", "INDEX",
                                      _qualified(cc.get_relation(new_oid)))
    if options & (STORAGE | COMPRESSION):
        for name, storage, default_storage, compression in _query(
                "SELECT a.attname, a.attstorage, t.typstorage, a.attcompression "
                "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                f"WHERE a.attrelid = {relation.oid} AND a.attnum > 0 AND NOT a.attisdropped "
                "ORDER BY a.attnum"):
            column = cc.quote_identifier(name)
            if options & STORAGE and storage != default_storage:
                word = {"p": "PLAIN", "e": "EXTERNAL", "m": "MAIN", "x": "EXTENDED"}[storage]
                spi.execute(f"ALTER TABLE {target} ALTER COLUMN {column} SET STORAGE {word}")
            if options & COMPRESSION and compression:
                method = {"p": "pglz", "l": "lz4"}[compression]
                spi.execute(f"ALTER TABLE {target} ALTER COLUMN {column} "
                            f"SET COMPRESSION {method}")
    if options & COMMENTS:
        _copy_comments(relation, options, table, target)
    if options & STATISTICS:
        for oid, definition, columns, expressions in _query(
                "SELECT s.oid, pg_get_statisticsobjdef(s.oid), ARRAY(SELECT a.attname FROM "
                "pg_attribute a WHERE a.attrelid = s.stxrelid AND a.attnum = ANY (s.stxkeys) "
                "ORDER BY a.attnum), s.stxexprs IS NOT NULL FROM pg_statistic_ext s "
                f"WHERE s.stxrelid = {relation.oid} ORDER BY s.oid"):
            # CREATE STATISTICS name (kinds) ON ... FROM source, under a name chosen for
            # the new table (ChooseExtendedStatisticName)
            found = re.match(r"CREATE STATISTICS \S+ (.*) FROM \S+$", definition, re.DOTALL)
            if found is None:
                continue
            parts = list(columns or ()) + (["expr"] if expressions else [])
            name = _statistics_name(table, "_".join(parts))
            spi.execute(f"CREATE STATISTICS {cc.quote_identifier(name)} {found.group(1)} "
                        f"FROM {target}")
            if options & COMMENTS:
                _copy_description(oid, "pg_statistic_ext", "STATISTICS",
                                  f"{cc.quote_identifier(table.namespace_name)}."
                                  f"{cc.quote_identifier(name)}")


def _copy_description(source_oid: int, catalog: str, kind: str, target: str) -> None:
    """COMMENT ON kind target IS (the source object's comment), if it has one."""
    from pgsnake.executor import spi
    for (text,) in _query(f"SELECT obj_description({source_oid}, '{catalog}') "
                          f"WHERE obj_description({source_oid}, '{catalog}') IS NOT NULL"):
        spi.execute(f"COMMENT ON {kind} {target} IS {_quote_literal(text)}")


def _statistics_name(table, addition: str) -> str:
    from pgsnake.catalog import extended_statistics as es
    from pgsnake.catalog.object_names import make_object_name
    counter = 0
    while True:
        name = make_object_name(table.name, addition, "stat" if not counter
                                else f"stat{counter}")
        if es.row_in(table.namespace_oid, name) is None:
            return name
        counter += 1


def _copy_index(index_oid: int, target: str) -> None:
    """One index of the source: a key or exclusion constraint's as ADD CONSTRAINT, a
    plain one as CREATE INDEX, both without a name (ChooseIndexName for the new table)."""
    from pgsnake.executor import spi
    constraint = _query("SELECT pg_get_constraintdef(c.oid), c.contype, t.relkind, t.relname "
                        f"FROM pg_constraint c, pg_class t WHERE c.conindid = {index_oid} "
                        f"AND c.contype IN ('p', 'u', 'x') AND t.oid = '{target}'::regclass")
    if constraint:
        definition, contype, relkind, relname = constraint[0]
        if contype == "x" and relkind == "p":
            # PostgreSQL copies it through DefineIndex, whose refusal this is (ALTER
            # TABLE's is transformIndexConstraint's other wording)
            raise PgError("0A000", "cannot create exclusion constraints on partitioned "
                                   f'table "{relname}"')
        spi.execute(f"ALTER TABLE {target} ADD {definition}")
        return
    (definition,), = _query(f"SELECT pg_get_indexdef({index_oid})")
    found = re.match(r"CREATE (UNIQUE )?INDEX \S+ ON (?:ONLY )?\S+ (USING .*)$", definition,
                     re.DOTALL)
    if found is not None:
        spi.execute(f"CREATE {found.group(1) or ''}INDEX ON {target} {found.group(2)}")


def _copy_comments(relation, options: int, table, target: str) -> None:
    from pgsnake.executor import spi
    for name, text in _query(
            "SELECT a.attname, col_description(a.attrelid, a.attnum) FROM pg_attribute a "
            f"WHERE a.attrelid = {relation.oid} AND a.attnum > 0 AND NOT a.attisdropped "
            "AND col_description(a.attrelid, a.attnum) IS NOT NULL ORDER BY a.attnum"):
        spi.execute(f"COMMENT ON COLUMN {target}.{cc.quote_identifier(name)} IS "
                    f"{_quote_literal(text)}")
    if options & CONSTRAINTS:
        for name, text in _query(
                "SELECT conname, obj_description(oid, 'pg_constraint') FROM pg_constraint "
                f"WHERE conrelid = {relation.oid} AND contype = 'c' "
                "AND obj_description(oid, 'pg_constraint') IS NOT NULL"):
            spi.execute(f"COMMENT ON CONSTRAINT {cc.quote_identifier(name)} ON {target} IS "
                        f"{_quote_literal(text)}")
