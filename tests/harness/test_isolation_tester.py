# Self-test of tests/harness/isolation_tester.py against PostgreSQL alone: the spec
# language, waiting and completion, deadlines, and the output text, which must be what
# PostgreSQL 15's own isolationtester prints (its binary is the reference when the
# Debian package ships it under lib/pgxs).
import math
import os
import subprocess
import time
from pathlib import Path

import pytest

from harness import isolation_tester as it
from harness import servers

SPEC_DIR = Path(__file__).resolve().parents[1] / "isolation" / "specs"


# -- the spec language (no server) -----------------------------------------------------
FULL_SPEC = '''
# a comment
setup { CREATE TABLE t (id int); }
setup
{
  INSERT INTO t VALUES (1);
}
teardown { DROP TABLE t; }

session "first ""quoted"" session"
setup	{ BEGIN; }
step a1 {  SELECT 1;  }
step a2 {SELECT 2}
teardown { COMMIT; }

session s2
step b1 { SELECT 2; }
step b2 { SELECT 3; }

permutation a1 b1(a1) a2(*) b2(a1 notices 2, *)
permutation "b1" a1
'''


def test_parse_every_part_of_the_grammar():
    spec = it.parse_spec(FULL_SPEC, "full")
    assert spec.setup == ["CREATE TABLE t (id int);", "\n  INSERT INTO t VALUES (1);\n"]
    assert spec.teardown == "DROP TABLE t;"
    first, second = spec.sessions
    assert first.name == 'first "quoted" session'
    assert (first.setup, first.teardown) == ("BEGIN;", "COMMIT;")
    # Leading blanks go, and so do the blanks before the closing brace (not newlines).
    assert [(s.name, s.sql) for s in first.steps] == [("a1", "SELECT 1;"), ("a2", "SELECT 2")]
    assert second.setup is None and [s.session for s in second.steps] == [1, 1]
    p1, p2 = spec.permutations
    assert [p.name for p in p1.steps] == ["a1", "b1", "a2", "b2"]
    assert p1.steps[1].blockers == (it.Blocker("step", "a1"),)
    assert p1.steps[2].blockers == (it.Blocker("once"),)
    assert p1.steps[3].blockers == (it.Blocker("notices", "a1", 2), it.Blocker("once"))
    assert [p.name for p in p2.steps] == ["b1", "a1"]
    assert spec.warnings == []


@pytest.mark.parametrize("text, message", [
    ("session s step a { } step a { }", "duplicate step name: a"),
    ("session s step a { } permutation b", 'undefined step "b" specified in permutation'),
    ("session s step a { } session t step b { } permutation a(c) b",
     'undefined blocking step "c" referenced in permutation step "a"'),
    ("session s step a { } step b { } permutation a(b) b",
     'permutation step "a" cannot block on its own session'),
    ("session s step a { SELECT 1;", "unterminated sql block"),
    ('session "s step a { }', "unterminated quoted identifier"),
    ("session s step a-b { }", 'unexpected character "-"'),
    # a block ends at the first '}', even inside a string literal: there is no nesting
    ("session s step a { SELECT '}' }", "unexpected character \"'\""),
    ("setup { } step a { }", "syntax error at line 1"),
    ("session s\nstep a { }\nsteps b { }", "syntax error at line 3"),
    ("session s step a { } permutation a(a notices) a", "syntax error"),
])
def test_bad_specs_are_refused_with_isolationtesters_words(text, message):
    with pytest.raises(it.SpecSyntaxError) as raised:
        it.parse_spec(text)
    assert message in str(raised.value)


def test_unused_steps_are_reported_only_with_named_permutations():
    named = it.parse_spec("session s step a { } step b { } step c { } permutation b")
    assert named.warnings == ["unused step name: a", "unused step name: c"]
    assert it.parse_spec("session s step a { } step b { }").warnings == []


