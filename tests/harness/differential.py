"""Differential SQL testing: run the same statements on pgsnake and on PostgreSQL, compare.

Each statement goes to the server as one simple-protocol Query message (psycopg's libpq
binding, PQsendQuery), so outside an explicit BEGIN every statement is its own
transaction, exactly as psql sends it. What is compared, statement by statement:
  - success: command tag, column names, column type OIDs, rows as the text the server
    sent (exact bytes, NULL distinct from ''), and the transaction status afterwards;
  - failure: SQLSTATE, primary message, error position, transaction status afterwards;
  - EXPLAIN (without ANALYZE costs mattering): only plan node names and their nesting;
    with compare_explain_text (a script's `-- compare explain text` line) the whole text,
    costs, row estimates and detail lines included.
Rows of a statement without ORDER BY are compared as a multiset, since row order is
then unspecified (hash aggregation may legitimately order groups differently).

Entry points:
    run_script(dsn, statements, timeout) -> list[Outcome]
    compare_outcomes(statements, expected, actual, ...) -> list[str]   (empty = same)
    diff_script(expected_dsn, actual_dsn, statements) -> str | None    (None = same)
    explain_shape(lines) -> nested tuple of node names

PostgreSQL: src/test/regress/pg_regress.c (results compared to expected output)
"""
from __future__ import annotations

import re
import select
import time
from dataclasses import dataclass, field

from psycopg import pq

from .sql_script import ScriptStatement

STATEMENT_TIMEOUT = 30.0


@dataclass
class Outcome:
    """What one statement did, in comparable form."""
    status: str                              # 'ok' | 'error' | 'empty' | 'lost' | 'timeout'
    command_tag: str | None = None
    columns: list[tuple[str, int]] | None = None   # (name, type oid)
    rows: list[tuple[str | None, ...]] | None = None
    sqlstate: str | None = None
    message: str | None = None
    position: str | None = None
    transaction_status: str | None = None    # 'I' | 'T' | 'E' after the statement
    notices: list[str] = field(default_factory=list)
    explain: tuple | None = None             # plan shape, for EXPLAIN statements

    def comparable(self, *, compare_notices: bool = False,
                   compare_explain_text: bool = False) -> dict:
        # A user-defined type's OID (CREATE TYPE, CREATE DOMAIN, a table's row type) is
        # allocated by each server from its own OID counter: only its being one counts.
        columns = None if self.columns is None else [
            (name, oid if oid < FIRST_NORMAL_OBJECT_ID else "user-defined type")
            for name, oid in self.columns]
        data = {
            "status": self.status, "command_tag": self.command_tag, "columns": columns,
            "rows": self.rows, "sqlstate": self.sqlstate, "message": self.message,
            "position": self.position, "transaction_status": self.transaction_status,
        }
        if self.explain is not None:
            if not compare_explain_text:
                data["rows"] = None
            data["explain"] = self.explain
        if compare_notices:
            data["notices"] = self.notices
        return data


FIRST_NORMAL_OBJECT_ID = 16384

_TRANSACTION_STATUS = {
    pq.TransactionStatus.IDLE: "I", pq.TransactionStatus.INTRANS: "T",
    pq.TransactionStatus.INERROR: "E", pq.TransactionStatus.ACTIVE: "A",
    pq.TransactionStatus.UNKNOWN: "?",
}


def connect_raw(dsn: str) -> pq.PGconn:
    """A libpq connection (psycopg's binding) for simple-protocol Query messages."""
    conn = pq.PGconn.connect(f"{dsn} connect_timeout=10".encode())
    if conn.status != pq.ConnStatus.OK:
        message = conn.get_error_message()
        if isinstance(message, bytes):
            message = message.decode("utf-8", "replace")
        conn.finish()
        raise ConnectionError(f"cannot connect ({dsn}): {message}")
    return conn


def _decode(value: bytes | None) -> str | None:
    return None if value is None else value.decode("utf-8", "replace")


def execute_simple(conn: pq.PGconn, sql: str, timeout: float = STATEMENT_TIMEOUT, *,
                   copy_data: bytes | None = None,
                   copied: list[bytes] | None = None) -> list[pq.PGresult]:
    """Send one Query message and collect every result, with a deadline.

    libpq's PQexec would block forever on a hung server; this waits on the socket
    with select() so that a hang becomes a TimeoutError instead. COPY ... TO STDOUT's
    data lines go to `copied`; COPY ... FROM STDIN is sent `copy_data` (none: an empty
    copy), as psql sends a script's inline data. (libpq hands a COPY state result back
    on every call until the copy is over: without this a script's COPY looped for ever.)"""
    conn.send_query(sql.encode("utf-8"))      # raises psycopg.OperationalError on failure
    deadline = time.monotonic() + timeout
    while conn.flush() != 0:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"timed out sending {sql!r}")
        select.select([], [conn.socket], [], remaining)
    results = []
    while True:
        while conn.is_busy():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no answer within {timeout} s to {sql!r}")
            readable, _, _ = select.select([conn.socket], [], [], remaining)
            if readable:
                conn.consume_input()
        result = conn.get_result()
        if result is None:
            return results
        if result.status == pq.ExecStatus.COPY_OUT:
            _read_copy_out(conn, copied if copied is not None else [], deadline)
            continue
        if result.status == pq.ExecStatus.COPY_IN:
            if copy_data:
                conn.put_copy_data(copy_data)
            conn.put_copy_end()
            continue
        results.append(result)


