"""The large-object functions: lo_creat, lo_create, lo_open, lo_close, loread, lowrite,
lo_lseek[64], lo_tell[64], lo_truncate[64], lo_unlink, lo_import, lo_export, lo_get,
lo_put, lo_from_bytea (the client-side libpq calls, psql's \\lo_import / \\lo_export,
and pg_dump use the same functions through the FunctionCall message).

Descriptors: lo_open returns the lowest free slot number of this backend's table; a
descriptor holds the object, the position and whether it was opened for writing
(INV_WRITE 0x20000) and/or reading (INV_READ 0x40000; writing implies reading). Every
descriptor is closed when its transaction ends (commit or abort), and one opened inside
a savepoint level is closed when that level rolls back; released levels hand theirs to
the parent. lo_unlink closes this transaction's descriptors of the object it drops.

Privileges, as PostgreSQL 15 checks them at open: SELECT on the object to read, UPDATE
to write (42501 "permission denied for large object N"), none at all when
lo_compat_privileges is on; lo_unlink needs ownership (unless lo_compat_privileges).
Superusers pass every check. lo_import / lo_export are EXECUTE-revoked from PUBLIC at
initdb (catalog/initial_privileges.py) and so, in practice, for superusers. PostgreSQL
15 makes no read-only-transaction check in these functions (16 added them).

Where we differ from PostgreSQL: a descriptor opened for reading only reads the object
as the catalog snapshot shows it at each call, not as the snapshot of the lo_open.

Entry point: register_functions(), run at import (commands/__init__.py).

PostgreSQL: libpq/be-fsstubs.c (be_lo_open ... be_lo_put, lo_import_internal,
lo_get_fragment_internal, AtEOXact_LargeObject, AtEOSubXact_LargeObject),
storage/large_object/inv_api.c (inv_open's checks, inv_seek, inv_write's size check).
"""
from __future__ import annotations

import dataclasses
import os

from pgsnake.access.transam import xact
from pgsnake.catalog import acl
from pgsnake.catalog import large_object_storage as los
from pgsnake.utils import process_state, settings
from pgsnake.utils.errors import (INSUFFICIENT_PRIVILEGE, INVALID_PARAMETER_VALUE,
                                  NUMERIC_VALUE_OUT_OF_RANGE,
                                  OBJECT_NOT_IN_PREREQUISITE_STATE, UNDEFINED_OBJECT,
                                  PgError, file_access_error)

INV_WRITE, INV_READ = 0x20000, 0x40000
SEEK_SET, SEEK_CUR, SEEK_END = 0, 1, 2
INT4_MAX = 2147483647
_IMPORT_CHUNK = 8192                       # lo_import reads the file BUFSIZE at a time
_SELECT, _UPDATE = acl.letters_mask("r"), acl.letters_mask("w")


@dataclasses.dataclass
class _Descriptor:
    oid: int
    writable: bool
    readable: bool
    level: int                    # the savepoint level that opened it (0: top)
    offset: int = 0


_descriptors: list[_Descriptor | None] = []


def _at_transaction_end(event: str) -> None:
    if event in ("commit", "abort", "prepare"):
        _descriptors.clear()


def _at_subtransaction_end(event: str, depth: int) -> None:
    for fd, descriptor in enumerate(_descriptors):
        if descriptor is None or descriptor.level < depth:
            continue
        if event == "abort":
            _descriptors[fd] = None
        else:
            descriptor.level = depth - 1


xact.register_callback(_at_transaction_end)
xact.register_subxact_callback(_at_subtransaction_end)


# ---- opening and checking ---------------------------------------------------------------

def _privileges_skipped() -> bool:
    return process_state.is_superuser or bool(settings.get("lo_compat_privileges"))


def _check_privilege(row, wanted: int) -> None:
    user = process_state.user_oid
    current = acl.acl_or_default(row.lomacl, "large object", row.lomowner)
    if acl.acl_mask(current, user, row.lomowner, wanted) != wanted:
        raise PgError(INSUFFICIENT_PRIVILEGE, f"permission denied for large object {row.oid}")


def _open(oid: int, mode: int) -> _Descriptor:
    """inv_open: flags, existence, then SELECT for reading and UPDATE for writing."""
    writable = bool(mode & INV_WRITE)
    readable = writable or bool(mode & INV_READ)
    if not readable:
        raise PgError(INVALID_PARAMETER_VALUE,
                      f"invalid flags for opening a large object: {mode}")
    row = los.metadata_or_error(oid)
    if not _privileges_skipped():
        _check_privilege(row, _SELECT)
        if writable:
            _check_privilege(row, _UPDATE)
    return _Descriptor(oid, writable, readable, xact.subtransaction_depth())


