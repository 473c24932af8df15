"""Generate the argument defaults of PostgreSQL 15's built-in functions from the oracle.

Facts only: for every pg_catalog function with pronargdefaults > 0, its input argument
names and the SQL text of each default (pg_get_function_arg_default), which pgsnake
analyses like any expression when a call leaves that argument out
(pgsnake/parser/builtin_call_arguments.py). pg_proc's proargdefaults itself is a
pg_node_tree that the catalog facts leave NULL (tools/generate_catalog_facts.py).

Usage (as tools/generate_catalog_facts.py):
    python tools/generate_argument_default_facts.py [--dsn DSN] [--check]

Entry points: main(), generate(conn) -> dict[file name, text].

PostgreSQL: catalog/system_functions.sql (the CREATE OR REPLACE FUNCTION ... DEFAULT
statements initdb runs), utils/adt/ruleutils.c (pg_get_function_arg_default).
"""
from __future__ import annotations

import argparse
import contextlib
import pathlib
import sys

import psycopg

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import generate_catalog_facts as catalog_facts  # noqa: E402

OUTPUT = catalog_facts.OUTPUT_DIR / "argument_default_facts.py"


def generate(conn) -> dict[str, str]:
    out = [catalog_facts.HEADER.format(
        doc="Argument defaults of PostgreSQL 15's built-in functions.\n\n"
            "DEFAULTS: function oid -> (pronargs, input argument names (none when\n"
            "proargnames is NULL), default SQL texts of the last pronargdefaults inputs).")
        .replace("tools/generate_catalog_facts.py", "tools/generate_argument_default_facts.py")]
    rows = conn.execute(
        "SELECT p.oid, p.pronargs, p.pronargdefaults, "
        "coalesce(p.proargnames, '{}') FROM pg_proc p "
        "WHERE p.pronamespace = 11 AND p.pronargdefaults > 0 ORDER BY p.oid").fetchall()
    out.append("DEFAULTS = {\n")
    for oid, nargs, ndefaults, names in rows:
        texts = tuple(conn.execute("SELECT pg_get_function_arg_default(%s, %s)",
                                   (oid, n)).fetchone()[0]
                      for n in range(nargs - ndefaults + 1, nargs + 1))
        # proargnames covers OUT arguments too; the inputs come first in these functions
        out.append(f"    {oid}: ({nargs}, {tuple(names[:nargs])!r}, {texts!r}),\n")
    out.append("}\n")
    return {OUTPUT.name: "".join(out)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsn", help="connect to this PostgreSQL 15 instead of starting one")
    parser.add_argument("--check", action="store_true",
                        help="compare with the checked-in file instead of writing it")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        dsn = args.dsn or stack.enter_context(catalog_facts._throwaway_cluster())
        with psycopg.connect(dsn) as conn:
            files = generate(conn)
    text = files[OUTPUT.name]
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_text() != text:
            print(f"out of date: {OUTPUT.name}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
