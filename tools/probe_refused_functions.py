"""Which PostgreSQL 15 built-in functions pgsnake still refuses, and what the rest answer
for typed NULL arguments next to PostgreSQL.

Every pg_catalog function (prokind 'f') whose argument types are all real types (no
pseudo-type: any*, internal, cstring, ...) is called once on pgsnake as
`SELECT pg_catalog.f(NULL::t1, ...)` in its own rolled-back transaction. A call pgsnake
answers with 0A000 "... is not supported by pgsnake" counts as refused. The same call
goes to PostgreSQL when it cannot change anything there (a strict function with an
argument returns NULL without running; otherwise only immutable and stable functions),
and the two outcomes (value, or SQLSTATE) are compared.

Usage:
    python tools/probe_refused_functions.py --oracle DSN --pgsnake DSN [--list FILE]
        [--only NAME_REGEX]

Prints the counts (functions, refused, internal errors, compared, differing) and, with
--list, writes one line per refused / differing function to FILE.
"""
from __future__ import annotations

import argparse
import re
import sys

import psycopg
from psycopg import sql

_FUNCTIONS = """
SELECT p.oid, p.proname, p.proisstrict, p.provolatile, p.proargtypes::oid[],
       ARRAY(SELECT format_type(t, NULL) FROM unnest(p.proargtypes) t)
FROM pg_proc p
WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.prokind = 'f'
  AND NOT EXISTS (SELECT 1 FROM unnest(p.proargtypes) t JOIN pg_type y ON y.oid = t
                  WHERE y.typtype = 'p')
ORDER BY p.proname, p.oid
"""
_REFUSAL = re.compile(r"is not supported by pgsnake")


def _call_text(name: str, type_names: list[str]) -> sql.Composed:
    args = sql.SQL(", ").join(sql.SQL("NULL::{}").format(sql.SQL(t)) for t in type_names)
    return sql.SQL("SELECT pg_catalog.{}({})").format(sql.Identifier(name), args)


def _outcome(conn, query) -> tuple[str, object]:
    """('ok', rows) or ('error', sqlstate, message); always rolled back."""
    try:
        with conn.transaction(force_rollback=True):
            conn.execute("SET LOCAL statement_timeout = '2s'")
            rows = conn.execute(query).fetchall()
            return ("ok", [tuple(str(v) for v in r) for r in rows])
    except psycopg.Error as e:
        diag = e.diag
        return ("error", diag.sqlstate, diag.message_primary)


def _safe_on_oracle(strict: bool, volatility: str, arg_count: int) -> bool:
    return (strict and arg_count > 0) or volatility in ("i", "s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oracle", required=True)
    parser.add_argument("--pgsnake", required=True)
    parser.add_argument("--list", help="write refused / differing functions here")
    parser.add_argument("--only", help="regular expression the function name must match")
    args = parser.parse_args(argv)
    oracle = psycopg.connect(args.oracle, autocommit=True)
    pgsnake = psycopg.connect(args.pgsnake, autocommit=True)
    functions = oracle.execute(_FUNCTIONS).fetchall()
    if args.only:
        functions = [f for f in functions if re.search(args.only, f[1])]
    counts = {"functions": 0, "refused": 0, "internal": 0, "compared": 0, "differ": 0}
    lines = []
    for oid, name, strict, volatility, _arg_oids, type_names in functions:
        counts["functions"] += 1
        query = _call_text(name, type_names)
        shown = f"{name}({', '.join(type_names)})"
        ours = _outcome(pgsnake, query)
        if ours[0] == "error" and ours[1] == "0A000" and _REFUSAL.search(ours[2] or ""):
            counts["refused"] += 1
            lines.append(f"refused\t{oid}\t{shown}")
            continue
        if ours[0] == "error" and ours[1] == "XX000":
            counts["internal"] += 1
            lines.append(f"internal\t{oid}\t{shown}\t{ours[2]}")
        if not _safe_on_oracle(strict, volatility, len(type_names)):
            continue
        counts["compared"] += 1
        theirs = _outcome(oracle, query)
        same = theirs[:2] == ours[:2] if theirs[0] == "error" else theirs == ours
        if not same:
            counts["differ"] += 1
            lines.append(f"differ\t{oid}\t{shown}\toracle {theirs!r}\tpgsnake {ours!r}")
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    if args.list:
        with open(args.list, "w") as f:
            f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