def _descriptor(fd: int) -> _Descriptor:
    if 0 <= fd < len(_descriptors) and _descriptors[fd] is not None:
        return _descriptors[fd]
    raise PgError(UNDEFINED_OBJECT, f"invalid large-object descriptor: {fd}")


def _for_writing(fd: int) -> _Descriptor:
    descriptor = _descriptor(fd)
    if not descriptor.writable:
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                      f"large object descriptor {fd} was not opened for writing")
    return descriptor


def _for_reading(fd: int) -> _Descriptor:
    descriptor = _descriptor(fd)
    if not descriptor.readable:
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                      f"large object descriptor {fd} was not opened for reading")
    return descriptor


def _seek(descriptor: _Descriptor, offset: int, whence: int) -> int:
    """inv_seek."""
    if whence == SEEK_SET:
        target = offset
    elif whence == SEEK_CUR:
        target = descriptor.offset + offset
    elif whence == SEEK_END:
        target = los.size(descriptor.oid) + offset
    else:
        raise PgError(INVALID_PARAMETER_VALUE, f"invalid whence setting: {whence}")
    if target < 0 or target > los.MAX_LARGE_OBJECT_SIZE:
        raise PgError(INVALID_PARAMETER_VALUE, f"invalid large object seek target: {target}")
    descriptor.offset = target
    return target


def _write(descriptor: _Descriptor, data: bytes) -> int:
    """inv_write: the bytes at the position, which moves past them."""
    if not data:
        return 0
    if descriptor.offset + len(data) > los.MAX_LARGE_OBJECT_SIZE:
        raise PgError(INVALID_PARAMETER_VALUE,
                      f"invalid large object write request size: {len(data)}")
    los.write(descriptor.oid, descriptor.offset, data)
    descriptor.offset += len(data)
    return len(data)


def _read(descriptor: _Descriptor, length: int) -> bytes:
    data = los.read(descriptor.oid, descriptor.offset, length)
    descriptor.offset += len(data)
    return data


# ---- the SQL functions ------------------------------------------------------------------

def lo_open(oid: int, mode: int) -> int:
    descriptor = _open(oid, mode)
    for fd, slot in enumerate(_descriptors):
        if slot is None:
            _descriptors[fd] = descriptor
            return fd
    _descriptors.append(descriptor)
    return len(_descriptors) - 1


def lo_close(fd: int) -> int:
    _descriptor(fd)
    _descriptors[fd] = None
    return 0


def loread(fd: int, length: int) -> bytes:
    return _read(_for_reading(fd), max(length, 0))


def lowrite(fd: int, data: bytes) -> int:
    return _write(_for_writing(fd), bytes(data))


def lo_lseek64(fd: int, offset: int, whence: int) -> int:
    return _seek(_descriptor(fd), offset, whence)


def lo_lseek(fd: int, offset: int, whence: int) -> int:
    result = lo_lseek64(fd, offset, whence)
    if result > INT4_MAX:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                      f"lo_lseek result out of range for large-object descriptor {fd}")
    return result


def lo_tell64(fd: int) -> int:
    return _descriptor(fd).offset


def lo_tell(fd: int) -> int:
    result = lo_tell64(fd)
    if result > INT4_MAX:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                      f"lo_tell result out of range for large-object descriptor {fd}")
    return result


def lo_truncate64(fd: int, length: int) -> int:
    descriptor = _for_writing(fd)
    if length < 0 or length > los.MAX_LARGE_OBJECT_SIZE:
        raise PgError(INVALID_PARAMETER_VALUE,
                      f"invalid large object truncation target: {length}")
    los.truncate(descriptor.oid, length)
    return 0


def _owner() -> int:
    return process_state.user_oid


def lo_creat(_mode: int) -> int:
    return los.create(0, _owner())


def lo_create(oid: int) -> int:
    return los.create(oid, _owner())


def lo_unlink(oid: int) -> int:
    check_owner(los.metadata_or_error(oid))
    for fd, descriptor in enumerate(_descriptors):
        if descriptor is not None and descriptor.oid == oid:
            _descriptors[fd] = None
    los.drop(oid)
    return 1


def lo_import(filename: str, oid: int = 0) -> int:
    """lo_import_internal: a new object (oid 0: any OID) holding the server file."""
    try:
        stream = open(filename, "rb")
    except OSError as e:
        raise file_access_error(e, f'could not open server file "{filename}"') from None
    with stream:
        oid = los.create(oid, _owner())
        descriptor = _open(oid, INV_WRITE)
        while True:
            try:
                chunk = stream.read(_IMPORT_CHUNK)
            except OSError as e:
                raise file_access_error(e, f'could not read server file "{filename}"') from None
            if not chunk:
                break
            _write(descriptor, chunk)
    return oid


