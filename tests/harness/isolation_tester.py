"""Isolation tester: PostgreSQL's isolation spec files, run against any server.

A spec describes sessions (one connection each) and their steps (SQL blocks), and
permutations: orders in which steps from different sessions are run. The tester sends
each step asynchronously; when a step does not finish within 10 ms it asks the server,
over a separate control connection, whether that session is blocked by another one
(`pg_isolation_test_session_is_blocked`). A blocked step is printed as `<waiting ...>`,
the tester goes on with the next step, and prints `<... completed>` and the step's
results once the step finishes. The result is one text per spec, laid out exactly as
PostgreSQL 15's isolationtester prints it, so the text from pgsnake can be compared
with the text from a real PostgreSQL running the same spec.

Entry points:
    parse_spec(text, name) -> Spec           the spec language (SpecSyntaxError)
    load_spec(path) -> Spec
    permutations_of(spec) -> list[Permutation]   named ones, or every interleaving
    run_spec(dsn, spec, step_timeout=...) -> IsolationRun   .output (text), .aborted
    format_result_table(names, rows) -> bytes     libpq's PQprint layout

Invariants:
1. Output is byte-for-byte what isolationtester prints: `step NAME: SQL`, a
   `<waiting ...>` suffix for a step seen blocked, `step NAME: <... completed>` when it
   finishes, errors as `SEVERITY:  primary message` only (no DETAIL, no SQLSTATE),
   notices as `SESSION: ` + the message libpq formatted, result sets in PQprint's
   aligned layout. Notices are printed when libpq parses them, which may be before
   the `step` line of the step that caused them, as in isolationtester.
2. A step is reported waiting only when the server says its session is blocked by
   another session of the spec (or a blocker annotation says so); a step that is merely
   slow is waited for. This is what makes the output independent of speed.
3. Every blocking wait has a deadline (`step_timeout`, default 30 s): a hung server
   aborts the run with a message naming the step, and fails one test, not the suite.
4. Connections are kept across permutations, as isolationtester does: session state set
   by a session's setup block carries over.

Where we differ from isolationtester:
- Backend pids come from `SELECT pg_backend_pid()`, not PQbackendPID, and we do not set
  application_name to `.../session` (pgsnake does not need it to answer correctly).
- On a deadline we abort (after cancelling the active steps) instead of cancelling at
  max_step_wait and exiting at twice that; COPY results abort instead of looping.
- Messages isolationtester writes to stderr (`unused step name`, `setup failed`, ...)
  are part of the output text, at the place where `2>&1` would put them.
- If the server has no pg_isolation_test_session_is_blocked, no step is ever reported
  waiting; a step that really blocks then runs into its deadline, and the abort message
  says that the server could not report blocking.

PostgreSQL: src/test/isolation/isolationtester.c (run_permutation, try_complete_step,
try_complete_steps), specparse.y and specscanner.l (the spec language), README;
src/interfaces/libpq/fe-print.c (PQprint, used for result sets).
"""
from __future__ import annotations

import re
import select
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path

from psycopg import pq

STEP_TIMEOUT = 30.0          # seconds a blocking wait may last before the run is aborted
POLL_INTERVAL = 0.010        # isolationtester's select() timeout before asking "blocked?"
CLEANUP_TIMEOUT = 5.0        # seconds the teardown after an aborted run may take
CONNECT_TIMEOUT = 10
WAIT_QUERY_NAME = b"isolationtester_waiting"


# -- the spec --------------------------------------------------------------------------
class SpecSyntaxError(ValueError):
    """The spec text is not valid (scanner or grammar error, or a bad step reference)."""


@dataclass(frozen=True)
class Blocker:
    """A blocker annotation on a permutation step.

    kind 'step':    `s(other)`: s counts as waiting while `other` is the active step of
                    its session.
    kind 'notices': `s(other notices N)`: s waits until `other`'s session has emitted N
                    more notices than when s was sent.
    kind 'once':    `s(*)`: s is reported waiting at once, without asking the server.
    """
    kind: str
    step_name: str | None = None
    notices: int = 0


