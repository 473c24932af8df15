"""Measure how far pgsnake answers like PostgreSQL on a directory of SQL scripts.

Runs every statement of each given script on a PostgreSQL server (the oracle) and on a
pgsnake server, one simple-protocol Query each, compares them as tests/regress does
(tests/harness/differential.py: tags, columns, rows, errors, plan shapes), and tallies
the differences per script and per kind:
    refused      pgsnake errs with 0A000 / 42883 / 42704 where the oracle answers
    internal     pgsnake errs with XX000 or a Python exception name in the message
    lost         pgsnake's connection broke or timed out (it is reopened)
    wrong-error  both err, with a different SQLSTATE or message
    error        pgsnake errs (other SQLSTATE) where the oracle answers
    no-error     the oracle errs and pgsnake answers
    wrong-result both answer, differently

Scripts come from a path given on the command line (e.g. PostgreSQL's
src/test/regress/sql kept outside the repository); none is stored here. psql
meta-commands (lines starting with a backslash) are skipped, and a statement ending in
one (\\gset, \\gexec, ...) is sent as if it ended in `;`.

Usage:
    python tools/probe_regress_sql.py --oracle DSN --pgsnake DSN [--setup FILE]
        [--details DIR] script.sql ...
"""
from __future__ import annotations

import argparse
import collections
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.harness import differential  # noqa: E402
from tests.harness.sql_script import ScriptStatement  # noqa: E402

PYTHON_EXCEPTION = re.compile(r"\b(\w+Error|\w+Exception|Traceback)\b")


def split_statements(text: str) -> list[str]:
    """Statements of a psql script: `;` outside quotes, comments and parentheses ends one."""
    statements: list[str] = []
    current: list[str] = []
    i, n = 0, len(text)
    depth = 0
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and c == "\\" and not "".join(current).strip():
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if at_line_start and c == "\\":
            # a meta-command ending a statement (\gset, \gexec, \g)
            statements.append("".join(current).strip())
            current = []
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        at_line_start = False
        if c == "-" and text.startswith("--", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            current.append(text[i:end])
            i = end
            continue
        if c in "'\"":
            j = i + 1
            while j < n:
                if text[j] == c:
                    if j + 1 < n and text[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            current.append(text[i:j + 1])
            i = j + 1
            continue
        if c == "$":
            m = re.match(r"\$([A-Za-z_][A-Za-z_0-9]*)?\$", text[i:])
            if m and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
                tag = m.group(0)
                end = text.find(tag, i + len(tag))
                end = n if end < 0 else end + len(tag)
                current.append(text[i:end])
                i = end
                continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        if c == ";" and depth == 0:
            current.append(";")
            statements.append("".join(current).strip())
            current = []
            i += 1
            continue
        if c == "\\" and text.startswith("\\g", i) and depth == 0:
            statements.append("".join(current).strip())
            current = []
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            at_line_start = True
            continue
        current.append(c)
        if c == "\n":
            at_line_start = True
        i += 1
    rest = "".join(current).strip()
    if rest:
        statements.append(rest)
    return [s for s in statements if s and s != ";"]


def classify(expected: differential.Outcome, actual: differential.Outcome) -> str:
    if actual.status in ("lost", "timeout"):
        return "lost"
    if actual.status == "error":
        text = actual.message or ""
        if actual.sqlstate == "XX000" or PYTHON_EXCEPTION.search(text):
            return "internal"
        if expected.status == "error":
            return "wrong-error"
        if actual.sqlstate in ("0A000", "42883", "42704"):
            return "refused"
        return "error"
    if expected.status == "error":
        return "no-error"
    return "wrong-result"


def run_one(conn_holder: dict, key: str, sql: str):
    conn = conn_holder[key]
    try:
        outcome = differential.run_statement(conn, sql, timeout=20)
    except Exception:                                  # noqa: BLE001 - a probe keeps going
        outcome = differential.Outcome(status="lost")
    if outcome.status in ("lost", "timeout"):
        try:
            conn_holder[key].finish()
        except Exception:                              # noqa: BLE001
            pass
        conn_holder[key] = differential.connect_raw(conn_holder[key + "_dsn"])
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oracle", required=True)
    parser.add_argument("--pgsnake", required=True)
    parser.add_argument("--setup", help="a script run on both servers first")
    parser.add_argument("--details", help="directory for one differences file per script")
    parser.add_argument("scripts", nargs="+")
    args = parser.parse_args()
    conns = {"oracle_dsn": args.oracle, "pgsnake_dsn": args.pgsnake}
    conns["oracle"] = differential.connect_raw(args.oracle)
    conns["pgsnake"] = differential.connect_raw(args.pgsnake)
    if args.setup:
        with open(args.setup) as f:
            for sql in split_statements(f.read()):
                for key in ("oracle", "pgsnake"):
                    out = run_one(conns, key, sql)
                    if out.status == "error":
                        print(f"setup on {key}: {out.sqlstate} {out.message}: {sql[:60]}")
    totals = collections.Counter()
    print(f"{'script':24} {'stmts':>6} {'equal':>6} {'differ':>6}  kinds")
    for path in args.scripts:
        with open(path) as f:
            statements = split_statements(f.read())
        kinds = collections.Counter()
        equal = 0
        lines = []
        for sql in statements:
            expected = run_one(conns, "oracle", sql)
            actual = run_one(conns, "pgsnake", sql)
            problems = differential.compare_outcomes(
                [ScriptStatement(sql, 0)], [expected], [actual])
            if not problems:
                equal += 1
                continue
            kind = classify(expected, actual)
            kinds[kind] += 1
            lines.append(f"=== {kind}\n{sql}\n--- oracle: {expected.status} "
                         f"{expected.sqlstate or ''} {expected.message or ''}\n"
                         f"--- pgsnake: {actual.status} {actual.sqlstate or ''} "
                         f"{actual.message or ''}\n" + "\n".join(problems)[:1500] + "\n")
            # both servers must continue from the same transaction state
            for key, out in (("oracle", expected), ("pgsnake", actual)):
                if out.transaction_status == "E" and (expected.transaction_status
                                                      != actual.transaction_status):
                    run_one(conns, key, "ROLLBACK")
        name = os.path.basename(path)
        totals["stmts"] += len(statements)
        totals["equal"] += equal
        totals.update(kinds)
        print(f"{name:24} {len(statements):6} {equal:6} {len(statements) - equal:6}  "
              + ", ".join(f"{k} {v}" for k, v in kinds.most_common()), flush=True)
        if args.details:
            os.makedirs(args.details, exist_ok=True)
            with open(os.path.join(args.details, name + ".diff"), "w") as f:
                f.write("\n".join(lines))
    print("total", dict(totals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
