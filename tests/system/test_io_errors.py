# Proves pgsnake handles disk errors as PostgreSQL does, with the real multi-process server
# and faults armed through the durable-file layer (tests/harness/faults.py):
#   - a full disk while a table grows: ERROR 53100 'could not extend file "...": No space
#     left on device' + HINT "Check free disk space."; the statement fails, the session and
#     the server go on, nothing committed is lost, and inserts work once space is back;
#   - a full disk while creating a WAL segment: PANIC 53100 'could not write to file
#     "pg_wal/xlogtemp.N"', crash-restart, every acknowledged commit present;
#   - a full disk while writing WAL, or EIO from its fdatasync, under concurrent commits:
#     PANIC 'could not write to log file ...' / 'could not fdatasync file ...',
#     crash-restart, every acknowledged commit present;
#   - EIO reading a data page: ERROR 58030 'could not read block N in file "...":
#     Input/output error', the session goes on;
#   - a failed fsync at a checkpoint: PANIC, crash-restart (data_sync_retry = off);
#   - a failed buffer write in the checkpointer or background writer: ERROR in the log
#     with the CONTEXT of the block, "checkpoint request failed" for CHECKPOINT, the
#     process lives on and the page is written by a later checkpoint; the same for a
#     pg_xact page ("could not access status of transaction 0", slru.c's report);
# The first two also run on PostgreSQL 15 with a real full disk (a small tmpfs holding a
# tablespace or pg_wal; skipped where mounting is not allowed), and the reports must
# match. The others match PostgreSQL's source text (md.c, xlog.c, sync.c, bufmgr.c), since
# its I/O cannot be made to fail on demand. No Python exception text reaches a client.
from __future__ import annotations

import contextlib
import os
import pwd
import re
import subprocess
import threading
import time

import psycopg
import pytest

from harness.faults import Fault, make_faulty_server

PANIC_XLOGTEMP = r'could not write to file "pg_wal/xlogtemp\.\d+": No space left on device'


# -- helpers -------------------------------------------------------------------------------

