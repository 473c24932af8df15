# Shared machinery of the crash-recovery torture tests: the seed, the schema, launching
# torture clients, reading their journals, and checking a recovered database against them.
"""Torture-test machinery (used by the numbered test_0xx files).

Entry points:
    torture_seed()                        the run's seed (PGSNAKE_TORTURE_SEED overrides)
    create_schema(server, clients)        torture + counters tables (B-tree indexed), one
                                          counter row each
    Workload(server, ...)                 K client processes for one round; .start() .wait()
    CheckpointLoop(server, seed)          a thread issuing CHECKPOINT now and then
    read_journal(path) -> ClientJournal   what one client started / saw acknowledged
    verify(server, history)               every check below, against the running server
    check_accepts_new_work(server)        a fresh transaction commits and is read back

What verify() asserts (the whole history of every round so far):
    1. every acknowledged COMMIT is present, with exactly its rows (no loss, no duplicate);
    2. every ROLLBACK, and every `rollback` transaction even if cut off, left no row;
    3. a transaction whose acknowledgement was lost is all-or-nothing;
    4. counters[c] == number of surviving `counter` transactions of client c, so the
       UPDATE and the marker INSERT of one transaction are atomic across two tables, and
       acknowledged <= counter <= acknowledged + unknown;
    5. no row exists for a transaction no client ever started;
    6. the outcome of an unknown transaction, once observed after a restart, never changes
       at a later restart (recovery is stable);
    7. amcheck finds both heaps sound (verify_heapam) and both B-tree indexes ordered and
       holding every live heap tuple (bt_index_check with heapallindexed).
With `allow_lost_acks` (synchronous_commit=off) check 1 becomes: the acknowledged
transactions that survive are, per client, a prefix of that client's acknowledged ones,
and every lost one was acknowledged within `lost_window` seconds of the crash.

PostgreSQL: src/test/recovery/t (crash tests), src/test/perl/PostgreSQL/Test/Cluster.pm
"""
from __future__ import annotations

import dataclasses
import os
import random
import subprocess
import sys
import threading
import time
from collections import defaultdict

CLIENT_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torture_client.py")


def torture_seed() -> int:
    """The run's seed: PGSNAKE_TORTURE_SEED if set, else random; printed for replay."""
    value = os.environ.get("PGSNAKE_TORTURE_SEED")
    seed = int(value) if value else random.SystemRandom().randrange(1, 2**31)
    print(f"torture seed: {seed} (rerun with PGSNAKE_TORTURE_SEED={seed})")
    return seed


# B-tree indexes the workload keeps up to date (page splits under concurrent inserts,
# HOT updates of the counters: their indexed column never changes); verify() checks
# each against its heap after recovery.
INDEXES = ("torture_key", "counters_client")


def create_schema(server, clients: int) -> None:
    with server.connect() as conn:
        conn.execute("CREATE TABLE torture (client int4 NOT NULL, round int4 NOT NULL, "
                     "txn int4 NOT NULL, part int4 NOT NULL, pad text)")
        conn.execute("CREATE INDEX torture_key ON torture (client, round, txn, part)")
        conn.execute("CREATE TABLE counters (client int4 NOT NULL, n int4 NOT NULL)")
        conn.execute("CREATE UNIQUE INDEX counters_client ON counters (client)")
        conn.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        for client in range(clients):
            conn.execute("INSERT INTO counters VALUES (%s, 0)", (client,), prepare=False)


# -- the journal ------------------------------------------------------------------------

@dataclasses.dataclass
class Txn:
    client: int
    round: int
    txn: int
    kind: str
    parts: int
    started: float
    outcome: str = "?"          # 'C' acknowledged, 'R' rolled back, '?' unknown
    finished: float = 0.0
    error: str = ""

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.client, self.round, self.txn)

    @property
    def writes_rows(self) -> bool:
        return self.kind != "read"


@dataclasses.dataclass
class ClientJournal:
    client: int
    round: int
    txns: list[Txn]
    bugs: list[str]             # 'X' lines: errors that are not a lost connection
    lost: list[str]             # 'L' lines
    clean_exit: bool


