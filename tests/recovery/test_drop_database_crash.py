# DROP DATABASE and CREATE DATABASE across crashes and failures.
#
# DROP DATABASE marks the database invalid (pg_database.datconnlimit = -2, in place,
# WAL-flushed) before it removes a file, and deletes the row transactionally
# (commands/database_commands.py): a backend killed anywhere in the drop leaves either
# the database whole and valid, or invalid: it refuses connections and templates, and
# DROP DATABASE removes it (ALTER DATABASE options are FATAL; RENAME works). Never a
# valid row whose directory is gone. The backend is
# killed at chosen points with the fault-injection facility (storage/file/
# fault_injection.py): its first removal of a file of the database (after the DROP
# record is in the WAL: replay finishes the removal), and the WAL flush of the invalid
# mark. A committed drop whose directory comes back before replay (its removal lost) is
# removed again by replay of the DROP record. A failed removal is a WARNING and the drop
# commits. A session connecting while a DROP holds the database waits and then fails as
# PostgreSQL's does (compared with the oracle, as the invalid-database refusals are).
# CREATE DATABASE killed in the middle of its copy leaves no database and no directory.
from __future__ import annotations

import os
import shutil
import threading
import time

import psycopg
import pytest

from harness.faults import Fault, make_faulty_server


def _error(fn):
    """(SQLSTATE, message, detail, hint) of the psycopg error fn() raises."""
    try:
        fn()
    except psycopg.Error as e:
        diag = e.diag
        return (diag.sqlstate, diag.message_primary, diag.message_detail, diag.message_hint)
    raise AssertionError("no error")


def _connect_error(server, dbname: str) -> str:
    """What a failed connection attempt reports, from "FATAL:" on (libpq puts the server's
    message and its DETAIL / HINT lines after the address, which differs per server)."""
    try:
        server.connect(dbname=dbname).close()
    except psycopg.OperationalError as e:
        text = str(e)
        return text[text.index("FATAL:"):].strip()
    raise AssertionError("connected")


def _database_oid(server, name: str) -> int | None:
    with server.connect() as conn:
        row = conn.execute("SELECT oid FROM pg_database WHERE datname = %s", (name,)).fetchone()
    return row[0] if row else None


def _invalid_database_behaviour(server) -> list:
    with server.connect() as conn:
        conn.execute("CREATE DATABASE dbsafe_invalid TEMPLATE template0")
        conn.execute("UPDATE pg_database SET datconnlimit = -2 "
                     "WHERE datname = 'dbsafe_invalid'")
    seen = [_connect_error(server, "dbsafe_invalid")]
    with server.connect() as conn:
        seen.append(_error(lambda: conn.execute(
            "CREATE DATABASE dbsafe_copy TEMPLATE dbsafe_invalid")))
    with server.connect() as conn:      # FATAL: the session ends
        seen.append(_error(lambda: conn.execute(
            "ALTER DATABASE dbsafe_invalid CONNECTION LIMIT 10")))
        seen.append(conn.closed)
    with server.connect() as conn:
        conn.execute("ALTER DATABASE dbsafe_invalid RENAME TO dbsafe_invalid2")
        conn.execute("ALTER DATABASE dbsafe_invalid2 RENAME TO dbsafe_invalid")
        conn.execute("DROP DATABASE dbsafe_invalid")
        seen.append(conn.execute("SELECT count(*) FROM pg_database "
                                 "WHERE datname LIKE 'dbsafe%'").fetchone())
    return seen


def test_invalid_database_refusals_match_postgres(oracle, pgsnake_server):
    expected = _invalid_database_behaviour(oracle)
    assert expected[0].startswith('FATAL:  cannot connect to invalid database')
    assert _invalid_database_behaviour(pgsnake_server) == expected


def _connect_during_drop(server) -> tuple:
    """A session holds the database; DROP DATABASE waits for it to leave (up to 5 s);
    meanwhile a new session tries to connect; then the first one leaves."""
    with server.connect() as conn:
        conn.execute("CREATE DATABASE dbsafe_race TEMPLATE template0")
    holder = server.connect(dbname="dbsafe_race")
    outcome: dict = {}

    def drop():
        with server.connect() as conn:
            try:
                conn.execute("DROP DATABASE dbsafe_race")
                outcome["drop"] = "DROP DATABASE"
            except psycopg.Error as e:
                outcome["drop"] = e.diag.sqlstate

    def join():
        outcome["join"] = _connect_error(server, "dbsafe_race")

    dropper = threading.Thread(target=drop)
    dropper.start()
    time.sleep(1.0)                 # the DROP holds the database and waits for `holder`
    joiner = threading.Thread(target=join)
    joiner.start()
    time.sleep(1.0)                 # the new session waits for the DROP's lock
    holder.close()
    dropper.join(30)
    joiner.join(30)
    with server.connect() as conn:
        conn.execute("DROP DATABASE IF EXISTS dbsafe_race")
    return outcome["drop"], outcome["join"]


def test_connection_during_drop_waits_and_fails_as_postgres(oracle, pgsnake_server):
    expected = _connect_during_drop(oracle)
    assert expected[0] == "DROP DATABASE" and "does not exist" in expected[1]
    assert _connect_during_drop(pgsnake_server) == expected


