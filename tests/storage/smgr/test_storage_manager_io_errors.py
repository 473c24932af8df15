# Proves the storage manager reports I/O failures as PostgreSQL's md.c does (text from
# its source, SQLSTATE from errcode_for_file_access): ENOSPC while extending is 53100
# "could not extend file ...: No space left on device" with the hint "Check free disk
# space.", a short write is 53100 "wrote only N of 8192 bytes", EIO on a read or write is
# 58030, and a failed fsync is a PANIC (data_sync_retry = off). Never an OSError.
from __future__ import annotations

import os

import pytest

from pgsnake.storage.file import fault_injection, file_io
from pgsnake.storage.file.fault_injection import Fault
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator
from pgsnake.utils.errors import PanicError, PgError

LOC = RelFileLocator(1663, 5, 16384)
MAIN = ForkNumber.MAIN


@pytest.fixture
def control(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.makedirs("base/5")
    directory = str(tmp_path / "faults")
    file_io.enable_faults(directory)
    smgr.create(LOC, MAIN)
    smgr.extend(LOC, MAIN, 0, bytes(8192))
    yield directory
    file_io.disable_faults()
    smgr.close_all()


def test_enospc_extending(control):
    fault_injection.arm(control, Fault("ENOSPC", op="extend", path="base/5/16384"))
    with pytest.raises(PgError) as err:
        smgr.extend(LOC, MAIN, 1, b"x" * 8192)
    e = err.value
    assert (e.severity, e.sqlstate, e.message, e.hint) == (
        "ERROR", "53100", 'could not extend file "base/5/16384": No space left on device',
        "Check free disk space.")
    assert smgr.nblocks(LOC, MAIN) == 1


def test_short_extension_is_a_full_disk(control):
    fault_injection.arm(control, Fault("short", op="extend", keep_bytes=4096))
    with pytest.raises(PgError) as err:
        smgr.extend(LOC, MAIN, 1, b"x" * 8192)
    assert (err.value.sqlstate, err.value.message, err.value.hint) == (
        "53100", 'could not extend file "base/5/16384": wrote only 4096 of 8192 bytes at '
                 'block 1', "Check free disk space.")
    # The partial block is past the end: the next extension overwrites it.
    assert smgr.nblocks(LOC, MAIN) == 1
    fault_injection.disarm(control)
    smgr.extend(LOC, MAIN, 1, b"y" * 8192)
    into = memoryview(bytearray(8192))
    smgr.read(LOC, MAIN, 1, into)
    assert bytes(into) == b"y" * 8192


def test_write_errors(control):
    fault_injection.arm(control, Fault("EIO", op="write"))
    with pytest.raises(PgError) as err:
        smgr.write(LOC, MAIN, 0, b"x" * 8192)
    assert (err.value.sqlstate, err.value.message, err.value.hint) == (
        "58030", 'could not write block 0 in file "base/5/16384": Input/output error', None)
    fault_injection.arm(control, Fault("short", op="write", keep_bytes=512))
    with pytest.raises(PgError) as err:
        smgr.write(LOC, MAIN, 0, b"x" * 8192)
    assert (err.value.sqlstate, err.value.message, err.value.hint) == (
        "53100", 'could not write block 0 in file "base/5/16384": wrote only 512 of 8192 '
                 'bytes', "Check free disk space.")


def test_read_error(control):
    fault_injection.arm(control, Fault("EIO", op="read"))
    with pytest.raises(PgError) as err:
        smgr.read(LOC, MAIN, 0, memoryview(bytearray(8192)))
    assert (err.value.severity, err.value.sqlstate, err.value.message) == (
        "ERROR", "58030", 'could not read block 0 in file "base/5/16384": Input/output error')


def test_fsync_failure_is_a_panic(control):
    smgr.write(LOC, MAIN, 0, b"x" * 8192)
    fault_injection.arm(control, Fault("EIO", op="fsync"))
    for sync in (lambda: smgr.sync(LOC, MAIN), smgr.sync_all_relation_files):
        with pytest.raises(PanicError) as err:
            sync()
        assert err.value.sqlstate == "58030"
        assert err.value.message.startswith('could not fsync file "base')
        assert err.value.message.endswith('": Input/output error')


def test_open_failure_other_than_missing(control):
    smgr.close_all()                         # forget the cached descriptor
    fault_injection.arm(control, Fault("EMFILE", op="open"))
    with pytest.raises(PgError) as err:
        smgr.nblocks(LOC, MAIN)
    assert (err.value.sqlstate, err.value.message) == (
        "53000", 'could not open file "base/5/16384": Too many open files')
