"""Database object size functions: pg_relation_size, pg_table_size, pg_indexes_size,
pg_total_relation_size, pg_database_size, pg_tablespace_size, pg_relation_filenode,
pg_filenode_relation, pg_size_pretty and pg_size_bytes.

A relation's size is its files' length (blocks x 8 kB per fork, as smgr sees them);
a table's size counts its main fork and its free space and visibility map forks (and
its TOAST table when it has one); the total adds its indexes. A relation that does not
exist gives NULL, as in PostgreSQL.

Entry point: register_all().

PostgreSQL: utils/adt/dbsize.c.
"""
from __future__ import annotations

import os

from pgsnake.catalog import catalog_cache as cc
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, NUMERIC_VALUE_OUT_OF_RANGE, PgError

INT8, TEXT, OID, NUMERIC, REGCLASS, NAME = 20, 25, 26, 1700, 2205, 19
UNDEFINED_DATABASE = "3D000"
BLOCK_SIZE = 8192
_PG_READ_ALL_STATS = 3375
_FORKS = {"main": 0, "fsm": 1, "vm": 2, "init": 3}


def _fork_bytes(oid: int, fork: int) -> int:
    from pgsnake.storage.smgr import storage_manager as smgr
    relation = cc.get_relation(oid)
    if not smgr.exists(relation.locator, fork):
        return 0
    return smgr.nblocks(relation.locator, fork) * BLOCK_SIZE


def relation_size(oid: int, fork: str = "main") -> int | None:
    if fork not in _FORKS:
        raise PgError(INVALID_PARAMETER_VALUE, "invalid fork name",
                      hint='Valid fork names are "main", "fsm", "vm", and "init".')
    if cc.class_row(oid) is None:
        return None
    return _fork_bytes(oid, _FORKS[fork])


def _all_forks(oid: int) -> int:
    return sum(_fork_bytes(oid, fork) for fork in (0, 1, 2, 3))


def table_size(oid: int) -> int | None:
    """Every fork of the relation, plus its TOAST table's and that table's index's
    (calculate_table_size)."""
    row = cc.class_row(oid)
    if row is None:
        return None
    size = _all_forks(oid)
    if row.reltoastrelid and cc.class_row(row.reltoastrelid) is not None:
        size += _all_forks(row.reltoastrelid)
        size += sum(_all_forks(index_oid) for index_oid in cc.index_oids_of(row.reltoastrelid))
    return size


def indexes_size(oid: int) -> int | None:
    if cc.class_row(oid) is None:
        return None
    return sum(_all_forks(index_oid) for index_oid in cc.index_oids_of(oid))


def total_relation_size(oid: int) -> int | None:
    if cc.class_row(oid) is None:
        return None
    return table_size(oid) + indexes_size(oid)


def _directory_bytes(path: str) -> int:
    """The files under `path` (missing files, removed meanwhile, count nothing)."""
    total = 0
    for directory, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.stat(os.path.join(directory, name)).st_size
            except FileNotFoundError:
                pass
    return total


def database_size(database) -> int | None:
    """pg_database_size(name | oid): its directory under base/ (pgsnake has only the
    default tablespace). A name that is no database is 3D000; an oid gives NULL."""
    if isinstance(database, str):
        row = cc.lookup_database(database)
        if row is None:
            raise PgError(UNDEFINED_DATABASE, f'database "{database}" does not exist')
        oid = row.oid
    else:
        oid = database
        if not any(r.oid == oid for r in cc.scan_catalog("pg_database")):
            return None
    return _directory_bytes(f"base/{oid}")


def _tablespace_directory(oid: int) -> str:
    if oid == 1663:
        return "base"
    if oid == 1664:
        return "global"
    from pgsnake.storage.smgr.relation_path import TABLESPACE_VERSION_DIRECTORY
    return f"pg_tblspc/{oid}/{TABLESPACE_VERSION_DIRECTORY}"


