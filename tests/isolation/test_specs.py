# The isolation specs (tests/isolation/specs/*.spec), run by tests/harness/isolation_tester.py
# on a real PostgreSQL 15 and on pgsnake: both must print the same text.
"""For every spec file:
    test_spec_on_oracle[spec]          runs it on PostgreSQL; it must run to the end. This
                                       proves the spec (and the tester) right.
    test_pgsnake_matches_oracle[spec]  runs it on pgsnake and compares the whole output
                                       with the oracle's, or is skipped, naming the
                                       features the spec needs and pgsnake lacks.
    test_spec_is_deterministic[spec]   (slow) three more oracle runs give the same text,
                                       so a difference on pgsnake is never timing.

Each spec declares what it needs in one header line, `# requires: a, b` (empty when it
needs nothing beyond plain SQL and transactions). The names are the keys of FEATURES.
PGSNAKE_SUPPORTS lists the features pgsnake has today; add a name here when the feature
lands, and its specs start running against pgsnake.

Servers are per module (initdb for each spec would cost more than the specs). A run
that aborted may leave locks, a hung backend or a prepared transaction behind, so the
server it ran on is thrown away and the next spec gets a fresh one.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from harness import isolation_tester, servers

SPEC_DIR = Path(__file__).parent / "specs"
SPECS = sorted(SPEC_DIR.glob("*.spec"))

FEATURES = {
    "lock-manager": "heavyweight locks with real waits (table, tuple, transaction-id "
                    "locks), pg_locks, pg_blocking_pids and "
                    "pg_isolation_test_session_is_blocked",
    "deadlock": "deadlock detection after deadlock_timeout (40P01)",
    "timeouts": "lock_timeout, statement_timeout, idle_in_transaction_session_timeout",
    "row-locks": "SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE, NOWAIT, "
                 "SKIP LOCKED, multixacts",
    "repeatable-read": "REPEATABLE READ as PostgreSQL's: 40001 on a concurrent update, "
                       "the level lasts one transaction",
    "ssi": "SERIALIZABLE as serializable snapshot isolation (SIREAD locks, rw-conflicts, "
           "safe snapshots for READ ONLY DEFERRABLE)",
    "2pc": "PREPARE TRANSACTION, COMMIT / ROLLBACK PREPARED, pg_prepared_xacts",
    "advisory": "advisory locks (pg_advisory_lock and the rest of the family)",
}

# What pgsnake supports today. Only add a name when every spec needing it passes.
PGSNAKE_SUPPORTS: set[str] = {"lock-manager", "deadlock", "timeouts", "repeatable-read", "2pc",
                               "ssi", "advisory", "row-locks"}

# Server settings a feature's specs need (the oracle always gets all of them).
FEATURE_SETTINGS = {
    "2pc": {"max_prepared_transactions": "10"},
}

_REQUIRES = re.compile(r"^#\s*requires:(.*)$", re.MULTILINE)


def spec_requirements(path: Path) -> set[str]:
    """The feature names on the spec's `# requires:` line."""
    lines = _REQUIRES.findall(path.read_text(encoding="utf-8"))
    if len(lines) != 1:
        raise ValueError(f"{path.name}: needs exactly one '# requires:' line, found {len(lines)}")
    return {name.strip() for name in lines[0].split(",") if name.strip()}


class ServerSlot:
    """One server for the module's specs, replaced after a run that aborted."""

    def __init__(self, make):
        self._make = make
        self.server = None

    def get(self):
        if self.server is None:
            self.server = self._make()
        return self.server

    def discard(self) -> None:
        if self.server is not None:
            server, self.server = self.server, None
            server.cleanup()


@pytest.fixture(scope="module")
def oracle_slot(postgres_binaries):
    settings = {}
    for feature_settings in FEATURE_SETTINGS.values():
        settings.update(feature_settings)

    def make():
        server = servers.OracleServer(postgres_binaries, settings=settings)
        try:
            server.initdb()
            server.start()
        except Exception:
            server.cleanup()
            raise
        return server

    slot = ServerSlot(make)
    yield slot
    slot.discard()


@pytest.fixture(scope="module")
def pgsnake_slot():
    settings = {}
    for feature in sorted(PGSNAKE_SUPPORTS):
        settings.update(FEATURE_SETTINGS.get(feature, {}))

    def make():
        server = servers.PgsnakeServer(settings=settings)
        try:
            server.initdb()
            server.start()
        except Exception:
            server.cleanup()
            raise
        return server

    slot = ServerSlot(make)
    yield slot
    slot.discard()


def run_on(slot: ServerSlot, path: Path) -> isolation_tester.IsolationRun:
    run = isolation_tester.run_spec(slot.get().dsn, isolation_tester.load_spec(path))
    if run.aborted:
        slot.discard()
    return run


# Oracle outputs, computed once per module and shared by the pgsnake comparisons.
_oracle_runs: dict[str, isolation_tester.IsolationRun] = {}


def oracle_run(slot: ServerSlot, path: Path) -> isolation_tester.IsolationRun:
    if path.name not in _oracle_runs:
        _oracle_runs[path.name] = run_on(slot, path)
    return _oracle_runs[path.name]


def _diff(expected: str, actual: str) -> str:
    return "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                        "oracle", "pgsnake"))


def test_spec_headers_name_known_features():
    assert SPECS, f"no specs in {SPEC_DIR}"
    for path in SPECS:
        unknown = spec_requirements(path) - FEATURES.keys()
        assert not unknown, f"{path.name}: unknown features {sorted(unknown)}"
    assert PGSNAKE_SUPPORTS <= FEATURES.keys()


@pytest.mark.system
@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_spec_on_oracle(oracle_slot, path):
    run = oracle_run(oracle_slot, path)
    assert run.aborted is None, f"the spec failed on PostgreSQL itself: {run.aborted}\n{run.output}"
    assert run.blocking_detection is None, run.blocking_detection
    assert "starting permutation:" in run.output


@pytest.mark.system
@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_pgsnake_matches_oracle(oracle_slot, pgsnake_slot, path):
    missing = spec_requirements(path) - PGSNAKE_SUPPORTS
    if missing:
        pytest.skip("pgsnake lacks " + ", ".join(f"{name} ({FEATURES[name]})"
                                                 for name in sorted(missing)))
    expected = oracle_run(oracle_slot, path)
    assert expected.aborted is None, f"the spec failed on PostgreSQL itself: {expected.aborted}"
    actual = run_on(pgsnake_slot, path)
    if actual.output != expected.output:
        reason = f"pgsnake's run aborted: {actual.aborted}\n" if actual.aborted else ""
        pytest.fail(f"{path.name}: pgsnake's output differs from PostgreSQL's\n{reason}"
                    f"{_diff(expected.output, actual.output)}", pytrace=False)


@pytest.mark.slow
@pytest.mark.system
@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_spec_is_deterministic(oracle_slot, path):
    first = oracle_run(oracle_slot, path)
    for attempt in range(3):
        again = run_on(oracle_slot, path)
        assert again.output == first.output, (
            f"{path.name}: run {attempt + 2} on PostgreSQL differs from the first:\n"
            + _diff(first.output, again.output))
