"""Measure how many EXPLAIN statements of SQL scripts print PostgreSQL's text with costs on.

For each script given, both servers get one fresh database (made from a template
database that --setup scripts filled once, so both start from the same tables and
statistics); every statement of the script runs on both, as tools/probe_regress_sql.py
runs them. After each EXPLAIN that the oracle answered, the same statement runs again on
both with costs on (`EXPLAIN (COSTS ON, <its other options>) ...`: a COSTS option is
dropped, nothing else is added) and the two texts are compared line by line. An EXPLAIN
with ANALYZE is not re-run (it would execute the statement again and print timings).

Tally per script: explains (re-run with costs), equal, different, and the differences by
kind of the first differing line:
    rows     same plan lines apart from estimates; a row estimate differs
    cost     same plan and row estimates; a cost differs
    width    only a width differs
    plan     the lines differ otherwise (another node, another detail line, more lines)
             while the statement as written (costs off) printed the same text
    shape    as plan, but the statement as written differed too: a missing plan
             feature rather than a cost
    error    pgsnake errs where the oracle printed a plan
The details directory gets one <script>.diff per script with both texts of every differing
statement, and summary.txt with the tallies.

Usage (from the worktree root):
    python tools/explain_probe.py --oracle DSN --pgsnake DSN --dbname NAME
        [--setup FILE ...] [--details DIR] script.sql ...
DSNs name a database to connect to for CREATE / DROP DATABASE (e.g. postgres); NAME is
the prefix of the databases made on both servers (NAME_template, NAME_1, ...): it must be
one that is yours to drop.
"""
from __future__ import annotations

import argparse
import collections
import difflib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.harness import differential  # noqa: E402
from tools.probe_regress_sql import run_one, split_statements  # noqa: E402

_EXPLAIN_HEAD = re.compile(r"^\s*explain\b", re.IGNORECASE)
_LEGACY_OPTION = re.compile(r"\s*(analy[sz]e|verbose)\b", re.IGNORECASE)
_ESTIMATES = re.compile(r"\(cost=(?P<cost>[\d.]+\.\.[\d.]+) rows=(?P<rows>\d+) "
                        r"width=(?P<width>\d+)\)")
_FALSE_WORDS = {"off", "false", "0", "no"}


def _split_options(text: str) -> list[str]:
    """The comma-separated items of an option list, commas inside parentheses kept."""
    items, depth, current = [], 0, []
    for c in text:
        if c == "," and depth == 0:
            items.append("".join(current).strip())
            current = []
            continue
        depth += c == "("
        depth -= c == ")"
        current.append(c)
    items.append("".join(current).strip())
    return [item for item in items if item]


def _option_on(item: str) -> bool:
    words = item.split()
    return len(words) == 1 or words[1].strip("'").lower() not in _FALSE_WORDS


def with_costs(sql: str) -> str | None:
    """The EXPLAIN statement with costs on and its other options, or None (not an EXPLAIN,
    or one with ANALYZE)."""
    head = _EXPLAIN_HEAD.match(sql)
    if not head:
        return None
    rest = sql[head.end():]
    options: list[str] = []
    if rest.lstrip().startswith("("):
        start = rest.index("(")
        depth = 0
        for end in range(start, len(rest)):
            depth += rest[end] == "("
            depth -= rest[end] == ")"
            if depth == 0:
                break
        options = _split_options(rest[start + 1:end])
        rest = rest[end + 1:]
    else:
        while (match := _LEGACY_OPTION.match(rest)):
            options.append(match.group(1))
            rest = rest[match.end():]
    kept = []
    for item in options:
        name = item.split()[0].lower()
        if name in ("analyze", "analyse") and _option_on(item):
            return None
        if name != "costs":
            kept.append(item)
    return f"EXPLAIN ({', '.join(['COSTS ON', *kept])}){rest}"


def difference_kind(expected: list[str], actual: list[str]) -> str:
    """rows / cost / width / plan: what the first differing line pair differs in."""
    if len(expected) != len(actual):
        return "plan"
    for want, got in zip(expected, actual):
        if want == got:
            continue
        a, b = _ESTIMATES.search(want), _ESTIMATES.search(got)
        if not a or not b or _ESTIMATES.sub("", want) != _ESTIMATES.sub("", got):
            return "plan"
        for part in ("rows", "cost", "width"):
            if a.group(part) != b.group(part):
                return part
    return "plan"


def _admin(dsn: str, sql: str) -> differential.Outcome:
    conn = differential.connect_raw(dsn)
    try:
        return differential.run_statement(conn, sql, timeout=120)
    finally:
        conn.finish()


def _with_dbname(dsn: str, dbname: str) -> str:
    return f"{dsn} dbname={dbname}"