def tablespace_size(tablespace) -> int | None:
    """pg_tablespace_size(name | oid): the files of its directory and of each directory
    in it (a database's), the directories' own sizes included, as calculate_tablespace_size
    adds them; NULL for an OID without a directory, 42704 for an unknown name. Outside
    the current database's tablespace it needs CREATE on the tablespace or the privileges
    of pg_read_all_stats."""
    from pgsnake.catalog import acl
    from pgsnake.utils import process_state
    rows = cc.scan_catalog("pg_tablespace")
    if isinstance(tablespace, str):
        row = next((r for r in rows if r.spcname == tablespace), None)
        if row is None:
            raise PgError("42704", f'tablespace "{tablespace}" does not exist')
        oid = row.oid
    else:
        oid = tablespace
        row = next((r for r in rows if r.oid == oid), None)
    database_tablespace = 1663
    if oid != database_tablespace and not acl.has_privs_of_role(process_state.user_oid,
                                                                _PG_READ_ALL_STATS):
        if row is None or not acl.acl_mask(acl.acl_or_default(row.spcacl, "tablespace",
                                                              row.spcowner),
                                           process_state.user_oid, row.spcowner,
                                           acl.letters_mask("C")):
            name = row.spcname if row is not None else str(oid)
            raise PgError("42501", f"permission denied for tablespace {name}")
    directory = _tablespace_directory(oid)
    try:
        entries = os.listdir(directory)
    except OSError:
        return None
    total = 0
    for entry in entries:
        path = os.path.join(directory, entry)
        try:
            status = os.stat(path)
        except FileNotFoundError:
            continue
        if os.path.isdir(path):
            total += _directory_files(path)
        total += status.st_size
    return total


def _directory_files(path: str) -> int:
    """db_dir_size: the entries directly in `path` (not below), whatever they are."""
    total = 0
    for entry in os.listdir(path):
        try:
            total += os.stat(os.path.join(path, entry)).st_size
        except FileNotFoundError:
            pass
    return total


def tablespace_location(oid: int) -> str | None:
    """pg_tablespace_location: '' for the built-in tablespaces (inside the data
    directory), else where pg_tblspc/<oid> points; NULL for no such link."""
    if oid in (0, 1663, 1664):
        return ""
    try:
        return os.readlink(f"pg_tblspc/{oid}")
    except OSError:
        return None


# RELKIND_HAS_STORAGE: the relation kinds with files (a partitioned table or index
# keeps an empty file in pgsnake, none in PostgreSQL: NULL as there).
STORAGE_RELKINDS = ("r", "i", "S", "t", "m")


def relation_filenode(oid: int) -> int | None:
    """pg_relation_filenode: pg_class.relfilenode, or the relation map's for a mapped
    relation (relfilenode 0); NULL for a relation without storage."""
    row = cc.class_row(oid)
    if row is None or row.relkind not in STORAGE_RELKINDS:
        return None
    if row.relfilenode:
        return row.relfilenode
    from pgsnake.catalog import relation_map
    if not relation_map.is_mapped(oid):
        return None
    return relation_map.filenode(oid, row.relisshared)


def filenode_relation(tablespace: int, filenode: int) -> int | None:
    """pg_filenode_relation (RelidByRelfilenumber): the relation of this database (or a
    shared one) whose file is `filenode` in `tablespace` (0 or 1663: the database's
    default), through pg_class or, for mapped relations, the relation map; NULL when
    none."""
    from pgsnake.catalog import relation_map
    from pgsnake.storage.smgr.relation_path import DEFAULT_TABLESPACE_OID, GLOBAL_TABLESPACE_OID
    if tablespace == DEFAULT_TABLESPACE_OID:
        tablespace = 0
    if not filenode:
        return None
    if tablespace == GLOBAL_TABLESPACE_OID:
        return relation_map.relation_for_filenode(filenode, True)
    for row in cc.scan_catalog("pg_class"):
        if row.relfilenode == filenode and row.reltablespace == tablespace and \
                row.relkind in STORAGE_RELKINDS:
            return row.oid
    if tablespace == 0:
        return relation_map.relation_for_filenode(filenode, False)
    return None


# (name, use it below this absolute value, half-rounded, log2 of its size in bytes)
_PRETTY_UNITS = (("bytes", 10 * 1024, False, 0), ("kB", 20 * 1024 - 1, True, 10),
                 ("MB", 20 * 1024 - 1, True, 20), ("GB", 20 * 1024 - 1, True, 30),
                 ("TB", 20 * 1024 - 1, True, 40), ("PB", 20 * 1024 - 1, True, 50))


def size_pretty(size) -> str:
    """Bytes below 10 kB; above, the first unit that keeps the number below 20479,
    half-rounded away from zero. Each step divides, truncating toward zero (not an
    arithmetic shift), so a negative size prints as its positive one with a minus; one
    extra bit is kept going to a half-rounded unit. A numeric's bytes keep their
    fraction ("10.5 bytes"). dbsize.c's pg_size_pretty and pg_size_pretty_numeric."""
    from pgsnake.datatypes.numeric import numeric_output
    for position, (name, limit, rounded, bits) in enumerate(_PRETTY_UNITS):
        last = position == len(_PRETTY_UNITS) - 1
        if last or abs(size) < limit:
            if rounded:
                size = _truncated_divide(size + (-1 if size < 0 else 1), 2)
            return f"{size if isinstance(size, int) else numeric_output(size)} {name}"
        following = _PRETTY_UNITS[position + 1]
        size = _truncated_divide(size, 1 << (following[3] - bits - following[2] + rounded))
    raise AssertionError("unreachable")


