# Proves utils/errors.py's errcode_for_file_access() gives PostgreSQL 15's SQLSTATE for each
# errno (elog.c's table: ENOSPC 53100, EIO 58030, ENOENT 58P01, EACCES 42501, ...; any
# other errno XX000) and that file_access_error() builds PostgreSQL's "<message>: %m" text
# with the right severity class. The table is PostgreSQL's source (the oracle cannot be
# asked for an errno mapping); the SQLSTATE names are checked against errcodes.txt.
from __future__ import annotations

import errno
import os

import pytest

from pgsnake.utils.errors import (FatalError, PanicError, PgError, errcode_for_file_access,
                                  file_access_error)

# errno -> the ERRCODE_* name PostgreSQL 15's errcode_for_file_access() uses.
POSTGRES_TABLE = {
    errno.EPERM: ("42501", "insufficient_privilege"),
    errno.EACCES: ("42501", "insufficient_privilege"),
    errno.EROFS: ("42501", "insufficient_privilege"),
    errno.ENOENT: ("58P01", "undefined_file"),
    errno.EEXIST: ("58P02", "duplicate_file"),
    errno.ENOTDIR: ("42809", "wrong_object_type"),
    errno.EISDIR: ("42809", "wrong_object_type"),
    errno.ENOTEMPTY: ("42809", "wrong_object_type"),
    errno.ENOSPC: ("53100", "disk_full"),
    errno.ENFILE: ("53000", "insufficient_resources"),
    errno.EMFILE: ("53000", "insufficient_resources"),
    errno.EIO: ("58030", "io_error"),
}


@pytest.mark.parametrize("number", sorted(POSTGRES_TABLE))
def test_errno_to_sqlstate(number):
    assert errcode_for_file_access(number) == POSTGRES_TABLE[number][0]
    assert errcode_for_file_access(OSError(number, os.strerror(number))) == POSTGRES_TABLE[number][0]


def test_anything_else_is_internal_error():
    for number in (errno.EINVAL, errno.EBADF, errno.ENOMEM, 0):
        assert errcode_for_file_access(number) == "XX000"
    assert errcode_for_file_access(None) == "XX000"


def test_sqlstate_names_agree_with_errcodes_txt():
    path = "/usr/share/postgresql/15/errcodes.txt"
    if not os.path.exists(path):
        pytest.skip("errcodes.txt of PostgreSQL 15 not installed")
    names = {}
    with open(path) as f:
        for line in f:
            fields = line.split()
            if len(fields) == 4 and len(fields[0]) == 5:
                names[fields[3]] = fields[0]
    for sqlstate, name in POSTGRES_TABLE.values():
        assert names[name] == sqlstate


def test_file_access_error_text_and_severity():
    e = file_access_error(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)),
                          'could not extend file "base/5/1"', hint="Check free disk space.")
    assert type(e) is PgError and e.severity == "ERROR"
    assert (e.sqlstate, e.message, e.hint) == (
        "53100", 'could not extend file "base/5/1": No space left on device',
        "Check free disk space.")
    panic = file_access_error(OSError(errno.EIO, "Input/output error"), "could not fsync",
                              severity="PANIC")
    assert isinstance(panic, PanicError) and panic.message == "could not fsync: Input/output error"
    fatal = file_access_error(OSError(errno.EACCES, "Permission denied"), "x", severity="FATAL")
    assert isinstance(fatal, FatalError) and fatal.sqlstate == "42501"