@dataclass(frozen=True)
class PermutationStep:
    name: str
    blockers: tuple[Blocker, ...] = ()


@dataclass(frozen=True)
class Permutation:
    steps: tuple[PermutationStep, ...]


@dataclass
class Step:
    name: str
    sql: str
    session: int = -1        # index into Spec.sessions


@dataclass
class Session:
    name: str
    setup: str | None
    steps: list[Step]
    teardown: str | None


@dataclass
class Spec:
    name: str
    setup: list[str]
    teardown: str | None
    sessions: list[Session]
    permutations: list[Permutation]
    warnings: list[str] = field(default_factory=list)   # isolationtester's stderr notes

    def step(self, name: str) -> Step:
        for session in self.sessions:
            for step in session.steps:
                if step.name == name:
                    return step
        raise KeyError(name)


# -- scanner (specscanner.l) -----------------------------------------------------------
_KEYWORDS = {"notices", "permutation", "session", "setup", "step", "teardown"}
_SPACE = " \t\r\f"
_IDENT_START = re.compile(r"[A-Za-z_\x80-\U0010ffff]")
_IDENT = re.compile(r"[A-Za-z_\x80-\U0010ffff][A-Za-z_0-9$\x80-\U0010ffff]*")
_SQL_END = re.compile(r"[ \t\r\f]*\}")


@dataclass(frozen=True)
class _Token:
    kind: str        # a keyword, 'identifier', 'integer', 'sql', one of ',()*', or 'eof'
    value: str
    line: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    line = 1
    pos = 0
    n = len(text)
    while pos < n:
        ch = text[pos]
        if ch == "\n":
            line += 1
            pos += 1
        elif ch in _SPACE:
            pos += 1
        elif ch == "#":
            while pos < n and text[pos] not in "\n\r":
                pos += 1
        elif ch == '"':
            # Quoted identifier; "" inside stands for one quote.
            pos += 1
            chars = []
            while True:
                if pos >= n:
                    raise SpecSyntaxError(f"unterminated quoted identifier at line {line}")
                c = text[pos]
                if c == "\n":
                    raise SpecSyntaxError(f"unexpected newline in quoted identifier at line {line}")
                if c == '"':
                    if text.startswith('""', pos):
                        chars.append('"')
                        pos += 2
                        continue
                    pos += 1
                    break
                chars.append(c)
                pos += 1
            tokens.append(_Token("identifier", "".join(chars), line))
        elif ch == "{":
            # SQL block: leading blanks (not newlines) are dropped, and so are the blanks
            # before the first '}' -- which ends the block: there is no nesting.
            start_line = line
            pos += 1
            while pos < n and text[pos] in _SPACE:
                pos += 1
            chars = []
            while True:
                if pos >= n:
                    raise SpecSyntaxError(f"unterminated sql block at line {line}")
                end = _SQL_END.match(text, pos)
                if end:
                    pos = end.end()
                    break
                if text[pos] == "\n":
                    line += 1
                chars.append(text[pos])
                pos += 1
            tokens.append(_Token("sql", "".join(chars), start_line))
        elif ch.isdigit() and ch.isascii():
            end = pos
            while end < n and text[end].isascii() and text[end].isdigit():
                end += 1
            tokens.append(_Token("integer", text[pos:end], line))
            pos = end
        elif _IDENT_START.match(ch):
            word = _IDENT.match(text, pos).group(0)
            tokens.append(_Token(word if word in _KEYWORDS else "identifier", word, line))
            pos += len(word)
        elif ch in ",()*":
            tokens.append(_Token(ch, ch, line))
            pos += 1
        else:
            raise SpecSyntaxError(f'syntax error at line {line}: unexpected character "{ch}"')
    tokens.append(_Token("eof", "", line))
    return tokens


