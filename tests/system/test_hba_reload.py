# Proves pg_hba.conf is read as PostgreSQL reads it: by the postmaster at start and at
# SIGHUP, not by each connection. An edit changes nothing until the reload; after it,
# new connections follow the new rules; a broken file at a reload is refused ("pg_hba.conf
# was not reloaded") and the old rules stay in force. Runs on pgsnake and on PostgreSQL 15.
from __future__ import annotations

import os
import signal
import time

import psycopg

REJECT = 'FATAL:  pg_hba.conf rejects connection for host "127.0.0.1", user "postgres", ' \
         'database "hba_reload_db", no encryption'
MISSING = 'FATAL:  database "hba_reload_db" does not exist'


def _attempt(server) -> str:
    try:
        server.connect(dbname="hba_reload_db").close()
        return "ok"
    except psycopg.OperationalError as e:
        for message in (REJECT, MISSING):
            if message in str(e):
                return message
        return str(e)


def _rewrite(path: str, text: str) -> None:
    with open(path, "r+") as f:        # in place: the file keeps its owner
        f.seek(0)
        f.write(text)
        f.truncate()


def _reload_and_wait(server, expected: str) -> str:
    os.kill(server.postmaster_pid(), signal.SIGHUP)
    deadline = time.monotonic() + 10
    while (outcome := _attempt(server)) != expected and time.monotonic() < deadline:
        time.sleep(0.1)
    return outcome


def test_pg_hba_conf_changes_at_reload_only(make_server):
    server = make_server()
    path = os.path.join(server.datadir, "pg_hba.conf")
    with open(path) as f:
        original = f.read()
    assert _attempt(server) == MISSING
    _rewrite(path, "host hba_reload_db all 127.0.0.1/32 reject\n" + original)
    assert _attempt(server) == MISSING, "an edit took effect without a reload"
    assert _reload_and_wait(server, REJECT) == REJECT
    log_mark = server.log_size()
    _rewrite(path, "bogus line here\n" + original)
    os.kill(server.postmaster_pid(), signal.SIGHUP)
    deadline = time.monotonic() + 10
    while "pg_hba.conf was not reloaded" not in server.log_text(log_mark):
        assert time.monotonic() < deadline, server.log_text(log_mark)
        time.sleep(0.1)
    assert _attempt(server) == REJECT, "a broken file replaced the rules in force"
    _rewrite(path, original)
    assert _reload_and_wait(server, MISSING) == MISSING


def test_broken_pg_hba_conf_stops_the_start(make_server):
    server = make_server(start=False)
    path = os.path.join(server.datadir, "pg_hba.conf")
    with open(path) as f:
        original = f.read()
    _rewrite(path, "bogus line here\n" + original)
    result = server.start(check=False, timeout=60)
    assert result.returncode != 0
    log = server.log_text()
    assert 'invalid connection type "bogus"' in log and "could not load pg_hba.conf" in log, log
    assert not server.is_running()