@contextlib.contextmanager
def small_disk(path: str, size: str):
    """A tmpfs of `size` mounted at `path` (owned by postgres), or skip the test."""
    os.makedirs(path, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", path],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        entry = pwd.getpwnam("postgres")
        os.chown(path, entry.pw_uid, entry.pw_gid)
        yield path
    finally:
        subprocess.run(["umount", "-l", path], capture_output=True)


def grow_disk(path: str, size: str) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", path], check=True)


def report(exc: psycopg.Error) -> tuple:
    d = exc.diag
    return (d.severity_nonlocalized or d.severity, exc.sqlstate, d.message_primary,
            d.message_detail, d.message_hint)


def wait_for_crash_restart(server, seconds: float = 60) -> None:
    """Block until the postmaster has reinitialized and accepts connections again.

    A backend can still serve queries between an auxiliary process's PANIC and the
    postmaster noticing it, so a connection made in that window dies mid-test."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        log = server.log_text()
        restart = log.rfind("all server processes terminated; reinitializing")
        if restart >= 0 and "ready to accept connections" in log[restart:]:
            return
        time.sleep(0.1)
    raise AssertionError(f"no crash-restart within {seconds} s: {server.log_text()[-2000:]}")


def assert_no_python_text(text: str) -> None:
    for word in ("Traceback", "OSError", "internal error", "PermissionError",
                 "FileNotFoundError"):
        assert word not in text, f"{word!r} in {text[-2000:]}"


# -- a full disk while a table grows ---------------------------------------------------------

def test_enospc_extending_a_table_fails_only_the_statement(server_kind, make_pgsnake_server,
                                                           request, tmp_path):
    with contextlib.ExitStack() as stack:
        if server_kind == "pgsnake":
            server = make_faulty_server(make_pgsnake_server)
            tablespace = ""
        else:
            server = request.getfixturevalue("make_oracle_server")()
            disk = stack.enter_context(small_disk(os.path.join(server.base_dir, "tiny"), "64k"))
            with server.connect() as conn:
                conn.execute(f"CREATE TABLESPACE tiny LOCATION '{disk}'")
            tablespace = " TABLESPACE tiny"
        conn = server.connect()
        conn.execute(f"CREATE TABLE grows (id int4, pad text){tablespace}")
        conn.execute("INSERT INTO grows SELECT g, 'committed' FROM generate_series(1, 3) g")
        path = conn.execute("SELECT pg_relation_filepath('grows')").fetchone()[0]
        if server_kind == "pgsnake":
            server.faults.arm(Fault("ENOSPC", op="extend", path=path))
        big = "INSERT INTO grows SELECT g, repeat('x', 500) FROM generate_series(1, 20000) g"

        with pytest.raises(psycopg.errors.DiskFull) as err:
            conn.execute(big)
        assert report(err.value) == (
            "ERROR", "53100", f'could not extend file "{path}": No space left on device',
            None, "Check free disk space.")
        # The session goes on; the failed statement left nothing, committed rows stay.
        assert conn.execute("SELECT count(*), sum(id) FROM grows").fetchone() == (3, 6)
        # Inside a transaction block the error aborts the block, as any ERROR does.
        conn.execute("BEGIN")
        with pytest.raises(psycopg.errors.DiskFull):
            conn.execute(big)
        with pytest.raises(psycopg.errors.InFailedSqlTransaction):
            conn.execute("SELECT 1")
        conn.execute("ROLLBACK")

        if server_kind == "pgsnake":
            assert server.faults.fired() == 2
            server.faults.disarm()
        else:
            grow_disk(disk, "64m")
        conn.execute("INSERT INTO grows SELECT g, repeat('x', 500) FROM generate_series(1, 200) g")
        assert conn.execute("SELECT count(*) FROM grows").fetchone() == (203,)
        conn.close()
        assert server.is_running()
        if server_kind == "pgsnake":
            assert_no_python_text(server.log_text())


# -- a full disk while creating a WAL segment -------------------------------------------------

def test_enospc_creating_a_wal_segment_panics_and_keeps_commits(server_kind, make_pgsnake_server,
                                                               request):
    with contextlib.ExitStack() as stack:
        if server_kind == "pgsnake":
            server = make_faulty_server(make_pgsnake_server)
            server.faults.arm(Fault("ENOSPC", op="extend", path="pg_wal/xlogtemp.*", times=1))
        else:
            factory = request.getfixturevalue("make_oracle_server")
            server = factory(start=False)
            wal = stack.enter_context(small_disk(os.path.join(server.base_dir, "wal"), "6m"))
            import shutil
            shutil.rmtree(server.datadir)
            server.initdb("--wal-segsize=1", f"--waldir={wal}/pg_wal")
            server.start()
        conn = server.connect()
        conn.execute("CREATE TABLE walfull (batch int4, pad text)")
        acknowledged = 0
        with pytest.raises(psycopg.Error) as err:
            for batch in range(1, 200):
                conn.execute("INSERT INTO walfull SELECT %s, repeat('w', 500) "
                             "FROM generate_series(1, 2000)", (batch,))
                acknowledged = batch
        # Whichever process needed the segment PANICs: this backend (the client gets the
        # PANIC), or the WAL writer / background writer (the client loses its connection
        # in the crash-restart). Both servers log it.
        if isinstance(err.value, psycopg.errors.DiskFull):
            severity, sqlstate, message, detail, hint = report(err.value)
            assert (severity, sqlstate, detail, hint) == ("PANIC", "53100", None, None)
            assert re.fullmatch(PANIC_XLOGTEMP, message), message
        else:
            assert isinstance(err.value, psycopg.OperationalError), err.value
        deadline = time.monotonic() + 10
        while not re.search("PANIC:  " + PANIC_XLOGTEMP, server.log_text()):
            assert time.monotonic() < deadline, server.log_text()[-3000:]
            time.sleep(0.1)
        assert acknowledged >= 1
        conn.close()
        if server_kind == "oracle":
            # PostgreSQL's recovery needs a new segment too and gives up; with room again
            # it starts and recovers.
            grow_disk(wal, "256m")
            deadline = time.monotonic() + 30
            while server.is_running() and time.monotonic() < deadline:
                time.sleep(0.2)
            if not server.is_running():
                server.start()
        else:
            wait_for_crash_restart(server)
        conn = server.connect_within()
        rows = conn.execute("SELECT count(DISTINCT batch), max(batch) FROM walfull "
                            "WHERE batch <= %s", (acknowledged,)).fetchone()
        assert rows == (acknowledged, acknowledged)
        conn.execute("INSERT INTO walfull VALUES (0, 'after')")
        conn.close()
        if server_kind == "pgsnake":
            log = server.log_text()
            assert "automatic recovery in progress" in log
            assert_no_python_text(log)


# -- WAL write / fdatasync failure under concurrent commits (pgsnake only) -----------------

WAL_FAILURES = {
    "write": (Fault("ENOSPC", op="write", path="pg_wal/0*", times=1),
              r"PANIC:  could not write to log file [0-9A-F]{24} at offset \d+, length \d+: "
              r"No space left on device"),
    "fdatasync": (Fault("EIO", op="fsync", path="pg_wal/0*", times=1),
                  r'PANIC:  could not fdatasync file "[0-9A-F]{24}": Input/output error'),
}


@pytest.mark.parametrize("failure", sorted(WAL_FAILURES))
def test_wal_write_or_fdatasync_failure_panics_and_no_acknowledged_commit_is_lost(
        make_pgsnake_server, failure):
    fault, logged = WAL_FAILURES[failure]
    server = make_faulty_server(make_pgsnake_server)
    with server.connect() as conn:
        conn.execute("CREATE TABLE acks (client int4, n int4)")
    acked: dict[int, list[int]] = {c: [] for c in range(4)}
    errors: list[str] = []
    stop = threading.Event()

    def client(number: int) -> None:
        try:
            conn = server.connect()
        except psycopg.Error as exc:
            errors.append(str(exc))
            return
        with conn:
            n = 0
            while not stop.is_set():
                n += 1
                try:
                    conn.execute("INSERT INTO acks VALUES (%s, %s)", (number, n), prepare=False)
                except psycopg.Error as exc:
                    errors.append(f"{exc.sqlstate} {exc.diag.severity} {exc.diag.message_primary}")
                    return
                acked[number].append(n)

    threads = [threading.Thread(target=client, args=(c,)) for c in range(4)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    while sum(map(len, acked.values())) < 40 and time.monotonic() < deadline:
        time.sleep(0.05)
    server.faults.arm(fault)
    for t in threads:
        t.join(timeout=60)
    stop.set()
    assert server.faults.fired() == 1
    assert errors, "no client saw the crash"
    wait_for_crash_restart(server)
    conn = server.connect_within()
    present = set(conn.execute("SELECT client, n FROM acks").fetchall())
    conn.close()
    missing = [(c, n) for c, ns in acked.items() for n in ns if (c, n) not in present]
    assert not missing, f"acknowledged commits lost: {missing[:10]}"
    log = server.log_text()
    assert re.search(logged, log), log[-3000:]
    assert "automatic recovery in progress" in log
    assert_no_python_text(log)


# -- EIO reading a data page (pgsnake only) ----------------------------------------------

def test_eio_reading_a_data_page_is_an_error(make_pgsnake_server):
    server = make_faulty_server(make_pgsnake_server)
    with server.connect() as conn:
        conn.execute("CREATE TABLE unreadable (id int4)")
        conn.execute("INSERT INTO unreadable SELECT g FROM generate_series(1, 10) g")
        path = conn.execute("SELECT pg_relation_filepath('unreadable')").fetchone()[0]
    server.stop()               # the page leaves shared buffers
    server.start()
    server.faults.arm(Fault("EIO", op="read", path=path))
    with server.connect() as conn:
        with pytest.raises(psycopg.errors.IoError) as err:
            conn.execute("SELECT count(*) FROM unreadable")
        assert report(err.value) == (
            "ERROR", "58030", f'could not read block 0 in file "{path}": Input/output error',
            None, None)
        assert conn.execute("SELECT 1").fetchone() == (1,)
        server.faults.disarm()
        assert conn.execute("SELECT count(*) FROM unreadable").fetchone() == (10,)
    assert_no_python_text(server.log_text())


# -- a failed fsync at a checkpoint (pgsnake only) -----------------------------------------

def test_fsync_failure_at_checkpoint_panics(make_pgsnake_server):
    server = make_faulty_server(make_pgsnake_server)
    postmaster = server.postmaster_pid()
    with server.connect() as conn:
        conn.execute("CREATE TABLE synced (id int4)")
        conn.execute("INSERT INTO synced SELECT g FROM generate_series(1, 100) g")
    server.faults.arm(Fault("EIO", op="fsync", path="base/*", process="checkpointer", times=1))
    with server.connect() as conn:
        with pytest.raises(psycopg.Error):
            conn.execute("CHECKPOINT")
    wait_for_crash_restart(server)
    conn = server.connect_within()
    assert conn.execute("SELECT count(*) FROM synced").fetchone() == (100,)
    conn.execute("CHECKPOINT")
    conn.close()
    assert server.postmaster_pid() == postmaster
    log = server.log_text()
    assert re.search(r'PANIC:  could not fsync file "base/[^"]+": Input/output error', log)
    assert re.search(r"checkpointer process \(PID \d+\) exited with exit code 2", log)
    assert "automatic recovery in progress" in log
    assert_no_python_text(log)


# -- a failed buffer write in the checkpointer / background writer (pgsnake only) -----------

def _checkpointer_pid(server) -> int:
    return next(pid for pid, title in server.child_titles().items()
                if title.endswith("checkpointer"))


def test_checkpointer_write_failure_is_an_error_and_the_page_stays_dirty(make_pgsnake_server):
    server = make_faulty_server(make_pgsnake_server,
                                settings={"bgwriter_lru_maxpages": "0"})
    postmaster = server.postmaster_pid()
    with server.connect() as conn:
        conn.execute("CREATE TABLE dirty (note text)")
        path = conn.execute("SELECT pg_relation_filepath('dirty')").fetchone()[0]
        conn.execute("CHECKPOINT")
        checkpointer = _checkpointer_pid(server)
        conn.execute("INSERT INTO dirty VALUES ('marker-row-1')")
        server.faults.arm(Fault("ENOSPC", op="write", path=path, process="checkpointer",
                                times=1))
        with pytest.raises(psycopg.Error) as err:
            conn.execute("CHECKPOINT")
        assert report(err.value) == (
            "ERROR", "XX000", "checkpoint request failed", None,
            "Consult recent messages in the server log for details.")
        with open(os.path.join(server.datadir, path), "rb") as f:
            assert b"marker-row-1" not in f.read()
        conn.execute("CHECKPOINT")            # retried: the buffer was still dirty
        with open(os.path.join(server.datadir, path), "rb") as f:
            assert b"marker-row-1" in f.read()
    assert _checkpointer_pid(server) == checkpointer
    assert server.postmaster_pid() == postmaster
    log = server.log_text()
    assert (f'ERROR:  could not write block 0 in file "{path}": No space left on device'
            in log)
    assert f"CONTEXT:  writing block 0 of relation {path}" in log
    assert "automatic recovery" not in log
    assert_no_python_text(log)


def test_background_writer_survives_a_write_error(make_pgsnake_server):
    server = make_faulty_server(make_pgsnake_server,
                                settings={"bgwriter_delay": "10ms", "shared_buffers": "32"})
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE TABLE bg (note text)")
        conn.execute("CREATE TABLE churn (filler int)")
        path = conn.execute("SELECT pg_relation_filepath('bg')").fetchone()[0]
        writer = next(pid for pid, title in server.child_titles().items()
                      if title.endswith("background writer"))
        server.faults.arm(Fault("EIO", op="write", path=path, process="background writer",
                                times=1))
        conn.execute("INSERT INTO bg VALUES ('x')")
        # The background writer writes only dirty pages nobody has used lately (usage
        # count 0, as PostgreSQL's BgBufferSync): new pages for another table make the
        # clock sweep wear the page's usage count down. On a loaded machine the backend's
        # own sweep may write the page first (the fault is the background writer's
        # only): the page is dirtied again until the background writer is the one.
        deadline = time.monotonic() + 90
        while server.faults.fired() == 0 and time.monotonic() < deadline:
            conn.execute("INSERT INTO churn SELECT generate_series(1, 2000)")     # ~9 pages
            conn.execute("UPDATE bg SET note = 'x'")
            time.sleep(0.02)
        assert server.faults.fired() == 1
        conn.execute("CHECKPOINT")
        assert conn.execute("SELECT count(*) FROM bg").fetchone() == (1,)
    deadline = time.monotonic() + 10
    log = ""
    while time.monotonic() < deadline:
        log = server.log_text()
        if "Input/output error" in log:
            break
        time.sleep(0.05)
    assert f'ERROR:  could not write block 0 in file "{path}": Input/output error' in log
    assert writer in server.child_pids()
    assert "automatic recovery" not in log
    assert_no_python_text(log)


def test_checkpoint_failing_to_write_pg_xact_is_an_error(make_pgsnake_server):
    # PostgreSQL's CheckPointCLOG -> SimpleLruWriteAll -> SlruReportIOError(ERROR) with
    # no transaction: "could not access status of transaction 0" and the file, offset
    # and errno in DETAIL (slru.c); the checkpoint fails, the checkpointer lives on.
    server = make_faulty_server(make_pgsnake_server)
    postmaster = server.postmaster_pid()
    with server.connect() as conn:
        conn.execute("CREATE TABLE committed (id int4)")
        conn.execute("CHECKPOINT")
        checkpointer = _checkpointer_pid(server)
        conn.execute("INSERT INTO committed VALUES (1)")      # dirties a pg_xact page
        server.faults.arm(Fault("ENOSPC", op=("write", "extend"), path="pg_xact/*",
                                process="checkpointer", times=1))
        with pytest.raises(psycopg.Error) as err:
            conn.execute("CHECKPOINT")
        assert report(err.value) == (
            "ERROR", "XX000", "checkpoint request failed", None,
            "Consult recent messages in the server log for details.")
        assert server.faults.fired() == 1
        conn.execute("CHECKPOINT")            # retried: the page was still dirty
        assert conn.execute("SELECT count(*) FROM committed").fetchone() == (1,)
    assert _checkpointer_pid(server) == checkpointer
    assert server.postmaster_pid() == postmaster
    log = server.log_text()
    assert "ERROR:  could not access status of transaction 0" in log, log[-3000:]
    assert re.search(r'DETAIL:  Could not write to file "pg_xact/0000" at offset \d+: '
                     r"No space left on device\.", log), log[-3000:]
    assert "automatic recovery" not in log
    assert_no_python_text(log)


# -- ALTER SYSTEM cannot write postgresql.auto.conf -------------------------------------------

def test_alter_system_reports_file_errors(make_server, server_kind):
    server = make_server()
    blocker = os.path.join(server.datadir, "postgresql.auto.conf.tmp")
    os.mkdir(blocker)                 # a real failure on both servers: EISDIR
    if server_kind == "oracle":
        entry = pwd.getpwnam("postgres")
        os.chown(blocker, entry.pw_uid, entry.pw_gid)
    with server.connect() as conn:
        with pytest.raises(psycopg.Error) as err:
            conn.execute("ALTER SYSTEM SET work_mem = '8MB'")
        assert report(err.value) == (
            "ERROR", "42809", 'could not open file "postgresql.auto.conf.tmp": Is a directory',
            None, None)
        os.rmdir(blocker)
        conn.execute("ALTER SYSTEM SET work_mem = '8MB'")
    with open(os.path.join(server.datadir, "postgresql.auto.conf")) as f:
        assert "work_mem = '8MB'" in f.read()


def test_alter_system_on_a_full_disk_keeps_the_old_file(make_pgsnake_server):
    server = make_faulty_server(make_pgsnake_server)
    with server.connect() as conn:
        conn.execute("ALTER SYSTEM SET work_mem = '8MB'")
        server.faults.arm(Fault("ENOSPC", op="extend", path="postgresql.auto.conf.tmp"))
        with pytest.raises(psycopg.errors.DiskFull) as err:
            conn.execute("ALTER SYSTEM SET work_mem = '16MB'")
        assert report(err.value) == (
            "ERROR", "53100",
            'could not write to file "postgresql.auto.conf.tmp": No space left on device',
            None, None)
    with open(os.path.join(server.datadir, "postgresql.auto.conf")) as f:
        assert "work_mem = '8MB'" in f.read()
    assert not os.path.exists(os.path.join(server.datadir, "postgresql.auto.conf.tmp"))