# -- parser (specparse.y) --------------------------------------------------------------
class _Parser:
    def __init__(self, tokens: list[_Token]):
        self.tokens = tokens
        self.pos = 0

    @property
    def peek(self) -> _Token:
        return self.tokens[self.pos]

    def accept(self, kind: str) -> _Token | None:
        if self.peek.kind == kind:
            self.pos += 1
            return self.tokens[self.pos - 1]
        return None

    def expect(self, kind: str) -> _Token:
        token = self.accept(kind)
        if token is None:
            raise SpecSyntaxError(f"syntax error at line {self.peek.line}")
        return token

    def sql_block(self) -> str:
        return self.expect("sql").value

    def spec(self, name: str) -> Spec:
        setup = []
        while self.accept("setup"):
            setup.append(self.sql_block())
        teardown = self.sql_block() if self.accept("teardown") else None
        sessions = [self.session()]
        while self.peek.kind == "session":
            sessions.append(self.session())
        permutations = []
        while self.peek.kind == "permutation":
            permutations.append(self.permutation())
        self.expect("eof")
        return Spec(name, setup, teardown, sessions, permutations)

    def session(self) -> Session:
        self.expect("session")
        name = self.expect("identifier").value
        setup = self.sql_block() if self.accept("setup") else None
        steps = [self.step()]
        while self.peek.kind == "step":
            steps.append(self.step())
        teardown = self.sql_block() if self.accept("teardown") else None
        return Session(name, setup, steps, teardown)

    def step(self) -> Step:
        self.expect("step")
        name = self.expect("identifier").value
        return Step(name, self.sql_block())

    def permutation(self) -> Permutation:
        self.expect("permutation")
        steps = [self.permutation_step()]
        while self.peek.kind == "identifier":
            steps.append(self.permutation_step())
        return Permutation(tuple(steps))

    def permutation_step(self) -> PermutationStep:
        name = self.expect("identifier").value
        blockers = []
        if self.accept("("):
            blockers.append(self.blocker())
            while self.accept(","):
                blockers.append(self.blocker())
            self.expect(")")
        return PermutationStep(name, tuple(blockers))

    def blocker(self) -> Blocker:
        if self.accept("*"):
            return Blocker("once")
        other = self.expect("identifier").value
        if self.accept("notices"):
            return Blocker("notices", other, int(self.expect("integer").value))
        return Blocker("step", other)


def _check(spec: Spec) -> None:
    """isolationtester's check_testspec: unique names, references that resolve."""
    steps: dict[str, Step] = {}
    for index, session in enumerate(spec.sessions):
        for step in session.steps:
            if step.name in steps:
                raise SpecSyntaxError(f"duplicate step name: {step.name}")
            step.session = index
            steps[step.name] = step
    used: set[str] = set()
    for permutation in spec.permutations:
        names = [p.name for p in permutation.steps]
        for pstep in permutation.steps:
            if pstep.name not in steps:
                raise SpecSyntaxError(f'undefined step "{pstep.name}" specified in permutation')
            used.add(pstep.name)
        for pstep in permutation.steps:
            for blocker in pstep.blockers:
                if blocker.kind == "once":
                    continue
                if blocker.step_name not in names:
                    raise SpecSyntaxError(
                        f'undefined blocking step "{blocker.step_name}" referenced in '
                        f'permutation step "{pstep.name}"')
                if steps[blocker.step_name].session == steps[pstep.name].session:
                    raise SpecSyntaxError(
                        f'permutation step "{pstep.name}" cannot block on its own session')
    if spec.permutations:
        spec.warnings = [f"unused step name: {name}" for name in sorted(steps) if name not in used]


def parse_spec(text: str, name: str = "spec") -> Spec:
    """Parse and check a spec; raises SpecSyntaxError with isolationtester's wording."""
    spec = _Parser(_tokenize(text)).spec(name)
    _check(spec)
    return spec


def load_spec(path: str | Path) -> Spec:
    path = Path(path)
    return parse_spec(path.read_text(encoding="utf-8"), path.stem)