def test_without_permutations_every_interleaving_runs_once():
    spec = it.parse_spec("session a step a1 { } step a2 { } step a3 { } "
                         "session b step b1 { } step b2 { } session c step c1 { }")
    perms = [tuple(p.name for p in perm.steps) for perm in it.permutations_of(spec)]
    assert len(perms) == len(set(perms)) == math.factorial(6) // (math.factorial(3) * 2)
    for perm in perms:
        for session in spec.sessions:
            own = [name for name in perm if name in {s.name for s in session.steps}]
            assert own == [s.name for s in session.steps], perm
    # isolationtester tries the sessions in spec order at every position
    assert perms[0] == ("a1", "a2", "a3", "b1", "b2", "c1")
    assert perms[-1] == ("c1", "b1", "b2", "a1", "a2", "a3")


def test_every_spec_file_parses():
    specs = sorted(SPEC_DIR.glob("*.spec"))
    assert specs
    for path in specs:
        spec = it.load_spec(path)
        assert spec.warnings == [], (path.name, spec.warnings)


# -- against PostgreSQL ----------------------------------------------------------------
# Exercises the tester: two setup blocks (one printing a result), a quoted session name,
# session setup and teardown, notices with and without DETAIL, errors, several result
# sets in one step, an empty step, non-ASCII text, blocking and completion, and the
# three kinds of blocker annotation.
SELFTEST_SPEC = '''
setup { CREATE TABLE selftest_t (id int, name text); INSERT INTO selftest_t VALUES (1, 'one'), (2, NULL); }
setup { SELECT 'second setup block' AS note; }
teardown { DROP TABLE selftest_t; }

session "first session"
setup	{ SET client_min_messages = notice; }
step f_begin { BEGIN; }
step f_lock { LOCK TABLE selftest_t IN ACCESS EXCLUSIVE MODE; }
step f_notice { DO $$ BEGIN RAISE NOTICE 'from first'; END $$; }
step f_commit {
  COMMIT;
}
teardown { SELECT 'first teardown' AS note; }

session second
step s_read { SELECT id, name, id * 1.5 AS scaled, 'h\u00e9llo' AS wide, -id AS neg FROM selftest_t ORDER BY id; }
step s_error { SELECT 1/0; }
step s_multi { SELECT 1 AS a; SELECT; SELECT 'x' AS b WHERE false; }
step s_empty { }
step s_warning { DO $$ BEGIN RAISE WARNING 'careful' USING DETAIL = 'some detail', HINT = 'a hint'; END $$; }

session third
step t_select { SELECT 'third' AS t; }
step t_bad_syntax { SELEC 1; }

permutation f_begin f_lock s_read f_notice f_commit s_error s_multi s_empty s_warning
permutation f_begin f_lock s_read t_select(s_read) f_commit t_bad_syntax
permutation f_begin t_select(f_notice notices 1) f_notice f_commit
permutation f_begin s_read(*) f_commit t_select
'''


def real_isolationtester(binaries) -> str | None:
    """PostgreSQL's isolationtester binary (postgresql-15 ships it under lib/pgxs)."""
    path = (Path(binaries["postgres"]).resolve().parents[1]
            / "lib" / "pgxs" / "src" / "test" / "isolation" / "isolationtester")
    return str(path) if os.access(path, os.X_OK) else None


def run_real(binary: str, dsn: str, spec_text: str) -> str:
    # pg_isolation_regress collects stdout and stderr in one file; isolationtester makes
    # both unbuffered, so one pipe keeps their order.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["PGISOLATIONTIMEOUT"] = "20"
    result = subprocess.run([binary, dsn], input=spec_text, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, timeout=120, env=env)
    return result.stdout