def read_journal(path: str, client: int, rnd: int) -> ClientJournal:
    txns: dict[int, Txn] = {}
    bugs: list[str] = []
    lost: list[str] = []
    clean = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split(" ", 4)
            tag = fields[0]
            if tag == "S":
                n = int(fields[1])
                txns[n] = Txn(client, rnd, n, fields[2], int(fields[3]), float(fields[4]))
            elif tag in ("C", "R"):
                t = txns[int(fields[1])]
                t.outcome, t.finished = tag, float(fields[2])
            elif tag == "L":
                n = int(fields[1])
                if n in txns:
                    txns[n].error = fields[3] if len(fields) > 3 else ""
                lost.append(line.strip())
            elif tag == "X":
                bugs.append(f"client {client} round {rnd}: {line.strip()}")
            elif tag == "Q":
                clean = True
    return ClientJournal(client, rnd, [txns[k] for k in sorted(txns)], bugs, lost, clean)


# -- running clients ----------------------------------------------------------------------

class Workload:
    """K torture clients (separate processes) for one round against one server."""

    def __init__(self, server, *, clients: int, rnd: int, seed: int, workdir: str,
                 duration: float = 3600.0, pad: int = 40, reconnect: bool = False,
                 synchronous_commit: str | None = None, filler: bool = False):
        self.server = server
        self.clients = clients
        self.round = rnd
        self.seed = seed
        self.workdir = workdir
        self.duration = duration
        self.pad = pad
        self.reconnect = reconnect
        self.synchronous_commit = synchronous_commit
        self.filler = filler          # one more client (number `clients`): WAL volume
        self.procs: list[subprocess.Popen] = []

    @property
    def stop_file(self) -> str:
        return os.path.join(self.workdir, f"round{self.round}.stop")

    def stop(self) -> None:
        """Ask the clients to exit after their current transaction."""
        with open(self.stop_file, "w"):
            pass

    def journal_path(self, client: int) -> str:
        return os.path.join(self.workdir, f"round{self.round}-client{client}.journal")

    def start(self) -> None:
        for client in range(self.clients + self.filler):
            args = [sys.executable, CLIENT_SCRIPT, "--dsn", self.server.dsn,
                    "--journal", self.journal_path(client), "--client", str(client),
                    "--round", str(self.round), "--seed", str(self.seed * 1000 + client),
                    "--duration", str(self.duration), "--pad", str(self.pad),
                    "--stop-file", self.stop_file]
            if self.reconnect:
                args.append("--reconnect")
            if client == self.clients:
                args += ["--filler", "--pad", "2000"]
            if self.synchronous_commit:
                args += ["--synchronous-commit", self.synchronous_commit]
            self.procs.append(subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT))

    def acknowledged(self) -> int:
        """Commits acknowledged so far across all clients (reads the journals live)."""
        total = 0
        for client in range(self.clients + self.filler):
            try:
                with open(self.journal_path(client), encoding="utf-8") as f:
                    total += sum(1 for line in f if line.startswith("C "))
            except FileNotFoundError:
                pass
        return total

    def wait_for_acks(self, count: int, timeout: float) -> None:
        """Block until `count` commits were acknowledged (the clients really run)."""
        deadline = time.monotonic() + timeout
        while self.acknowledged() < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"only {self.acknowledged()} commits acknowledged in "
                                     f"{timeout} s; client output: {self.outputs()}")
            time.sleep(0.05)

    def wait(self, timeout: float = 60) -> list[ClientJournal]:
        """Wait for every client to exit; return their journals."""
        deadline = time.monotonic() + timeout
        for proc in self.procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                raise AssertionError(f"torture client {proc.args} did not exit")
        for proc in self.procs:
            out = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
            if proc.returncode != 0:
                raise AssertionError(f"torture client failed (exit {proc.returncode}):\n{out}")
        return [read_journal(self.journal_path(c), c, self.round)
                for c in range(self.clients + self.filler)]

    def outputs(self) -> str:
        return "; ".join(f"client {c}: exit {p.poll()}" for c, p in enumerate(self.procs))

    def kill(self) -> None:
        """Only for teardown: the clients are ours, end them by pid."""
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


