"""Generate pgsnake/datatypes/json_catalog_facts.py from a running PostgreSQL 15 (the oracle).

The json, jsonb and jsonpath types, their operators, casts, functions and aggregates use
PostgreSQL's real OIDs and signatures. They live in their own generated module (not in
catalog_facts.py) so that the JSON family can be regenerated alone. Facts only: numbers
and names, no code.

Usage:
    python tools/generate_json_facts.py "host=/tmp port=55432 user=postgres dbname=postgres"

PostgreSQL: include/catalog/pg_type.dat, pg_operator.dat, pg_cast.dat, pg_proc.dat,
pg_aggregate.dat (read through the catalogs).
"""
from __future__ import annotations

import pprint
import sys

import psycopg

JSON_TYPE_OIDS = (114, 3802, 4072)        # json, jsonb, jsonpath

# Functions of the JSON family that take or return a JSON type (by name; support and
# I/O functions taking internal/cstring are left out).
FUNCTION_PATTERN = r"^(json|jsonb|to_json|to_jsonb|row_to_json|array_to_json)($|_)"


def fetch(conn, sql, params=()):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def main(dsn: str, out_path: str) -> None:
    oids = list(JSON_TYPE_OIDS)
    with psycopg.connect(dsn) as conn:
        types = fetch(conn, """
            SELECT oid::int, typname::text, typlen::int, typbyval, typalign::text,
                   typcategory::text, typispreferred, typarray::int, typelem::int
            FROM pg_type WHERE oid = ANY(%s) OR typelem = ANY(%s) AND typcategory = 'A'
            ORDER BY oid""", (oids, oids))
        operators = fetch(conn, """
            SELECT oid::int, oprname::text, oprleft::int, oprright::int, oprresult::int,
                   oprcode::regproc::text
            FROM pg_operator WHERE oprleft = ANY(%s) OR oprright = ANY(%s)
            ORDER BY oid""", (oids, oids))
        casts = fetch(conn, """
            SELECT castsource::int, casttarget::int, castcontext::text, castmethod::text,
                   coalesce(castfunc::regproc::text, '')
            FROM pg_cast WHERE castsource = ANY(%s) OR casttarget = ANY(%s)
            ORDER BY 1, 2""", (oids, oids))
        procs = fetch(conn, """
            SELECT p.oid::int, p.proname::text, p.proargtypes::oid[]::int[], p.prorettype::int,
                   p.proisstrict, p.provolatile::text, p.prosrc::text, p.proretset,
                   p.prorows::float8, p.provariadic::int, p.pronargdefaults::int,
                   coalesce(p.proallargtypes::int[], '{}'),
                   coalesce(p.proargmodes::text[], '{}'), coalesce(p.proargnames, '{}')
            FROM pg_proc p
            WHERE p.proname ~ %s AND p.prokind = 'f'
              AND NOT (p.proargtypes::oid[] && '{2281,2275,3734,3769}'::oid[])
              AND p.prorettype NOT IN (2281, 2275, 3614)
              AND p.pronamespace = 'pg_catalog'::regnamespace
            ORDER BY p.oid""", (FUNCTION_PATTERN,))
        aggregates = fetch(conn, """
            SELECT p.oid::int, p.proname::text, p.proargtypes::oid[]::int[], p.prorettype::int,
                   a.aggtranstype::int
            FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
            WHERE p.proname ~ %s AND p.pronamespace = 'pg_catalog'::regnamespace
            ORDER BY p.oid""", (FUNCTION_PATTERN,))
    with open(out_path, "w") as f:
        f.write('"""Facts about json, jsonb and jsonpath read from PostgreSQL 15\'s catalogs by\n'
                "tools/generate_json_facts.py.\n\n"
                "Generated; do not edit. Rows are plain tuples:\n"
                "    TYPES       (oid, typname, typlen, typbyval, typalign, typcategory,\n"
                "                 typispreferred, typarray, typelem)\n"
                "    OPERATORS   (oid, oprname, oprleft, oprright, oprresult, oprcode)\n"
                "    CASTS       (castsource, casttarget, castcontext, castmethod, castfunc)\n"
                "    PROCS       (oid, proname, argtypes, rettype, strict, volatile, prosrc,\n"
                "                 retset, rows, variadic, nargdefaults, allargtypes, argmodes,\n"
                "                 argnames)\n"
                "    AGGREGATES  (oid, proname, argtypes, rettype, transtype)\n\n"
                "PostgreSQL: include/catalog/pg_type.dat, pg_operator.dat, pg_cast.dat, "
                "pg_proc.dat, pg_aggregate.dat.\n"
                '"""\n')
        for name, rows in (("TYPES", types), ("OPERATORS", operators), ("CASTS", casts),
                           ("PROCS", procs), ("AGGREGATES", aggregates)):
            f.write(f"\n{name} = (\n")
            for row in rows:
                row = tuple(tuple(x) if isinstance(x, list) else x for x in row)
                f.write(f"    {pprint.pformat(row, width=200)},\n")
            f.write(")\n")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    dsn = arguments[0] if arguments else "host=/tmp port=55432 user=postgres dbname=postgres"
    main(dsn, arguments[1] if len(arguments) > 1 else "pgsnake/datatypes/json_catalog_facts.py")
