"""Generate pgsnake/datatypes/regex_catalog_facts.py from a running PostgreSQL 15 (the oracle).

The regular-expression operators (~ ~* !~ !~* on text, name, bpchar) and functions
(regexp_*, substring(text, pattern), similar_escape, similar_to_escape) use PostgreSQL's
real OIDs and signatures; they live in their own generated module so that the regex
family registers through small hooks (datatypes/regex_functions.py). Facts only.

Usage:
    python tools/generate_regex_facts.py "host=/tmp port=55432 user=postgres dbname=postgres"

PostgreSQL: include/catalog/pg_operator.dat, pg_proc.dat (read through the catalogs).
"""
from __future__ import annotations

import pprint
import sys

import psycopg

OPERATOR_NAMES = ("~", "~*", "!~", "!~*")
TEXT_TYPES = (25, 19, 1042)               # text, name, bpchar (varchar coerces to text)
FUNCTION_PATTERN = r"^(regexp_|similar_escape$|similar_to_escape$)"


def fetch(conn, sql, params=()):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def main(dsn: str, out_path: str) -> None:
    with psycopg.connect(dsn) as conn:
        operators = fetch(conn, """
            SELECT oid::int, oprname::text, oprleft::int, oprright::int, oprresult::int,
                   oprcode::regproc::text
            FROM pg_operator
            WHERE oprname = ANY(%s) AND oprleft = ANY(%s) AND oprright = 25
              AND oprnamespace = 'pg_catalog'::regnamespace
            ORDER BY oid""", (list(OPERATOR_NAMES), list(TEXT_TYPES)))
        procs = fetch(conn, """
            SELECT p.oid::int, p.proname::text, p.proargtypes::oid[]::int[], p.prorettype::int,
                   p.proisstrict, p.provolatile::text, p.prosrc::text, p.proretset,
                   p.prorows::float8
            FROM pg_proc p
            WHERE (p.proname ~ %s
                   OR (p.proname = 'substring' AND
                       array_to_string(p.proargtypes::oid[], ',') IN ('25,25', '25,25,25')))
              AND p.prokind = 'f' AND p.pronamespace = 'pg_catalog'::regnamespace
            ORDER BY p.oid""", (FUNCTION_PATTERN,))
    with open(out_path, "w") as f:
        f.write('"""Facts about the regular-expression operators and functions, read from\n'
                "PostgreSQL 15's catalogs by tools/generate_regex_facts.py.\n\n"
                "Generated; do not edit. Rows are plain tuples:\n"
                "    OPERATORS   (oid, oprname, oprleft, oprright, oprresult, oprcode)\n"
                "    PROCS       (oid, proname, argtypes, rettype, strict, volatile, prosrc,\n"
                "                 retset, rows)\n\n"
                "PostgreSQL: include/catalog/pg_operator.dat, pg_proc.dat.\n"
                '"""\n')
        for name, rows in (("OPERATORS", operators), ("PROCS", procs)):
            f.write(f"\n{name} = (\n")
            for row in rows:
                row = tuple(tuple(x) if isinstance(x, list) else x for x in row)
                f.write(f"    {pprint.pformat(row, width=200)},\n")
            f.write(")\n")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    dsn = arguments[0] if arguments else "host=/tmp port=55432 user=postgres dbname=postgres"
    main(dsn, arguments[1] if len(arguments) > 1 else "pgsnake/datatypes/regex_catalog_facts.py")
