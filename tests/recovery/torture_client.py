# One torture client: a separate OS process with its own connection (so its own backend)
# that commits small transactions in a loop and journals, in a local file, every
# transaction it starts and every COMMIT / ROLLBACK the server acknowledged. The test
# kills the server under it and later checks the database against the journal.
"""Torture client: run as `python torture_client.py --dsn ... --journal FILE ...`.

Journal lines (one os.write each, on an O_APPEND descriptor, so a line is whole or absent;
only the server is killed, never this process, so the file itself is trustworthy):
    S <txn> <kind> <parts> <time>   about to run transaction <txn> (parts = rows it inserts)
    C <txn> <time>                  COMMIT returned successfully: acknowledged
    R <txn> <time>                  ROLLBACK returned: the transaction must leave no trace
    L <txn> <time> <message>        connection lost during <txn>: outcome unknown
    X <txn> <time> <message>        any other error: a bug, the test fails on it
    Q <time>                        clean exit (duration over, or the stop file exists)

Kinds: `single` (one-row INSERT, autocommit), `multi` (BEGIN; several INSERTs; COMMIT),
`values` (one multi-row INSERT), `counter` (BEGIN; UPDATE of this client's counter row;
INSERT of a marker row; COMMIT), `rollback` (BEGIN; INSERTs; counter UPDATE; ROLLBACK),
`read` (SELECT count(*) of this client's rows: scans set hint bits and pull pages in).

PostgreSQL: src/test/recovery (the journal idea of 0xx_*.pl tests, redone in Python)
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time

import psycopg

KINDS = ("single", "multi", "values", "counter", "rollback", "read")
WEIGHTS = (3, 3, 2, 3, 2, 1)


class Journal:
    def __init__(self, path: str):
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def write(self, *fields) -> None:
        line = " ".join(str(f) for f in fields).replace("\n", " ") + "\n"
        os.write(self.fd, line.encode("utf-8", "replace"))


def connect(dsn: str, deadline: float, reconnect: bool):
    """A connection; in reconnect mode keep trying (the server may be restarting)."""
    while True:
        try:
            return psycopg.connect(dsn, autocommit=True, connect_timeout=5)
        except psycopg.Error:
            if not reconnect or time.time() > deadline:
                raise
            time.sleep(0.2)


def run_transaction(conn, kind: str, client: int, rnd: int, txn: int, parts: int,
                    pad: str) -> str:
    """Run one transaction; returns 'C' (committed) or 'R' (rolled back)."""
    row = "INSERT INTO torture (client, round, txn, part, pad) VALUES (%s, %s, %s, %s, %s)"
    key = (client, rnd, txn)
    if kind == "single":
        conn.execute(row, (*key, 0, pad), prepare=False)
        return "C"
    if kind == "values":
        placeholders = ", ".join(["(%s, %s, %s, %s, %s)"] * parts)
        params = [v for p in range(parts) for v in (*key, p, pad)]
        conn.execute("INSERT INTO torture (client, round, txn, part, pad) VALUES "
                     + placeholders, params, prepare=False)
        return "C"
    if kind == "read":
        conn.execute("SELECT count(*) FROM torture WHERE client = %s", (client,),
                     prepare=False).fetchone()
        return "C"
    conn.execute("BEGIN")
    if kind == "multi":
        for p in range(parts):
            conn.execute(row, (*key, p, pad), prepare=False)
        conn.execute("COMMIT")
        return "C"
    if kind == "counter":
        conn.execute("UPDATE counters SET n = n + 1 WHERE client = %s", (client,),
                     prepare=False)
        conn.execute(row, (*key, 0, "counter"), prepare=False)
        conn.execute("COMMIT")
        return "C"
    if kind == "rollback":
        for p in range(parts):
            conn.execute(row, (*key, p, pad), prepare=False)
        conn.execute("UPDATE counters SET n = n + 1000000 WHERE client = %s", (client,),
                     prepare=False)
        conn.execute("ROLLBACK")
        return "R"
    raise ValueError(kind)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dsn", required=True)
    ap.add_argument("--journal", required=True)
    ap.add_argument("--client", type=int, required=True)
    ap.add_argument("--round", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--duration", type=float, default=3600.0)
    ap.add_argument("--pad", type=int, default=40, help="bytes of padding per row")
    ap.add_argument("--reconnect", action="store_true",
                    help="after a lost connection, reconnect and go on (crash-restart tests)")
    ap.add_argument("--synchronous-commit", default=None)
    ap.add_argument("--filler", action="store_true",
                    help="only big multi-row INSERTs (up to 20 rows): WAL volume")
    ap.add_argument("--stop-file", default=None, help="exit cleanly once this file exists")
    args = ap.parse_args(argv)

    rng = random.Random(args.seed)
    journal = Journal(args.journal)
    deadline = time.time() + args.duration
    dsn = args.dsn
    if args.synchronous_commit:
        dsn += f" options='-c synchronous_commit={args.synchronous_commit}'"
    txn = 0
    try:
        conn = connect(dsn, deadline, args.reconnect)
    except psycopg.Error as exc:
        journal.write("L", 0, f"{time.time():.6f}", f"connect: {exc}")
        return 0
    while time.time() < deadline:
        if args.stop_file and os.path.exists(args.stop_file):
            break
        txn += 1
        kind = "values" if args.filler else rng.choices(KINDS, WEIGHTS)[0]
        parts = {"single": 1, "counter": 1, "read": 0}.get(
            kind, rng.randint(10, 20) if args.filler else rng.randint(2, 6))
        pad = "p" * rng.randint(args.pad // 2, args.pad)
        journal.write("S", txn, kind, parts, f"{time.time():.6f}")
        try:
            outcome = run_transaction(conn, kind, args.client, args.round, txn, parts, pad)
        except psycopg.OperationalError as exc:
            journal.write("L", txn, f"{time.time():.6f}", exc)
            try:
                conn.close()
            except Exception:
                pass
            if not args.reconnect:
                return 0
            try:
                conn = connect(dsn, deadline, True)
            except psycopg.Error as exc2:
                journal.write("L", 0, f"{time.time():.6f}", f"reconnect: {exc2}")
                return 0
            continue
        except psycopg.Error as exc:
            sqlstate = getattr(exc, "sqlstate", None)
            journal.write("X", txn, f"{time.time():.6f}", f"[{sqlstate}] {exc}")
            try:
                conn.execute("ROLLBACK")
            except psycopg.Error:
                pass
            continue
        journal.write(outcome, txn, f"{time.time():.6f}")
    journal.write("Q", f"{time.time():.6f}")
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