def lo_export(oid: int, filename: str) -> int:
    """The object written to a new server file (mode 0644, as the umask allows)."""
    descriptor = _open(oid, INV_READ)
    old_umask = os.umask(0o022)
    try:
        fd = os.open(filename, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o644)
    except OSError as e:
        raise file_access_error(e, f'could not create server file "{filename}"') from None
    finally:
        os.umask(old_umask)
    with os.fdopen(fd, "wb") as stream:
        while True:
            chunk = _read(descriptor, _IMPORT_CHUNK)
            if not chunk:
                break
            try:
                stream.write(chunk)
            except OSError as e:
                raise file_access_error(e, f'could not write server file "{filename}"') \
                    from None
    return 1


def _get(oid: int, offset: int, length: int | None) -> bytes:
    """lo_get_fragment_internal: `length` bytes (None: all) from `offset`."""
    descriptor = _open(oid, INV_READ)
    size = los.size(oid)
    if size > offset:
        wanted = size - offset if length is None or length > size - offset else length
    else:
        wanted = 0
    if wanted <= 0:
        return b""
    _seek(descriptor, offset, SEEK_SET)
    return _read(descriptor, wanted)


def lo_get(oid: int) -> bytes:
    return _get(oid, 0, None)


def lo_get_fragment(oid: int, offset: int, length: int) -> bytes:
    if length < 0:
        raise PgError(INVALID_PARAMETER_VALUE, "requested length cannot be negative")
    return _get(oid, offset, length)


def lo_put(oid: int, offset: int, data: bytes) -> str:
    descriptor = _open(oid, INV_WRITE)
    _seek(descriptor, offset, SEEK_SET)
    _write(descriptor, bytes(data))
    return ""                     # void: prints as the empty string, not NULL


def lo_from_bytea(oid: int, data: bytes) -> int:
    oid = los.create(oid, _owner())
    _write(_open(oid, INV_WRITE), bytes(data))
    return oid


def register_functions() -> None:
    from pgsnake.datatypes import functions
    OID, INT4, INT8, BYTEA, TEXT, VOID = 26, 23, 20, 17, 25, 2278
    for name, args, result, fn, oid in (
            ("lo_open", [OID, INT4], INT4, lo_open, 952),
            ("lo_close", [INT4], INT4, lo_close, 953),
            ("loread", [INT4, INT4], BYTEA, loread, 954),
            ("lowrite", [INT4, BYTEA], INT4, lowrite, 955),
            ("lo_lseek", [INT4, INT4, INT4], INT4, lo_lseek, 956),
            ("lo_creat", [INT4], OID, lo_creat, 957),
            ("lo_tell", [INT4], INT4, lo_tell, 958),
            ("lo_unlink", [OID], INT4, lo_unlink, 964),
            ("lo_truncate", [INT4, INT4], INT4, lo_truncate64, 1004),
            ("lo_create", [OID], OID, lo_create, 715),
            ("lo_import", [TEXT], OID, lo_import, 764),
            ("lo_export", [OID, TEXT], INT4, lo_export, 765),
            ("lo_import", [TEXT, OID], OID, lo_import, 767),
            ("lo_lseek64", [INT4, INT8, INT4], INT8, lo_lseek64, 3170),
            ("lo_tell64", [INT4], INT8, lo_tell64, 3171),
            ("lo_truncate64", [INT4, INT8], INT4, lo_truncate64, 3172),
            ("lo_from_bytea", [OID, BYTEA], OID, lo_from_bytea, 3457),
            ("lo_get", [OID], BYTEA, lo_get, 3458),
            ("lo_get", [OID, INT8, INT4], BYTEA, lo_get_fragment, 3459),
            ("lo_put", [OID, INT8, BYTEA], VOID, lo_put, 3460)):
        functions.register(name, args, result, fn, oid=oid, volatility="v")




# ---- large objects named in statements (GRANT, ALTER ... OWNER, COMMENT ON) ------------

def named_oid(node: dict) -> int:
    """The OID a statement's NumericOnly names (oidparse: an integer as an unsigned
    32-bit value, a larger number through oid input)."""
    from pgsnake.datatypes.integers import oid_input
    if "Integer" in node:
        return node["Integer"].get("ival", 0) & 0xFFFFFFFF
    return oid_input(node["Float"]["fval"])


def named_metadata(node: dict):
    """The pg_largeobject_metadata row of the object named, or 42704."""
    return los.metadata_or_error(named_oid(node))


def check_owner(row) -> None:
    """"must be owner of large object N" (ownership checks skip superusers and, for
    large objects, everyone when lo_compat_privileges is on)."""
    if not _privileges_skipped() and not acl.has_privs_of_role(_owner(), row.lomowner):
        raise PgError(INSUFFICIENT_PRIVILEGE, f"must be owner of large object {row.oid}")


register_functions()
