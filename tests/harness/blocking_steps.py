"""Run (session, SQL) steps over several connections where a step may block, and record
what happened, so the same steps can be compared between pgsnake and the oracle.

Each session is a connection (autocommit, so BEGIN/COMMIT in the steps control the
transactions) served by its own thread. A step is sent to its session's thread; the
runner then waits until the step finishes or the server reports the session blocked by
another session of the run (`pg_isolation_test_session_is_blocked`, asked over a
monitor connection). A blocked step is recorded as waiting and the next step is sent;
after every step, each waiting step is checked again: it is recorded as completed when
it finishes, or stays waiting while the server still says it is blocked. Whether a step
waits therefore depends on the lock state the server reports, not on timing.

Records: (session, sql, 'waiting', None) when a step blocks, then
(session, sql, outcome, rows) when it ends, where outcome is the command tag or
'ERROR <sqlstate> <message>' and rows the fetched rows (or None).

Entry point: run_blocking_steps(server, steps, step_timeout=30) -> list of records.
This is a small cousin of PostgreSQL's isolationtester (src/test/isolation), enough for
row-lock scenarios; tests/harness/isolation_tester.py is the full one.
"""
from __future__ import annotations

import queue
import threading
import time

import psycopg

POLL = 0.01


class _Session:
    def __init__(self, server, name: str) -> None:
        self.name = name
        self.conn = server.connect(autocommit=True)
        self.pid = self.conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        self.requests: queue.Queue = queue.Queue()
        self.done = threading.Event()
        self.result = None
        self.sql = None
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            sql = self.requests.get()
            if sql is None:
                return
            try:
                cur = self.conn.execute(sql)
                rows = cur.fetchall() if cur.description else None
                self.result = (cur.statusmessage, rows)
            except psycopg.Error as e:
                self.result = (f"ERROR {e.diag.sqlstate} {e.diag.message_primary}", None)
            self.done.set()

    def send(self, sql: str) -> None:
        self.sql = sql
        self.done.clear()
        self.result = None
        self.requests.put(sql)

    def close(self) -> None:
        self.requests.put(None)
        self.thread.join(timeout=10)
        self.conn.close()


def run_blocking_steps(server, steps, step_timeout: float = 30.0) -> list[tuple]:
    sessions: dict[str, _Session] = {}
    waiting: list[_Session] = []
    out: list[tuple] = []
    monitor = server.connect(autocommit=True)

    def is_blocked(session: _Session) -> bool:
        others = ",".join(str(s.pid) for s in sessions.values() if s is not session)
        return bool(monitor.execute(f"SELECT pg_isolation_test_session_is_blocked("
                                    f"{session.pid}, '{{{others}}}')").fetchone()[0])

    def finish_or_block(session: _Session) -> bool:
        """Wait until the step ends (True) or the server says it is blocked (False)."""
        deadline = time.monotonic() + step_timeout
        while True:
            if session.done.wait(POLL):
                return True
            if is_blocked(session):
                return False
            if time.monotonic() > deadline:
                raise TimeoutError(f"step {session.name}: {session.sql} neither finished "
                                   f"nor blocked within {step_timeout} s")

    def settle() -> None:
        progress = True
        while progress:
            progress = False
            for session in list(waiting):
                if finish_or_block(session):
                    waiting.remove(session)
                    out.append((session.name, session.sql, *session.result))
                    progress = True

    try:
        for who, sql in steps:
            session = sessions.get(who)
            if session is None:
                session = sessions[who] = _Session(server, who)
            if session in waiting:
                raise ValueError(f"step {who}: {sql} sent while the session still waits")
            session.send(sql)
            if finish_or_block(session):
                out.append((who, sql, *session.result))
            else:
                out.append((who, sql, "waiting", None))
                waiting.append(session)
            settle()
        if waiting:
            raise AssertionError(f"steps still waiting at the end: "
                                 f"{[(s.name, s.sql) for s in waiting]}")
    finally:
        for session in sessions.values():
            if session in waiting:
                try:
                    session.conn.cancel()
                except psycopg.Error:
                    pass
            session.close()
        monitor.close()
    return out