def fresh_databases(args, name: str, template: str | None) -> dict:
    conns = {}
    for key, dsn in (("oracle", args.oracle), ("pgsnake", args.pgsnake)):
        _admin(dsn, f"DROP DATABASE IF EXISTS {name}")
        out = _admin(dsn, f"CREATE DATABASE {name} TEMPLATE {template or 'template0'}")
        if out.status != "ok":
            raise SystemExit(f"CREATE DATABASE {name} on {key}: {out.message}")
        conns[key + "_dsn"] = _with_dbname(dsn, name)
        conns[key] = differential.connect_raw(conns[key + "_dsn"])
    return conns


def close(conns: dict) -> None:
    for key in ("oracle", "pgsnake"):
        conns[key].finish()


def make_template(args) -> str | None:
    if not args.setup:
        return None
    name = f"{args.dbname}_template"
    conns = fresh_databases(args, name, None)
    for path in args.setup:
        with open(path) as f:
            for sql in split_statements(f.read()):
                outs = {key: differential.run_statement(conns[key], sql, timeout=600)
                        for key in ("oracle", "pgsnake")}
                if outs["oracle"].status != outs["pgsnake"].status:
                    print(f"setup differs ({outs['oracle'].message} / "
                          f"{outs['pgsnake'].message}): {sql[:70]}")
    close(conns)
    return name


def probe_script(conns: dict, statements: list[str]):
    tally = collections.Counter()
    report = []
    for number, sql in enumerate(statements, start=1):
        expected = run_one(conns, "oracle", sql)
        actual = run_one(conns, "pgsnake", sql)
        for key, out in (("oracle", expected), ("pgsnake", actual)):
            if out.transaction_status == "E" and (expected.transaction_status
                                                  != actual.transaction_status):
                run_one(conns, key, "ROLLBACK")
        costed = with_costs(sql)
        if costed is None or expected.status != "ok":
            if _EXPLAIN_HEAD.match(sql) and costed is None:
                tally["analyze (not re-run)"] += 1
            continue
        want = run_one(conns, "oracle", costed)
        got = run_one(conns, "pgsnake", costed)
        if want.status != "ok":
            continue
        tally["explains"] += 1
        expected_lines = [row[0] or "" for row in want.rows or []]
        if got.status != "ok":
            kind = "error"
            actual_lines = [f"{got.status}: {got.sqlstate} {got.message}"]
            if got.transaction_status == "E" and want.transaction_status != "E":
                run_one(conns, "pgsnake", "ROLLBACK")
        else:
            actual_lines = [row[0] or "" for row in got.rows or []]
            if actual_lines == expected_lines:
                tally["equal"] += 1
                continue
            kind = difference_kind(expected_lines, actual_lines)
            if kind == "plan" and (actual.status != "ok" or expected.rows != actual.rows):
                kind = "shape"          # the statement as written differs too
        tally["different"] += 1
        tally[kind] += 1
        diff = difflib.unified_diff(expected_lines, actual_lines, "oracle", "pgsnake",
                                    lineterm="", n=100)
        report.append(f"=== {kind} (statement {number})\n{costed}\n" + "\n".join(diff))
    return tally, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oracle", required=True)
    parser.add_argument("--pgsnake", required=True)
    parser.add_argument("--dbname", required=True, help="prefix of the databases made")
    parser.add_argument("--setup", action="append", help="script run once into a template")
    parser.add_argument("--details", help="directory for the differences")
    parser.add_argument("scripts", nargs="+")
    args = parser.parse_args()
    template = make_template(args)
    totals = collections.Counter()
    kinds = ("rows", "cost", "width", "plan", "shape", "error")
    header = f"{'script':26} {'explains':>8} {'equal':>6} {'differ':>6}  " + " ".join(
        f"{k:>5}" for k in kinds)
    summary = [header]
    print(header, flush=True)
    for path in args.scripts:
        with open(path) as f:
            statements = split_statements(f.read())
        name = f"{args.dbname}_probe"
        conns = fresh_databases(args, name, template)
        try:
            tally, report = probe_script(conns, statements)
        finally:
            close(conns)
        script = os.path.basename(path)
        line = (f"{script:26} {tally['explains']:8} {tally['equal']:6} "
                f"{tally['different']:6}  " + " ".join(f"{tally[k]:5}" for k in kinds))
        summary.append(line)
        print(line, flush=True)
        totals.update(tally)
        if args.details and report:
            os.makedirs(args.details, exist_ok=True)
            with open(os.path.join(args.details, script + ".diff"), "w") as f:
                f.write("\n\n".join(report) + "\n")
    for key, dsn in (("oracle", args.oracle), ("pgsnake", args.pgsnake)):
        _admin(dsn, f"DROP DATABASE IF EXISTS {args.dbname}_probe")
    total = (f"{'total':26} {totals['explains']:8} {totals['equal']:6} "
             f"{totals['different']:6}  " + " ".join(f"{totals[k]:5}" for k in kinds))
    summary.append(total)
    print(total)
    if totals["analyze (not re-run)"]:
        print(f"EXPLAIN ANALYZE statements not re-run: {totals['analyze (not re-run)']}")
    if args.details:
        os.makedirs(args.details, exist_ok=True)
        with open(os.path.join(args.details, "summary.txt"), "w") as f:
            f.write("\n".join(summary) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