class CheckpointLoop(threading.Thread):
    """Issues CHECKPOINT every `interval` seconds (random within the range) until the
    connection is lost, so kills also land during checkpoints. If the server does not
    know CHECKPOINT it stops quietly (the timed checkpoints still run)."""

    def __init__(self, server, seed: int, interval: tuple[float, float] = (0.3, 1.5)):
        super().__init__(daemon=True)
        self.server = server
        self.rng = random.Random(seed)
        self.interval = interval
        self.done = 0
        self.unsupported = ""
        self._stop_event = threading.Event()

    def run(self) -> None:
        import psycopg
        try:
            conn = self.server.connect()
        except psycopg.Error:
            return
        with conn:
            while not self._stop_event.wait(self.rng.uniform(*self.interval)):
                try:
                    conn.execute("CHECKPOINT")
                    self.done += 1
                except psycopg.OperationalError:
                    return
                except psycopg.Error as exc:
                    self.unsupported = str(exc)
                    return

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=30)


# -- checking -----------------------------------------------------------------------------

@dataclasses.dataclass
class History:
    """Every transaction of every round so far, and what restarts decided about them."""
    txns: dict[tuple[int, int, int], Txn] = dataclasses.field(default_factory=dict)
    decided: dict[tuple[int, int, int], bool] = dataclasses.field(default_factory=dict)
    clients: int = 0
    bugs: list[str] = dataclasses.field(default_factory=list)

    def add(self, journals: list[ClientJournal]) -> None:
        for journal in journals:
            self.clients = max(self.clients, journal.client + 1)
            self.bugs.extend(journal.bugs)
            for t in journal.txns:
                self.txns[t.key] = t

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for t in self.txns.values():
            out[t.outcome] += 1
        return dict(out)


@dataclasses.dataclass
class Report:
    acknowledged: int
    rolled_back: int
    unknown: int
    unknown_present: int
    lost_acknowledged: list[Txn]
    rows: int

    def summary(self) -> str:
        return (f"{self.acknowledged} acknowledged, {self.rolled_back} rolled back, "
                f"{self.unknown} unknown ({self.unknown_present} of them committed), "
                f"{len(self.lost_acknowledged)} acknowledged but lost, {self.rows} rows")


def verify(server, history: History, *, allow_lost_acks: bool = False,
           crash_time: float | None = None, lost_window: float = 0.0) -> Report:
    """Check the recovered database against every journal (see the module docstring)."""
    assert not history.bugs, "torture clients hit errors that are not crashes:\n" + \
        "\n".join(history.bugs[:20])
    with server.connect() as conn:
        rows = conn.execute("SELECT client, round, txn, part FROM torture").fetchall()
        counters = dict(conn.execute("SELECT client, n FROM counters").fetchall())
        counter_rows = conn.execute("SELECT client, count(*) FROM counters GROUP BY client"
                                    ).fetchall()
        problems: list[str] = _structure_problems(conn)
    assert all(n == 1 for _, n in counter_rows), f"counter rows duplicated: {counter_rows}"

    present: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for client, rnd, txn, part in rows:
        present[(client, rnd, txn)].append(part)

    for key in present:
        if key not in history.txns:
            problems.append(f"rows of a transaction no client started: {key} "
                            f"parts {sorted(present[key])}")

    acknowledged = rolled_back = unknown = unknown_present = 0
    lost: list[Txn] = []
    surviving_counter: dict[int, int] = defaultdict(int)
    acked_counter: dict[int, int] = defaultdict(int)
    unknown_counter: dict[int, int] = defaultdict(int)
    for key, t in sorted(history.txns.items()):
        if not t.writes_rows:
            continue
        parts = sorted(present.get(key, []))
        expected = list(range(t.parts))
        whole = parts == expected
        absent = not parts
        if not whole and not absent:
            problems.append(f"half-visible transaction {key} ({t.kind}, outcome {t.outcome}): "
                            f"parts {parts}, expected {expected} or nothing")
            continue
        if t.kind == "rollback":
            rolled_back += t.outcome == "R"
            if not absent:
                problems.append(f"rolled-back transaction {key} is visible: parts {parts}")
            continue
        if t.kind == "counter" and whole:
            surviving_counter[t.client] += 1
        if t.outcome == "C":
            acknowledged += 1
            acked_counter[t.client] += t.kind == "counter"
            if absent:
                lost.append(t)
        else:
            unknown += 1
            unknown_present += whole
            unknown_counter[t.client] += t.kind == "counter"
            if key in history.decided and history.decided[key] != whole:
                problems.append(f"transaction {key} was {'present' if history.decided[key] else 'absent'} "
                                f"after an earlier restart and is now {'present' if whole else 'absent'}")
            history.decided[key] = whole

    for client in range(history.clients):
        n = counters.get(client)
        if n != surviving_counter[client]:
            problems.append(f"counter of client {client} is {n} but {surviving_counter[client]} "
                            f"counter transactions survive (UPDATE and INSERT not atomic?)")
        low = acked_counter[client] if not allow_lost_acks else 0
        high = acked_counter[client] + unknown_counter[client]
        if n is None or not low <= n <= high:
            problems.append(f"counter of client {client} is {n}, outside [{low}, {high}] "
                            f"(acknowledged {acked_counter[client]}, unknown "
                            f"{unknown_counter[client]})")

    if lost and not allow_lost_acks:
        problems.append(f"{len(lost)} acknowledged commits are missing, e.g. "
                        + ", ".join(f"{t.key} {t.kind}" for t in lost[:10]))
    if lost and allow_lost_acks:
        problems.extend(_check_lost_suffix(history, lost, crash_time, lost_window))

    assert not problems, f"{len(problems)} consistency problems:\n" + "\n".join(problems[:30])
    return Report(acknowledged, rolled_back, unknown, unknown_present, lost, len(rows))