@pytest.fixture
def faulty(make_pgsnake_server):
    server = make_faulty_server(make_pgsnake_server)
    with server.connect() as conn:
        conn.execute("CREATE DATABASE victim")
    with server.connect(dbname="victim") as conn:
        conn.execute("CREATE TABLE t (id int PRIMARY KEY, v text)")
        conn.execute("INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 500) g")
    server.victim = _database_oid(server, "victim")
    server.victim_dir = os.path.join(server.datadir, "base", str(server.victim))
    return server


def _drop_killed(server) -> None:
    """DROP DATABASE victim, whose backend the armed fault kills."""
    with pytest.raises(psycopg.OperationalError):
        with server.connect() as conn:
            conn.execute("DROP DATABASE victim")
    server.faults.disarm()
    server.connect_within(60).close()           # the crash restart's recovery is over


def _assert_invalid_then_droppable(server) -> None:
    with server.connect() as conn:
        assert conn.execute("SELECT datconnlimit FROM pg_database WHERE datname = 'victim'"
                            ).fetchone() == (-2,)
    assert _connect_error(server, "victim") == (
        'FATAL:  cannot connect to invalid database "victim"\n'
        'HINT:  Use DROP DATABASE to drop invalid databases.')
    with server.connect() as conn:
        conn.execute("DROP DATABASE victim")
        assert conn.execute("SELECT count(*) FROM pg_database WHERE datname = 'victim'"
                            ).fetchone() == (0,)
    assert not os.path.exists(server.victim_dir)


def _assert_whole_and_valid(server) -> None:
    with server.connect(dbname="victim") as conn:
        assert conn.execute("SELECT count(*), sum(id) FROM t").fetchone() == (500, 125250)


def test_kill_at_first_file_removal_leaves_invalid_database(faulty):
    faulty.faults.arm(Fault("crash", op="unlink", path=f"base/{faulty.victim}/*",
                            process="backend"))
    _drop_killed(faulty)
    # Replay of the DROP record removed what the killed backend had not.
    assert not os.path.exists(faulty.victim_dir)
    _assert_invalid_then_droppable(faulty)


def test_kill_at_invalid_mark_flush_leaves_whole_or_invalid_database(faulty):
    # The first WAL flush of the drop is the invalid mark's: killed before its fsync.
    faulty.faults.arm(Fault("crash", op="fsync", path="pg_wal/*", process="backend"))
    _drop_killed(faulty)
    with faulty.connect() as conn:
        limit = conn.execute("SELECT datconnlimit FROM pg_database WHERE datname = 'victim'"
                             ).fetchone()[0]
    assert os.path.isdir(faulty.victim_dir)      # nothing was removed
    if limit == -2:
        _assert_invalid_then_droppable(faulty)
    else:
        _assert_whole_and_valid(faulty)


def test_replay_of_committed_drop_removes_directory(faulty):
    with faulty.connect() as conn:
        conn.execute("CHECKPOINT")
    saved = faulty.victim_dir + ".saved"
    shutil.copytree(faulty.victim_dir, saved)
    with faulty.connect() as conn:
        conn.execute("DROP DATABASE victim")
    faulty.kill_all_9()
    # As if the removal had not reached the disk: the directory is back for replay.
    os.rename(saved, faulty.victim_dir)
    faulty.start()
    faulty.connect_within(60).close()
    assert not os.path.exists(faulty.victim_dir)
    assert _database_oid(faulty, "victim") is None


def test_failed_file_removal_warns_and_commits(faulty):
    faulty.faults.arm(Fault("EIO", op="unlink", path=f"base/{faulty.victim}/*",
                            process="backend", times=1))
    warnings = []
    with faulty.connect() as conn:
        conn.add_notice_handler(lambda d: warnings.append((d.severity, d.message_primary)))
        conn.execute("DROP DATABASE victim")
    faulty.faults.disarm()
    assert warnings[-1] == ("WARNING", "some useless files may be left behind in old "
                            f'database directory "base/{faulty.victim}"')
    assert warnings[0][1].startswith(f'could not remove file "base/{faulty.victim}/')
    assert _database_oid(faulty, "victim") is None


def test_kill_in_create_database_copy_leaves_no_database(faulty):
    before = set(os.listdir(os.path.join(faulty.datadir, "base")))
    faulty.faults.arm(Fault("crash", op="create", path="base/*/*", process="backend",
                            skip=5))
    with pytest.raises(psycopg.OperationalError):
        with faulty.connect() as conn:
            conn.execute("CREATE DATABASE copied TEMPLATE victim")
    faulty.faults.disarm()
    faulty.connect_within(60).close()
    assert _database_oid(faulty, "copied") is None
    # The half copy was removed by the end-of-recovery sweep (catalog/orphan_files.py).
    assert set(os.listdir(os.path.join(faulty.datadir, "base"))) == before
    with faulty.connect() as conn:
        conn.execute("CREATE DATABASE copied TEMPLATE victim")
    with faulty.connect(dbname="copied") as conn:
        assert conn.execute("SELECT count(*) FROM t").fetchone() == (500,)


def test_refused_drop_leaves_database_whole(faulty):
    # Everything that can refuse a drop comes before the invalid mark: a session on
    # the database (55006 after waiting for it) leaves the row, its files and its
    # validity as they were.
    holder = faulty.connect(dbname="victim")
    try:
        with faulty.connect() as conn:
            with pytest.raises(psycopg.errors.ObjectInUse):
                conn.execute("DROP DATABASE victim")
            assert conn.execute("SELECT datconnlimit FROM pg_database "
                                "WHERE datname = 'victim'").fetchone() == (-1,)
    finally:
        holder.close()
    _assert_whole_and_valid(faulty)