def _truncated_divide(value, divisor: int) -> int:
    """C's integer division of a (possibly fractional numeric) value: toward zero."""
    whole = abs(int(value)) // divisor        # int() truncates a Decimal toward zero
    return -whole if value < 0 else whole


_SPACE = " \t\n\v\f\r"                        # C isspace


def size_bytes(text: str) -> int:
    """pg_size_bytes: a number (sign, digits, fraction, exponent) then an optional unit
    (bytes, kB, MB, GB, TB, PB, any case), as bytes rounded to a bigint."""
    from decimal import ROUND_HALF_UP, Decimal
    from pgsnake.datatypes.numeric import numeric_input
    position = len(text) - len(text.lstrip(_SPACE))
    start = end = position
    if end < len(text) and text[end] in "+-":
        end += 1
    digits_at = end
    while end < len(text) and text[end].isdigit() and text[end].isascii():
        end += 1
    have_digits = end > digits_at
    if end < len(text) and text[end] == ".":
        end += 1
        fraction_at = end
        while end < len(text) and text[end].isdigit() and text[end].isascii():
            end += 1
        have_digits = have_digits or end > fraction_at
    if not have_digits:
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid size: "{text}"')
    if end < len(text) and text[end] in "eE":
        # strtol's exponent; anything else after the E is left for the unit
        at = end + 1
        while at < len(text) and text[at] in _SPACE:
            at += 1
        if at < len(text) and text[at] in "+-":
            at += 1
        exponent_digits = at
        while at < len(text) and text[at].isdigit() and text[at].isascii():
            at += 1
        if at > exponent_digits:
            end = at
    number = numeric_input(text[start:end])
    unit = text[end:].strip(_SPACE)
    if unit:
        found = next((u for u in _PRETTY_UNITS if u[0].lower() == unit.lower()), None)
        if found is None:
            raise PgError(INVALID_PARAMETER_VALUE, f'invalid size: "{text}"',
                          detail=f'Invalid size unit: "{unit}".',
                          hint='Valid units are "bytes", "kB", "MB", "GB", "TB", and "PB".')
        number = number * (1 << found[3])
    result = int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP)) \
        if abs(number) < Decimal(2) ** 64 else 2 ** 64
    if not -2 ** 63 <= result < 2 ** 63:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "bigint out of range")
    return result


def register_all() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_relation_size", [REGCLASS], INT8, relation_size, oid=2325,
                       volatility="v")
    functions.register("pg_relation_size", [REGCLASS, TEXT], INT8, relation_size, oid=2332,
                       volatility="v")
    functions.register("pg_table_size", [REGCLASS], INT8, table_size, oid=2997, volatility="v")
    functions.register("pg_indexes_size", [REGCLASS], INT8, indexes_size, oid=2998,
                       volatility="v")
    functions.register("pg_total_relation_size", [REGCLASS], INT8, total_relation_size,
                       oid=2286, volatility="v")
    functions.register("pg_relation_filenode", [REGCLASS], OID, relation_filenode, oid=2999,
                       volatility="s")
    functions.register("pg_filenode_relation", [OID, OID], REGCLASS, filenode_relation,
                       oid=3454, volatility="s")
    functions.register("pg_database_size", [NAME], INT8, database_size, oid=2168,
                       volatility="v")
    functions.register("pg_database_size", [OID], INT8, database_size, oid=2324,
                       volatility="v")
    functions.register("pg_tablespace_location", [OID], TEXT, tablespace_location,
                       oid=3778, volatility="s")
    functions.register("pg_size_pretty", [INT8], TEXT, size_pretty, oid=2288, volatility="i")
    functions.register("pg_size_bytes", [TEXT], INT8, size_bytes, oid=3334, volatility="i")
    functions.register("pg_tablespace_size", [OID], INT8, tablespace_size, oid=2322,
                       volatility="v")
    functions.register("pg_tablespace_size", [NAME], INT8, tablespace_size, oid=2323,
                       volatility="v")
    functions.register("pg_size_pretty", [NUMERIC], TEXT, size_pretty, oid=3166, volatility="i")