def _read_copy_out(conn: pq.PGconn, into: list[bytes], deadline: float) -> None:
    while True:
        nbytes, data = conn.get_copy_data(1)
        if nbytes == -1:
            return
        if nbytes == -2:
            raise OSError(_decode(conn.error_message))
        if nbytes == 0:                      # nothing buffered yet: wait for the socket
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no end of COPY data")
            select.select([conn.socket], [], [], remaining)
            conn.consume_input()
            continue
        into.append(bytes(data))


def _outcome_from(results: list[pq.PGresult], conn: pq.PGconn) -> Outcome:
    if not results:
        return Outcome("lost", message="no result")
    # One statement per Query: the last result is the statement's (an error, if any).
    errors = [r for r in results if r.status == pq.ExecStatus.FATAL_ERROR]
    result = errors[0] if errors else results[-1]
    status = _TRANSACTION_STATUS.get(conn.transaction_status, "?")
    if result.status == pq.ExecStatus.FATAL_ERROR:
        sqlstate = _decode(result.error_field(pq.DiagnosticField.SQLSTATE))
        if sqlstate is None:
            return Outcome("lost", message=_decode(result.error_message))
        return Outcome(
            "error", sqlstate=sqlstate,
            message=_decode(result.error_field(pq.DiagnosticField.MESSAGE_PRIMARY)),
            position=_decode(result.error_field(pq.DiagnosticField.STATEMENT_POSITION)),
            transaction_status=status)
    if result.status == pq.ExecStatus.EMPTY_QUERY:
        return Outcome("empty", transaction_status=status)
    outcome = Outcome("ok", command_tag=_decode(result.command_status), transaction_status=status)
    if result.status == pq.ExecStatus.TUPLES_OK:
        outcome.columns = [(_decode(result.fname(i)), result.ftype(i)) for i in range(result.nfields)]
        outcome.rows = [tuple(_decode(result.get_value(r, c)) for c in range(result.nfields))
                        for r in range(result.ntuples)]
    return outcome


_ORDER_BY = re.compile(r"\border\s+by\b", re.IGNORECASE)
_EXPLAIN = re.compile(r"^\s*explain\b", re.IGNORECASE)


def run_statement(conn: pq.PGconn, sql: str, timeout: float = STATEMENT_TIMEOUT, *,
                  copy_data: str | None = None) -> Outcome:
    notices: list[str] = []
    copied: list[bytes] = []
    conn.notice_handler = lambda res: notices.append(
        f"{_decode(res.error_field(pq.DiagnosticField.SEVERITY_NONLOCALIZED))}: "
        f"{_decode(res.error_field(pq.DiagnosticField.MESSAGE_PRIMARY))}")
    try:
        results = execute_simple(conn, sql, timeout, copied=copied,
                                 copy_data=None if copy_data is None else copy_data.encode())
        outcome = _outcome_from(results, conn)
        if copied and outcome.status == "ok":       # COPY ... TO STDOUT: its lines as rows
            outcome.rows = [(line.decode("utf-8", "replace"),) for line in copied]
    except TimeoutError as exc:
        return Outcome("timeout", message=str(exc))
    except Exception as exc:   # psycopg.OperationalError & co: the connection broke
        return Outcome("lost", message=f"{type(exc).__name__}: {exc}")
    outcome.notices = notices
    if outcome.rows is not None and _EXPLAIN.match(sql):
        outcome.explain = explain_shape([row[0] or "" for row in outcome.rows])
    elif outcome.rows is not None and not _ORDER_BY.search(sql):
        outcome.rows = sorted(outcome.rows, key=lambda row: [(v is None, v or "") for v in row])
    return outcome


def run_script(dsn: str, statements: list[ScriptStatement],
               timeout: float = STATEMENT_TIMEOUT) -> list[Outcome]:
    """Run statements in order on one connection; after a lost connection the rest are 'lost'."""
    try:
        conn = connect_raw(dsn)
    except Exception as exc:
        return [Outcome("lost", message=f"could not connect: {exc}") for _ in statements]
    outcomes: list[Outcome] = []
    try:
        for statement in statements:
            if outcomes and outcomes[-1].status in ("lost", "timeout"):
                outcomes.append(Outcome("lost", message="not run: connection lost earlier"))
                continue
            outcomes.append(run_statement(conn, statement.sql, timeout,
                                          copy_data=statement.copy_data))
    finally:
        conn.finish()
    return outcomes


