# Unlogged sequences after a crash, on pgsnake and PostgreSQL 15 alike: an unlogged
# sequence (standalone, or an unlogged table's serial / identity sequence) goes back to
# its init fork after kill -9 of every server process (its start value, or its state
# when ALTER SEQUENCE SET UNLOGGED made it unlogged, or the one an ALTER SEQUENCE with
# options left it in), while logged sequences keep every
# value handed out; a clean restart keeps an unlogged sequence's state
# (access/sequence/sequence_page.py, commands/sequence_persistence.py).
from __future__ import annotations

_SETUP = [
    "CREATE UNLOGGED SEQUENCE us START 100",
    "CREATE SEQUENCE ls",
    "CREATE SEQUENCE later_unlogged START 50",
    "CREATE UNLOGGED TABLE ut (id serial, n int GENERATED ALWAYS AS IDENTITY, t text)",
    "SELECT nextval('later_unlogged') FROM generate_series(1, 5)",
    "ALTER SEQUENCE later_unlogged SET UNLOGGED",
    "CREATE UNLOGGED SEQUENCE restarted START 30",
    "SELECT nextval('restarted') FROM generate_series(1, 4)",
    "ALTER SEQUENCE restarted RESTART WITH 500 INCREMENT 2",
    "SELECT nextval('restarted') FROM generate_series(1, 4)",
    "CREATE UNLOGGED SEQUENCE later_logged START 70",
    "SELECT nextval('later_logged') FROM generate_series(1, 3)",
    "ALTER SEQUENCE later_logged SET LOGGED",
    "SELECT nextval('us'), nextval('ls'), nextval('later_unlogged'), "
    "nextval('later_logged') FROM generate_series(1, 40)",
    "INSERT INTO ut (t) SELECT 'x' FROM generate_series(1, 10)",
]

_NEXT = ("SELECT nextval('us'), nextval('ls'), nextval('later_unlogged'), "
         "nextval('later_logged'), nextval('restarted')")


def _observe(make_server) -> dict:
    server = make_server()
    seen = {}
    with server.connect(autocommit=True) as conn:
        for sql in _SETUP:
            conn.execute(sql)
    server.stop()
    server.start()
    with server.connect(autocommit=True) as conn:
        seen["after clean restart"] = conn.execute(_NEXT).fetchone()
        conn.execute("CHECKPOINT")          # the sequences' pages are on disk, yet reset
        conn.execute(_NEXT)
    server.kill_all_9()
    server.start()
    with server.connect(autocommit=True) as conn:
        seen["after crash"] = conn.execute(_NEXT).fetchone()
        conn.execute("INSERT INTO ut (t) VALUES ('y')")
        seen["table"] = conn.execute("SELECT id, n, t FROM ut").fetchall()
        seen["persistence"] = conn.execute(
            "SELECT relname, relpersistence FROM pg_class WHERE relkind = 'S' "
            "ORDER BY 1").fetchall()
    return seen


def test_unlogged_sequences_restart_from_their_init_fork(make_pgsnake_server,
                                                         make_oracle_server):
    ours = _observe(make_pgsnake_server)
    theirs = _observe(make_oracle_server)
    assert theirs["after crash"][0] == 100
    assert theirs["table"] == [(1, 1, "y")]
    assert ours == theirs