def _structure_problems(conn) -> list[str]:
    """amcheck after recovery: every heap page of both tables sound (verify_heapam) and
    every index in order with every live heap tuple in it (bt_index_check with
    heapallindexed)."""
    problems = []
    for table in ("torture", "counters"):
        for row in conn.execute(f"SELECT blkno, offnum, msg FROM verify_heapam('{table}')"):
            problems.append(f"verify_heapam({table}): block {row[0]} item {row[1]}: {row[2]}")
    for index in INDEXES:
        try:
            conn.execute(f"SELECT bt_index_check('{index}', true)")
        except Exception as e:        # noqa: BLE001 (psycopg.Error: the check's report)
            problems.append(f"bt_index_check({index}): {e}")
    return problems


def _check_lost_suffix(history: History, lost: list[Txn], crash_time: float | None,
                       lost_window: float) -> list[str]:
    """synchronous_commit=off: per client, lost acknowledged commits come after every
    surviving one (WAL is a sequence: a later commit cannot survive an earlier one), and
    they were acknowledged shortly before the crash."""
    problems = []
    lost_keys = {t.key for t in lost}
    by_client: dict[tuple[int, int], list[Txn]] = defaultdict(list)
    for t in history.txns.values():
        if t.outcome == "C" and t.writes_rows and t.kind != "rollback":
            by_client[(t.client, t.round)].append(t)
    for (client, rnd), txns in by_client.items():
        txns.sort(key=lambda t: t.txn)
        seen_lost = None
        for t in txns:
            if t.key in lost_keys:
                seen_lost = seen_lost or t
            elif seen_lost is not None:
                problems.append(f"client {client} round {rnd}: acknowledged {t.key} survived "
                                f"but the earlier acknowledged {seen_lost.key} was lost")
                break
    if crash_time is not None:
        too_old = [t for t in lost if crash_time - t.finished > lost_window]
        if too_old:
            worst = max(crash_time - t.finished for t in too_old)
            problems.append(f"{len(too_old)} lost commits were acknowledged more than "
                            f"{lost_window} s before the crash (up to {worst:.2f} s)")
    return problems


def check_accepts_new_work(server) -> None:
    with server.connect() as conn:
        conn.execute("INSERT INTO torture VALUES (-1, -1, -1, 0, 'after')")
        assert conn.execute("SELECT count(*) FROM torture WHERE client = -1").fetchone() == (1,)
        conn.execute("DELETE FROM torture WHERE client = -1")
        assert conn.execute("SELECT count(*) FROM torture WHERE client = -1").fetchone() == (0,)