# -- EXPLAIN shapes -------------------------------------------------------------
_NODE_LINE = re.compile(r"^(?P<indent>\s*)(?:->\s+)?(?P<node>[^(]+?)\s*(?:\(|$)")


def _node_name(text: str) -> str:
    # "Seq Scan on t x", "Index Scan using t_pkey on t": keep the node type only;
    # relation and index names would make the comparison about naming, not shape.
    name = re.split(r"\s+(?:on|using)\s+", text, maxsplit=1)[0]
    return name.strip()


def explain_shape(lines: list[str]) -> tuple:
    """(name, (children...)) of the plan in EXPLAIN's text output.

    A node line is the first line or one containing '->'; other lines (Filter:, Sort
    Key:, Hash Cond: ...) are details and ignored. Nesting follows the column of '->'."""
    nodes: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        if index == 0:
            match = _NODE_LINE.match(line)
            if match:
                nodes.append((-1, _node_name(match.group("node"))))
            continue
        arrow = line.find("->")
        if arrow < 0:
            continue
        text = line[arrow + 2:]
        text = text.split("  (", 1)[0]
        text = re.split(r"\s+\(cost=|\s+\(actual", text, maxsplit=1)[0]
        nodes.append((arrow, _node_name(text)))
    if not nodes:
        return ()

    def build(position: int) -> tuple[tuple, int]:
        depth, name = nodes[position]
        children = []
        position += 1
        while position < len(nodes) and nodes[position][0] > depth:
            child, position = build(position)
            children.append(child)
        return (name, tuple(children)), position

    tree, _ = build(0)
    return tree


# -- comparison -----------------------------------------------------------------
def compare_outcomes(statements: list[ScriptStatement], expected: list[Outcome],
                     actual: list[Outcome], *, expected_name: str = "oracle",
                     actual_name: str = "pgsnake", compare_notices: bool = False,
                     compare_explain_text: bool = False) -> list[str]:
    """Human-readable differences, one entry per statement that differs."""
    problems = []
    broken = [n for n, o in enumerate(expected, start=1) if o.status in ("lost", "timeout")]
    if broken:
        # The reference itself failed: comparing would let two broken runs "agree".
        problems.append(f"{expected_name} lost its connection at statement(s) {broken}: "
                        f"{expected[broken[0] - 1].message}")
    for number, (statement, want, got) in enumerate(zip(statements, expected, actual), start=1):
        a = want.comparable(compare_notices=compare_notices,
                            compare_explain_text=compare_explain_text)
        b = got.comparable(compare_notices=compare_notices,
                           compare_explain_text=compare_explain_text)
        if a == b:
            continue
        lines = [f"statement {number} (line {statement.line}): {statement.sql}"]
        for key in dict.fromkeys([*a, *b]):   # (an EXPLAIN shape may be on one side only)
            if a.get(key) == b.get(key):
                continue
            if key == "rows" and a[key] is not None and b[key] is not None:
                lines.append(f"  rows differ ({len(a[key])} vs {len(b[key])}):")
                lines += [f"    - {expected_name}: {row}" for row in a[key] if row not in b[key]]
                lines += [f"    + {actual_name}: {row}" for row in b[key] if row not in a[key]]
                if all(row in b[key] for row in a[key]) and all(row in a[key] for row in b[key]):
                    lines.append(f"    (same rows, different order or multiplicity)")
            else:
                lines.append(f"  {key}: {expected_name}={a.get(key)!r} "
                             f"{actual_name}={b.get(key)!r}")
        if want.status == "error" or got.status == "error":
            for name, outcome in ((expected_name, want), (actual_name, got)):
                if outcome.status in ("error", "lost", "timeout"):
                    lines.append(f"  ({name} said: {outcome.sqlstate} {outcome.message})")
        problems.append("\n".join(lines))
    if len(expected) != len(actual):
        problems.append(f"outcome counts differ: {len(expected)} vs {len(actual)}")
    return problems


def diff_script(expected_dsn: str, actual_dsn: str, statements: list[ScriptStatement], *,
                expected_name: str = "oracle", actual_name: str = "pgsnake",
                compare_notices: bool = False,
                compare_explain_text: bool = False) -> str | None:
    """Run statements on both servers; None if they agree, else a readable report."""
    expected = run_script(expected_dsn, statements)
    actual = run_script(actual_dsn, statements)
    problems = compare_outcomes(statements, expected, actual, expected_name=expected_name,
                                actual_name=actual_name, compare_notices=compare_notices,
                                compare_explain_text=compare_explain_text)
    if not problems:
        return None
    return f"{len(problems)} of {len(statements)} statements differ:\n\n" + "\n\n".join(problems)
