"""Generate the facts of PostgreSQL 15's information_schema from the oracle: OIDs,
names, column types of its views, its domains' pg_type rows and its helper functions'
pg_proc rows.

Facts only. The views' queries, the functions' bodies and the domains' CHECK texts are
pgsnake's own (pgsnake/catalog/information_schema*.py); this tool records what the oracle
decides: which OIDs PostgreSQL's initdb gives these objects and which columns (names,
types, typmods) each view has.

Usage (as tools/generate_catalog_facts.py):
    python tools/generate_information_schema_facts.py [--dsn DSN] [--check]

Entry points: main(), generate(conn) -> dict[file name, text].

PostgreSQL: catalog/information_schema.sql (run by initdb's setup_schema).
"""
from __future__ import annotations

import argparse
import contextlib
import pathlib
import sys

import psycopg

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import generate_catalog_facts as catalog_facts  # noqa: E402

OUTPUT = catalog_facts.OUTPUT_DIR / "information_schema_facts.py"
_IN_SCHEMA = "(SELECT oid FROM pg_namespace WHERE nspname = 'information_schema')"


def _rows(conn, relname: str, where: str) -> tuple[tuple, list[tuple]]:
    columns = [c for c in catalog_facts._catalog_columns(conn) if c[1] == relname]
    select = []
    for (*_, attname, _typid, typname, _len, _byval, _align, _nn, _typmod, _st, _coll,
         _nd) in columns:
        if relname == "pg_proc" and attname == "prosrc":
            select.append('NULL::text AS "prosrc"')     # the bodies are pgsnake's own
            continue
        template = catalog_facts._CONVERSIONS.get(typname, "{col}")
        select.append(template.format(col=f'"{attname}"') + f' AS "{attname}"')
    rows = conn.execute(f"SELECT {', '.join(select)} FROM pg_catalog.{relname} "
                        f"WHERE {where} ORDER BY oid").fetchall()
    return tuple(c[5] for c in columns), rows


def generate(conn) -> dict[str, str]:
    out = [catalog_facts.HEADER.format(
        doc="Facts of PostgreSQL 15's information_schema: OIDs, the domains' pg_type rows,\n"
            "the helper functions' pg_proc rows (prosrc left out: the bodies are pgsnake's),\n"
            "the domains' CHECK constraints (conbin left out) and every view's columns.\n\n"
            "VIEWS: name -> (relation oid, row type oid, array type oid, rule oid, columns);\n"
            "each column is (attname, atttypid, atttypmod, attlen, attbyval, attalign,\n"
            "attstorage, attcollation).")
        .replace("tools/generate_catalog_facts.py", "tools/generate_information_schema_facts.py")]
    namespace = conn.execute("SELECT oid FROM pg_namespace "
                             "WHERE nspname = 'information_schema'").fetchone()[0]
    out.append(f"NAMESPACE_OID = {namespace}\n\n")
    domains = (f"typnamespace = {namespace} AND (typtype = 'd' OR typelem IN "
               f"(SELECT oid FROM pg_type WHERE typtype = 'd' AND typnamespace = {namespace}))")
    for name, relname, where in (
            ("TYPE", "pg_type", domains),
            ("PROC", "pg_proc", f"pronamespace = {namespace}"),
            ("CONSTRAINT", "pg_constraint", f"connamespace = {namespace}")):
        columns, rows = _rows(conn, relname, where)
        out.append(f"{name}_COLUMNS = {columns!r}\n\n{name}_ROWS = (\n")
        out.extend(f"    {tuple(r)!r},\n" for r in rows)
        out.append(")\n\n")
    views = conn.execute(
        "SELECT c.oid, c.relname, c.reltype, t.typarray, r.oid FROM pg_class c "
        "JOIN pg_type t ON t.oid = c.reltype "
        "JOIN pg_rewrite r ON r.ev_class = c.oid AND r.rulename = '_RETURN' "
        f"WHERE c.relnamespace = {namespace} AND c.relkind = 'v' ORDER BY c.oid").fetchall()
    out.append("VIEWS = {\n")
    for oid, relname, reltype, typarray, rule in views:
        columns = conn.execute(
            "SELECT attname, atttypid, atttypmod, attlen, attbyval, attalign, attstorage, "
            "attcollation FROM pg_attribute WHERE attrelid = %s AND attnum > 0 "
            "ORDER BY attnum", (oid,)).fetchall()
        out.append(f"    {relname!r}: ({oid}, {reltype}, {typarray}, {rule}, (\n")
        out.extend(f"        {tuple(c)!r},\n" for c in columns)
        out.append("    )),\n")
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