def permutations_of(spec: Spec) -> list[Permutation]:
    """The named permutations, or else every interleaving of the sessions' steps.

    Interleavings come in isolationtester's order: at each position, sessions are
    tried in spec order."""
    if spec.permutations:
        return list(spec.permutations)
    result: list[Permutation] = []
    piles = [0] * len(spec.sessions)
    chosen: list[PermutationStep] = []

    def recurse() -> None:
        found = False
        for index, session in enumerate(spec.sessions):
            if piles[index] < len(session.steps):
                chosen.append(PermutationStep(session.steps[piles[index]].name))
                piles[index] += 1
                recurse()
                piles[index] -= 1
                chosen.pop()
                found = True
        if not found:
            result.append(Permutation(tuple(chosen)))

    recurse()
    return result


# -- result sets (libpq fe-print.c, PQprint with header, align, fieldSep "|") ----------
_NUMERIC_BYTES = frozenset(b"0123456789.Ee -")


def _looks_numeric(value: bytes) -> bool:
    # PQprint's test: only digits, '.', 'E', 'e', ' ', '-'; not starting with E/e, and
    # ending in a digit.
    return (all(b in _NUMERIC_BYTES for b in value) and value[:1] not in (b"E", b"e")
            and value[-1:].isdigit())


def format_result_table(names: list[bytes], rows: list[list[bytes | None]]) -> bytes:
    """A result set as PQprint lays it out: header, dashes, rows, `(N rows)`, blank line.

    Widths are in bytes (PQprint pads with printf's %-*s). A column is right-aligned
    when every non-empty value in it looks numeric. NULL prints like ''. A result
    without columns prints nothing at all."""
    if not names:
        return b""
    widths = [len(name) for name in names]
    numeric = [True] * len(names)
    for row in rows:
        for j, value in enumerate(row):
            if not value:
                continue
            if numeric[j] and not _looks_numeric(value):
                numeric[j] = False
            widths[j] = max(widths[j], len(value))

    def cell(j: int, value: bytes | None) -> bytes:
        value = value or b""
        return value.rjust(widths[j]) if numeric[j] else value.ljust(widths[j])

    lines = [b"|".join(cell(j, name) for j, name in enumerate(names)),
             b"+".join(b"-" * width for width in widths)]
    lines += [b"|".join(cell(j, value) for j, value in enumerate(row)) for row in rows]
    count = len(rows)
    lines.append(b"(%d row%s)" % (count, b"" if count == 1 else b"s"))
    return b"\n".join(lines) + b"\n\n"


def _result_table(res: pq.PGresult) -> bytes:
    names = [res.fname(j) or b"" for j in range(res.nfields)]
    rows = [[res.get_value(i, j) for j in range(res.nfields)] for i in range(res.ntuples)]
    return format_result_table(names, rows)


# -- running a spec --------------------------------------------------------------------
class IsolationAbort(Exception):
    """The run cannot go on (a deadline passed, a connection or setup failed)."""


@dataclass
class IsolationRun:
    """What running one spec produced."""
    spec: str
    output: str                      # the text isolationtester would print
    aborted: str | None = None       # why the run stopped early, or None
    blocking_detection: str | None = None   # why the server could not report waits


def _text(value: bytes | None) -> str:
    return "" if value is None else value.decode("utf-8", "replace")


def _consume_quietly(pgconn: pq.PGconn) -> None:
    try:
        pgconn.consume_input()
    except Exception:
        pass


def _at_eof(pgconn: pq.PGconn) -> bool:
    """Whether the server has closed the connection and nothing is left to read."""
    try:
        sock = socket.fromfd(pgconn.socket, socket.AF_INET, socket.SOCK_STREAM)
    except Exception:
        return True
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        sock.close()