@pytest.fixture(scope="module")
def isolation_oracle(postgres_binaries):
    """A private cluster, with prepared transactions allowed (two-phase-commit.spec)."""
    server = servers.OracleServer(postgres_binaries,
                                  settings={"max_prepared_transactions": "10"})
    try:
        server.initdb()
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.mark.system
def test_blocked_step_is_reported_waiting_then_completed(isolation_oracle):
    spec = it.parse_spec('''
        setup { CREATE TABLE wait_t (id int); }
        teardown { DROP TABLE wait_t; }
        session holder
        setup { BEGIN; }
        step h_lock { LOCK TABLE wait_t; }
        step h_commit { COMMIT; }
        session waiter
        step w_insert { INSERT INTO wait_t VALUES (1); }
        step w_count { SELECT count(*) FROM wait_t; }
        permutation h_lock w_insert h_commit w_count
    ''', "wait")
    run = it.run_spec(isolation_oracle.dsn, spec)
    assert run.aborted is None, run.output
    lines = run.output.splitlines()
    waiting = lines.index("step w_insert: INSERT INTO wait_t VALUES (1); <waiting ...>")
    commit = lines.index("step h_commit: COMMIT;")
    completed = lines.index("step w_insert: <... completed>")
    assert waiting < commit < completed < lines.index("step w_count: SELECT count(*) FROM wait_t;")


@pytest.mark.system
def test_a_step_that_never_finishes_aborts_the_run_at_its_deadline(isolation_oracle):
    spec = it.parse_spec('''
        setup { CREATE TABLE hang_t (id int); }
        teardown { DROP TABLE hang_t; }
        session holder
        setup { BEGIN; }
        step h_lock { LOCK TABLE hang_t; }
        session waiter
        step w_read { SELECT count(*) FROM hang_t; }
        permutation h_lock w_read
    ''', "hang")
    started = time.monotonic()
    run = it.run_spec(isolation_oracle.dsn, spec, step_timeout=1.0)
    assert time.monotonic() - started < 15
    assert run.aborted is not None and "w_read" in run.aborted and "timed out" in run.aborted
    assert "step w_read: SELECT count(*) FROM hang_t; <waiting ...>" in run.output
    assert run.output.rstrip().endswith(run.aborted)
    # The abort cancelled the waiter, closed the sessions (releasing the holder's lock)
    # and ran the teardown.
    with isolation_oracle.connect() as conn:
        assert conn.execute("SELECT to_regclass('hang_t')").fetchone() == (None,)


@pytest.mark.system
def test_output_is_what_isolationtester_prints(isolation_oracle, postgres_binaries):
    binary = real_isolationtester(postgres_binaries)
    if binary is None:
        pytest.skip("PostgreSQL's isolationtester binary is not installed (lib/pgxs)")
    ours = it.run_spec(isolation_oracle.dsn, it.parse_spec(SELFTEST_SPEC, "selftest"))
    assert ours.aborted is None, ours.output
    for marker in ("<waiting ...>", "<... completed>", "first session: NOTICE:  from first",
                   "ERROR:  division by zero", "DETAIL:  some detail", "(0 rows)"):
        assert marker in ours.output, marker
    assert ours.output == run_real(binary, isolation_oracle.dsn, SELFTEST_SPEC)


def _compare_spec_with_real_tester(server, binaries, path: Path) -> None:
    binary = real_isolationtester(binaries)
    if binary is None:
        pytest.skip("PostgreSQL's isolationtester binary is not installed (lib/pgxs)")
    ours = it.run_spec(server.dsn, it.load_spec(path))
    assert ours.aborted is None, ours.output
    theirs = run_real(binary, server.dsn, path.read_text(encoding="utf-8"))
    assert ours.output == theirs


FAST_SPECS = ["lost-update-read-committed.spec", "deadlock-rows.spec"]


@pytest.mark.system
@pytest.mark.parametrize("name", FAST_SPECS)
def test_spec_output_is_what_isolationtester_prints(isolation_oracle, postgres_binaries, name):
    _compare_spec_with_real_tester(isolation_oracle, postgres_binaries, SPEC_DIR / name)


@pytest.mark.slow
@pytest.mark.system
@pytest.mark.parametrize("path", sorted(SPEC_DIR.glob("*.spec")),
                         ids=[p.stem for p in sorted(SPEC_DIR.glob("*.spec"))])
def test_every_spec_output_is_what_isolationtester_prints(isolation_oracle, postgres_binaries,
                                                          path):
    _compare_spec_with_real_tester(isolation_oracle, postgres_binaries, path)
