"""Generate the facts of PostgreSQL 15's system views (the views system_views.sql makes in
pg_catalog) from the oracle: their OIDs, ACLs and columns.

Facts only. The views' queries are pgsnake's own (pgsnake/catalog/system_views.py,
stat_views.py, system_view_queries.py); this tool records what the oracle decides: which
OIDs PostgreSQL's initdb gives each view, its row type, array type and "_RETURN" rule,
the privileges system_views.sql grants on it, and its columns (names, types, typmods).

Usage (as tools/generate_catalog_facts.py):
    python tools/generate_system_view_facts.py [--dsn DSN] [--check]

Entry points: main(), generate(conn) -> dict[file name, text].

PostgreSQL: catalog/system_views.sql (run by initdb's setup_run_file).
"""
from __future__ import annotations

import argparse
import contextlib
import pathlib
import sys

import psycopg

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import generate_catalog_facts as catalog_facts  # noqa: E402

OUTPUT = catalog_facts.OUTPUT_DIR / "system_view_facts.py"

# aclexplode's privilege names -> aclitem letters
_LETTERS = {"INSERT": "a", "SELECT": "r", "UPDATE": "w", "DELETE": "d", "TRUNCATE": "D",
            "REFERENCES": "x", "TRIGGER": "t"}
_ORDER = "arwdDxt"


def _acl(conn, oid: int) -> tuple:
    """The view's relacl as ((grantee, grantor, letters), ...) in the ACL's order; the
    bootstrap superuser's OID is 10 whatever its name."""
    items: dict[tuple[int, int], str] = {}
    for grantee, grantor, privilege in conn.execute(
            "SELECT a.grantee, a.grantor, a.privilege_type FROM pg_class c, "
            "aclexplode(c.relacl) WITH ORDINALITY a WHERE c.oid = %s ORDER BY ordinality",
            (oid,)).fetchall():
        items[(grantee, grantor)] = items.get((grantee, grantor), "") + _LETTERS[privilege]
    return tuple((grantee, grantor, "".join(sorted(letters, key=_ORDER.index)))
                 for (grantee, grantor), letters in items.items())


def generate(conn) -> dict[str, str]:
    out = [catalog_facts.HEADER.format(
        doc="Facts of PostgreSQL 15's system views (system_views.sql's views in pg_catalog):\n"
            "OIDs, ACLs and columns.\n\n"
            "VIEWS: name -> (relation oid, row type oid, array type oid, rule oid, acl,\n"
            "columns), in OID order; acl is ((grantee, grantor, privilege letters), ...)\n"
            "(grantee 0: PUBLIC); each column is (attname, atttypid, atttypmod, attlen,\n"
            "attbyval, attalign, attstorage, attcollation).")
        .replace("tools/generate_catalog_facts.py", "tools/generate_system_view_facts.py")]
    views = conn.execute(
        "SELECT c.oid, c.relname, c.reltype, t.typarray, r.oid FROM pg_class c "
        "JOIN pg_type t ON t.oid = c.reltype "
        "JOIN pg_rewrite r ON r.ev_class = c.oid AND r.rulename = '_RETURN' "
        "WHERE c.relnamespace = 11 AND c.relkind = 'v' ORDER BY c.oid").fetchall()
    out.append("VIEWS = {\n")
    for oid, relname, reltype, typarray, rule in views:
        columns = conn.execute(
            "SELECT attname, atttypid, atttypmod, attlen, attbyval, attalign, attstorage, "
            "attcollation FROM pg_attribute WHERE attrelid = %s AND attnum > 0 "
            "ORDER BY attnum", (oid,)).fetchall()
        out.append(f"    {relname!r}: ({oid}, {reltype}, {typarray}, {rule}, "
                   f"{_acl(conn, oid)!r}, (\n")
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