class _Conn:
    """One connection: the control connection (index 0) or a session's."""

    def __init__(self, dsn: str, name: str, printer):
        self.name = name
        self.pg = pq.PGconn.connect(f"{dsn} connect_timeout={CONNECT_TIMEOUT}".encode())
        if self.pg.status != pq.ConnStatus.OK:
            message = _text(self.pg.error_message)
            self.pg.finish()
            raise IsolationAbort(f"Connection for {name} failed: {message}")
        self.active_step: PermutationStep | None = None
        self.total_notices = 0
        self.pid = ""
        self._printer = printer

    def listen_for_notices(self, runner: "_Runner") -> None:
        def on_notice(res: pq.PGresult) -> None:
            # isolationtester's notice processor: the session name, then the message as
            # libpq formatted it (it ends with a newline).
            self._printer(f"{self.name}: {_text(res.error_message)}")
            self.total_notices += 1
            runner.any_new_notice = True
        self.pg.notice_handler = on_notice


class _Runner:
    def __init__(self, dsn: str, spec: Spec, step_timeout: float):
        self.dsn = dsn
        self.spec = spec
        self.step_timeout = step_timeout
        self.out: list[str] = []
        self.conns: list[_Conn] = []
        self.any_new_notice = False
        self.blocking_detection: str | None = None
        # (id of a permutation step, its notices blocker) -> the notice count of the
        # blocker's session at which the step may complete
        self._notice_targets: dict[tuple[int, Blocker], int] = {}

    # -- plumbing ---------------------------------------------------------------------
    def print(self, text: str) -> None:
        self.out.append(text)

    def conn_of(self, pstep: PermutationStep) -> _Conn:
        return self.conns[1 + self.spec.step(pstep.name).session]

    def _wait_for_result(self, conn: _Conn, what: str, deadline: float) -> None:
        """Read until libpq has a whole result (or the deadline passes).

        The end of the connection is left for get_result() to find, so that it reports
        it as libpq's blocking PQgetResult does in isolationtester: as one more error
        result ("server closed the connection unexpectedly"). Reading the EOF ourselves
        would make libpq word that result differently."""
        while conn.pg.is_busy():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise IsolationAbort(f"{what} timed out after {self.step_timeout:.0f} seconds"
                                     f"{self._blocking_note()}")
            readable, _, _ = select.select([conn.pg.socket], [], [], min(remaining, 1.0))
            if readable:
                if _at_eof(conn.pg):
                    return
                try:
                    conn.pg.consume_input()
                except Exception:
                    return

    def _consume(self, conn: _Conn) -> None:
        try:
            conn.pg.consume_input()
        except Exception as exc:
            raise IsolationAbort(f"PQconsumeInput failed: {exc}") from exc

    def _exec(self, conn: _Conn, sql: str, what: str) -> pq.PGresult | None:
        """PQexec with a deadline: send, then keep the last result (as PQexec does)."""
        try:
            conn.pg.send_query(sql.encode("utf-8"))
        except Exception as exc:
            raise IsolationAbort(f"{what} failed: {exc}") from exc
        return self._collect(conn, what)

    def _blocking_note(self) -> str:
        if self.blocking_detection:
            return (" (the server cannot report blocked sessions: "
                    f"{self.blocking_detection})")
        return ""

    # -- connections ------------------------------------------------------------------
    def connect(self) -> None:
        names = ["control connection"] + [s.name for s in self.spec.sessions]
        for index, name in enumerate(names):
            conn = _Conn(self.dsn, name, self.print)
            self.conns.append(conn)
            if index == 0:
                conn.pg.notice_handler = lambda res: None     # the control connection is silent
            else:
                conn.listen_for_notices(self)
            res = self._exec(conn, "SELECT pg_backend_pid()", f"backend pid query for {name}")
            if res is None or res.status != pq.ExecStatus.TUPLES_OK or res.ntuples != 1:
                message = _text(res.error_message) if res is not None else "no result"
                raise IsolationAbort(f"backend pid query failed: {message}")
            conn.pid = _text(res.get_value(0, 0))
        self._prepare_wait_query()

    def _prepare_wait_query(self) -> None:
        pids = ",".join(conn.pid for conn in self.conns[1:])
        sql = f"SELECT pg_catalog.pg_isolation_test_session_is_blocked($1, '{{{pids}}}')"
        try:
            self.conns[0].pg.send_prepare(WAIT_QUERY_NAME, sql.encode())
        except Exception as exc:
            raise IsolationAbort(f"prepare of lock wait query failed: {exc}") from exc
        res = self._collect(self.conns[0], "prepare of lock wait query")
        if res is None or res.status != pq.ExecStatus.COMMAND_OK:
            self.blocking_detection = (_text(res.error_field(pq.DiagnosticField.MESSAGE_PRIMARY))
                                       if res is not None else "no result")

    def _collect(self, conn: _Conn, what: str) -> pq.PGresult | None:
        deadline = time.monotonic() + self.step_timeout
        last = None
        while True:
            self._wait_for_result(conn, what, deadline)
            res = conn.pg.get_result()
            if res is None:
                return last
            last = res

    def _is_blocked(self, conn: _Conn) -> bool:
        """The control connection asks whether `conn`'s session waits for another one."""
        if self.blocking_detection:
            return False
        control = self.conns[0]
        try:
            control.pg.send_query_prepared(WAIT_QUERY_NAME, [conn.pid.encode()])
        except Exception as exc:
            raise IsolationAbort(f"lock wait query failed: {exc}") from exc
        res = self._collect(control, "lock wait query")
        if res is None or res.status != pq.ExecStatus.TUPLES_OK or res.ntuples != 1:
            # A server without the function answers nothing useful: treat every session
            # as not blocked (invariant 2) and let the deadline explain a real block.
            self.blocking_detection = (
                _text(res.error_field(pq.DiagnosticField.MESSAGE_PRIMARY))
                if res is not None else "no result")
            return False
        return res.get_value(0, 0) == b"t"

    def close(self) -> None:
        for conn in self.conns:
            if conn.active_step is not None:
                try:
                    conn.pg.get_cancel().cancel()
                except Exception:
                    pass
        for conn in self.conns:
            try:
                conn.pg.finish()
            except Exception:
                pass
        self.conns = []

    # -- one permutation (isolationtester's run_permutation) ---------------------------
    def run_permutation(self, permutation: Permutation) -> None:
        self.print("\nstarting permutation:" + "".join(f" {p.name}" for p in permutation.steps)
                   + "\n")
        control = self.conns[0]
        for sql in self.spec.setup:
            res = self._exec(control, sql, "setup")
            self._print_setup_result(res, "setup failed: ", control, fatal=True)
        for index, session in enumerate(self.spec.sessions):
            if session.setup is not None:
                conn = self.conns[1 + index]
                res = self._exec(conn, session.setup, f"setup of session {session.name}")
                self._print_setup_result(res, f"setup of session {session.name} failed: ",
                                         conn, fatal=True)

        waiting: list[PermutationStep] = []
        for pstep in permutation.steps:
            conn = self.conn_of(pstep)
            if conn.active_step is not None:
                # The session is still busy with an earlier step: wait for that one to
                # finish, giving the other waiting steps their chance meanwhile.
                deadline = time.monotonic() + self.step_timeout
                while conn.active_step is not None:
                    oldstep = conn.active_step
                    if not self.try_complete_step(oldstep, nonblock=False, retry=True):
                        waiting.remove(oldstep)
                    waiting = self.try_complete_steps(waiting, nonblock=True)
                    if conn.active_step is not None and time.monotonic() > deadline:
                        active = " ".join(c.active_step.name for c in self.conns[1:]
                                          if c.active_step is not None)
                        raise IsolationAbort(
                            f"step {conn.active_step.name} timed out after "
                            f"{self.step_timeout:.0f} seconds; active steps are: {active}"
                            f"{self._blocking_note()}")
            step = self.spec.step(pstep.name)
            try:
                conn.pg.send_query(step.sql.encode("utf-8"))
            except Exception:
                raise IsolationAbort(f"failed to send query for step {step.name}: "
                                     f"{_text(conn.pg.error_message).rstrip()}")
            conn.active_step = pstep
            for blocker in pstep.blockers:
                if blocker.kind == "notices":
                    other = self.conns[1 + self.spec.step(blocker.step_name).session]
                    self._notice_targets[(id(pstep), blocker)] = (
                        blocker.notices + other.total_notices)
            mustwait = self.try_complete_step(pstep, nonblock=True, retry=False)
            waiting = self.try_complete_steps(waiting, nonblock=True)
            if mustwait:
                waiting.append(pstep)

        waiting = self.try_complete_steps(waiting, nonblock=False)
        if waiting:
            raise IsolationAbort("failed to complete permutation due to mutually-blocking steps")

        for index, session in enumerate(self.spec.sessions):
            if session.teardown is not None:
                conn = self.conns[1 + index]
                res = self._exec(conn, session.teardown, f"teardown of session {session.name}")
                self._print_setup_result(res, f"teardown of session {session.name} failed: ",
                                         conn, fatal=False)
        if self.spec.teardown is not None:
            res = self._exec(control, self.spec.teardown, "teardown")
            self._print_setup_result(res, "teardown failed: ", control, fatal=False)

    def _print_setup_result(self, res: pq.PGresult | None, failure: str, conn: _Conn,
                            fatal: bool) -> None:
        if res is None:
            return
        if res.status == pq.ExecStatus.TUPLES_OK:
            self.print(_text(_result_table(res)))
        elif res.status != pq.ExecStatus.COMMAND_OK:
            message = failure + _text(conn.pg.error_message or res.error_message)
            if fatal:
                raise IsolationAbort(message.rstrip("\n"))
            self.print(message)

    def try_complete_steps(self, waiting: list[PermutationStep], *,
                           nonblock: bool) -> list[PermutationStep]:
        """Give every waiting step a chance to finish; return those still waiting.

        With blocker annotations, one step finishing (or a new notice) may release
        another one earlier in the list, so go round again while that happens."""
        while True:
            self.any_new_notice = False
            before = len(waiting)
            have_blocker = False
            still = []
            for pstep in waiting:
                if self.try_complete_step(pstep, nonblock=nonblock, retry=True):
                    if pstep.blockers:
                        have_blocker = True
                    still.append(pstep)
            waiting = still
            if not (have_blocker and (len(waiting) < before or self.any_new_notice)):
                return waiting

    def try_complete_step(self, pstep: PermutationStep, *, nonblock: bool, retry: bool) -> bool:
        """isolationtester's try_complete_step: True if the step is (still) waiting.

        nonblock: return as soon as the server says the session is blocked.
        retry:    the step was sent earlier (print `<... completed>`, never `<waiting>`)."""
        step = self.spec.step(pstep.name)
        conn = self.conns[1 + step.session]
        if not retry and any(b.kind == "once" for b in pstep.blockers):
            self.print(f"step {step.name}: {step.sql} <waiting ...>\n")
            return True
        start = time.monotonic()
        while conn.pg.is_busy():
            if time.monotonic() - start > self.step_timeout:
                raise IsolationAbort(f"step {step.name} timed out after "
                                     f"{self.step_timeout:.0f} seconds{self._blocking_note()}")
            readable, _, _ = select.select([conn.pg.socket], [], [], POLL_INTERVAL)
            if readable:
                self._consume(conn)
                continue
            if nonblock and self._is_blocked(conn):
                # The step may have finished between our select and the server's answer.
                self._consume(conn)
                if not conn.pg.is_busy():
                    break
                if not retry:
                    self.print(f"step {step.name}: {step.sql} <waiting ...>\n")
                return True

        if self._has_blocker(pstep):
            if not retry:
                self.print(f"step {step.name}: {step.sql} <waiting ...>\n")
            return True

        if retry:
            self.print(f"step {step.name}: <... completed>\n")
        else:
            self.print(f"step {step.name}: {step.sql}\n")
        deadline = time.monotonic() + self.step_timeout
        while True:
            self._wait_for_result(conn, f"step {step.name}", deadline)
            res = conn.pg.get_result()
            if res is None:
                break
            self._print_step_result(res)
        self._print_notifications(conn)
        conn.active_step = None
        return False

    def _print_step_result(self, res: pq.PGresult) -> None:
        status = res.status
        if status in (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.EMPTY_QUERY):
            return
        if status == pq.ExecStatus.TUPLES_OK:
            self.print(_text(_result_table(res)))
        elif status == pq.ExecStatus.FATAL_ERROR:
            severity = res.error_field(pq.DiagnosticField.SEVERITY)
            message = res.error_field(pq.DiagnosticField.MESSAGE_PRIMARY)
            if severity is not None and message is not None:
                self.print(f"{_text(severity)}:  {_text(message)}\n")
            else:
                self.print(f"{_text(res.error_message)}\n")
        else:
            self.print(f"unexpected result status: PGRES_{pq.ExecStatus(status).name}\n")
            if status in (pq.ExecStatus.COPY_IN, pq.ExecStatus.COPY_OUT, pq.ExecStatus.COPY_BOTH):
                # isolationtester loops forever here; a step must not use COPY.
                raise IsolationAbort("COPY is not supported in a step")

    def _print_notifications(self, conn: _Conn) -> None:
        # isolationtester ignores PQconsumeInput's failures here: a connection that just
        # ended has had its say in the results already.
        _consume_quietly(conn.pg)
        while (notify := conn.pg.notifies()) is not None:
            sender = next((c.name for c in self.conns[1:] if c.pid == str(notify.be_pid)),
                          f"PID {notify.be_pid}")
            self.print(f'{conn.name}: NOTIFY "{_text(notify.relname)}" with payload '
                       f'"{_text(notify.extra)}" from {sender}\n')
            _consume_quietly(conn.pg)

    def _has_blocker(self, pstep: PermutationStep) -> bool:
        for blocker in pstep.blockers:
            if blocker.kind == "step":
                other = self.conns[1 + self.spec.step(blocker.step_name).session]
                if other.active_step is not None and other.active_step.name == blocker.step_name:
                    return True
            elif blocker.kind == "notices":
                other = self.conns[1 + self.spec.step(blocker.step_name).session]
                if other.total_notices < self._notice_targets[(id(pstep), blocker)]:
                    return True
        return False

    # -- the whole spec ---------------------------------------------------------------
    def run(self) -> None:
        for warning in self.spec.warnings:
            self.print(warning + "\n")
        self.print(f"Parsed test spec with {len(self.spec.sessions)} sessions\n")
        self.connect()
        for permutation in permutations_of(self.spec):
            self.run_permutation(permutation)

    def cleanup_after_abort(self) -> None:
        """Best effort to leave the database as the spec found it: run its teardown."""
        if self.spec.teardown is None:
            return
        try:
            conn = _Conn(self.dsn, "cleanup", lambda text: None)
        except Exception:
            return
        # Locks left by a hung server may block the teardown: do not wait long for it.
        self.step_timeout = min(self.step_timeout, CLEANUP_TIMEOUT)
        try:
            conn.pg.notice_handler = lambda res: None
            self._exec(conn, self.spec.teardown, "teardown after abort")
        except Exception:
            pass
        finally:
            conn.pg.finish()


def run_spec(dsn: str, spec: Spec, *, step_timeout: float = STEP_TIMEOUT) -> IsolationRun:
    """Run every permutation of `spec` against the server at `dsn`; never raises for
    server behaviour: a run that cannot go on comes back with `aborted` set and the
    output up to that point (plus the reason, as isolationtester's stderr would show)."""
    runner = _Runner(dsn, spec, step_timeout)
    aborted = None
    try:
        runner.run()
    except IsolationAbort as exc:
        aborted = str(exc)
        runner.print(f"{aborted}\n")
    finally:
        runner.close()
    if aborted is not None:
        runner.cleanup_after_abort()
    return IsolationRun(spec.name, "".join(runner.out), aborted, runner.blocking_detection)
