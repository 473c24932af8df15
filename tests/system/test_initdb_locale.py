"""pgsnake initdb chooses its locale as PostgreSQL 15's initdb does (cli/initdb.py,
utils/locale_names.py): from --locale / --lc-* / --no-locale, else from the environment
(LC_ALL, LC_<category>, LANG); it reports the same choice, writes the same lc_* settings
into postgresql.conf, refuses the same names with the same messages; and a cluster made
with C.UTF-8 shows it in pg_database, SHOW and psql's \\l, and maps case as
PostgreSQL's does there (non-ASCII letters too), while COLLATE "C" stays ASCII-only;
regex character classes, which pgsnake has only in the C ctype's meaning, are refused
there on non-ASCII text."""
from __future__ import annotations

import os
import pwd
import re
import subprocess
import sys
import tempfile

import pytest

from harness import servers
from harness.psql_runner import run_psql_script

# (environment, arguments): each run on both initdbs. -E UTF8 throughout: for a C
# LC_CTYPE PostgreSQL would otherwise choose SQL_ASCII (pgsnake is always UTF8).
# Each case runs two initdbs (~5 s): the default tier keeps three, one per kind.
_SLOW = pytest.mark.slow
CASES = [
    ({"LANG": "C.UTF-8", "LC_COLLATE": "C"}, []),
    ({"LANG": "C.UTF-8"}, ["--lc-collate=C", "--lc-messages=POSIX"]),
    ({"LANG": "fr_FR.UTF-8"}, []),
    pytest.param({"LANG": "C.UTF-8"}, [], marks=_SLOW),
    pytest.param({"LANG": "C.UTF-8", "LC_ALL": "POSIX"}, [], marks=_SLOW),
    pytest.param({"LC_CTYPE": "C.utf8"}, [], marks=_SLOW),
    pytest.param({"LANG": "C.UTF-8"}, ["--no-locale"], marks=_SLOW),
    pytest.param({}, ["--locale=C.UTF8", "--lc-ctype=C"], marks=_SLOW),
    pytest.param({"LANG": "C.UTF-8"}, ["--locale=fr_FR.UTF-8"], marks=_SLOW),
    pytest.param({"LANG": "C.UTF-8"}, ["--lc-time=xx"], marks=_SLOW),
]


def _case_id(case) -> str:
    env, args = case.values if hasattr(case, "values") else case
    return " ".join([f"{k}={v}" for k, v in env.items()] + args) or "none"

_REPORTED = re.compile(r"^(The database cluster|  provider|  LC_|The default text search)")


def _locale_env(extra: dict) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not (k.startswith("LC_") or k in ("LANG", "LANGUAGE") or k.startswith("PG"))}
    env.update(extra)
    return env


def _outcome(done: subprocess.CompletedProcess, datadir: str) -> tuple:
    errors = [re.sub(r"^(pgsnake )?initdb: ", "", line)
              for line in done.stderr.splitlines() if re.match(r"^(pgsnake )?initdb: ", line)]
    if done.returncode != 0:
        return ("failed", errors)
    reported = [line for line in done.stdout.splitlines() if _REPORTED.match(line)]
    with open(os.path.join(datadir, "postgresql.conf")) as conf:
        settings = sorted(re.sub(r"\s*#.*$", "", line) for line in conf
                          if re.match(r"^(lc_\w+|default_text_search_config) = ", line))
    return ("ok", reported, settings)


def _pgsnake_initdb(env: dict, args: list) -> tuple:
    with tempfile.TemporaryDirectory(prefix="pgsnake-initdb-locale-") as base:
        datadir = os.path.join(base, "data")
        env = dict(env, PYTHONPATH=str(servers.REPO_ROOT))
        done = subprocess.run([sys.executable, "-m", "pgsnake", "initdb", "-D", datadir,
                               "-N", "-E", "UTF8", *args], capture_output=True, text=True,
                              env=env, timeout=300, cwd=base)
        return _outcome(done, datadir)


def _oracle_initdb(binaries: dict, env: dict, args: list) -> tuple:
    with tempfile.TemporaryDirectory(prefix="oracle-initdb-locale-") as base:
        datadir = os.path.join(base, "data")
        kwargs = {}
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            os.chown(base, entry.pw_uid, entry.pw_gid)
            kwargs = dict(user="postgres", group="postgres", extra_groups=[])
            env = dict(env, HOME=base)
        done = subprocess.run([binaries["initdb"], "-D", datadir, "-N", "-E", "UTF8", *args],
                              capture_output=True, text=True, env=env, timeout=300, cwd=base,
                              **kwargs)
        return _outcome(done, datadir)


@pytest.mark.parametrize("env, args", CASES, ids=[_case_id(c) for c in CASES])
def test_initdb_chooses_the_locale_postgresql_chooses(postgres_binaries, env, args):
    expected = _oracle_initdb(postgres_binaries, _locale_env(env), args)
    assert _pgsnake_initdb(_locale_env(env), args) == expected


_QUERIES = [
    "SELECT datname, datcollate, datctype FROM pg_database ORDER BY 1",
    "SELECT current_setting('lc_collate'), current_setting('lc_ctype'), "
    "current_setting('lc_messages'), current_setting('lc_numeric')",
    "SELECT lower('ÀÉÎ'), upper('àéîß'), initcap('élan ÉLAN'), 'Éa' ILIKE 'éA', "
    "lower('É' COLLATE \"C\"), upper('é' COLLATE \"POSIX\")",
]


def test_a_c_utf8_cluster_behaves_as_postgresql(make_oracle_server, make_pgsnake_server):
    seen = []
    for make in (make_oracle_server, make_pgsnake_server):
        server = make(initdb_args=("--locale=C.UTF-8",))
        with server.connect() as conn:
            seen.append([conn.execute(q).fetchall() for q in _QUERIES])
        with server.connect(autocommit=True) as conn:
            conn.execute("CREATE DATABASE regress_c_db LOCALE 'C' TEMPLATE template0")
        with server.connect(dbname="regress_c_db") as conn:
            seen[-1].append(conn.execute(_QUERIES[2]).fetchall())
        seen[-1].append(run_psql_script(server, "\\l\n"))
    assert ("postgres", "C.UTF-8", "C.UTF-8") in seen[0][0]
    assert seen[1] == seen[0]
    # Regex character classes are the C ctype's only: on non-ASCII text in this database
    # pgsnake refuses them rather than answer differently from PostgreSQL.
    with server.connect() as conn:
        assert conn.execute("SELECT 'Élan' ~ '^.lan$', 'lan' ~ '[[:alpha:]]'").fetchone() \
            == (True, True)
        with pytest.raises(Exception) as refused:
            conn.execute("SELECT 'Élan' ~ '^[[:alpha:]]'")
        assert getattr(refused.value, "sqlstate", None) == "0A000"
    with server.connect(dbname="regress_c_db") as conn:
        assert conn.execute("SELECT 'Élan' ~ '^[[:alpha:]]'").fetchone() == (False,)
