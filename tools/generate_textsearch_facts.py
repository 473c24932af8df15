"""Generate pgsnake/datatypes/textsearch_catalog_facts.py from a running PostgreSQL 15 (the oracle).

Full text search's types (tsvector, tsquery, gtsvector, regconfig, regdictionary and
their arrays), their operators, casts and SQL-callable functions use PostgreSQL's real
OIDs and signatures; they live in their own generated module so the text-search family
registers through small hooks (datatypes/ts_functions.py). Also the configurations and
dictionaries pgsnake implements (CONFIGS, DICTS, CONFIG_MAP), and the default parser's
token types (TOKEN_TYPES). Facts only.

Usage:
    python tools/generate_textsearch_facts.py "host=/tmp port=55432 user=postgres dbname=postgres"

PostgreSQL: include/catalog/pg_type.dat, pg_operator.dat, pg_cast.dat, pg_proc.dat,
pg_ts_config.dat, pg_ts_dict.dat (read through the catalogs).
"""
from __future__ import annotations

import pathlib
import pprint
import subprocess
import sys

import psycopg

TYPE_OIDS = (3614, 3615, 3642, 3734, 3769)   # tsvector, tsquery, gtsvector, regconfig, regdictionary
IMPLEMENTED_CONFIGS = ("simple", "english")
FUNCTION_PATTERN = (r"^(to_tsvector|to_tsquery|plainto_tsquery|phraseto_tsquery|"
                    r"websearch_to_tsquery|ts_.*|tsvector.*|tsquery.*|setweight|strip|"
                    r"length|numnode|querytree|array_to_tsvector|unnest|get_current_ts_config|"
                    r"regconfig.*|regdictionary.*|to_regconfig|to_regdictionary|gtsvector.*|"
                    r"tsq_mcontains|tsq_mcontained|tsmatch.*|textanycat)$")


def fetch(conn, sql, params=()):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def main(dsn: str, out_path: str) -> None:
    oids = list(TYPE_OIDS)
    with psycopg.connect(dsn) as conn:
        types = fetch(conn, """
            SELECT oid::int, typname::text, typlen::int, typbyval, typalign::text,
                   typcategory::text, typispreferred, typarray::int, typelem::int
            FROM pg_type WHERE oid = ANY(%s) OR typelem = ANY(%s) AND typcategory = 'A'
            ORDER BY oid""", (oids, oids))
        operators = fetch(conn, """
            SELECT oid::int, oprname::text, oprleft::int, oprright::int, oprresult::int,
                   oprcode::regproc::text
            FROM pg_operator WHERE (oprleft = ANY(%s) OR oprright = ANY(%s)
                                    OR (oprname = '@@' AND oprleft = 25 AND oprright = 25))
              AND oprnamespace = 'pg_catalog'::regnamespace
            ORDER BY oid""", (oids, oids))
        casts = fetch(conn, """
            SELECT castsource::int, casttarget::int, castcontext::text, castmethod::text,
                   coalesce(castfunc::regproc::text, '')
            FROM pg_cast WHERE castsource = ANY(%s) OR casttarget = ANY(%s)
            ORDER BY 1, 2""", (oids, oids))
        procs = fetch(conn, """
            SELECT p.oid::int, p.proname::text, p.proargtypes::oid[]::int[], p.prorettype::int,
                   p.proisstrict, p.provolatile::text, p.prosrc::text, p.proretset,
                   p.prorows::float8
            FROM pg_proc p
            WHERE p.proname ~ %s AND p.prokind = 'f'
              AND NOT (p.proargtypes::oid[] && '{2281,2275}'::oid[])
              AND p.prorettype NOT IN (2281, 2275)
              AND (p.proargtypes::oid[] && %s::oid[] OR p.prorettype = ANY(%s)
                   OR p.proname IN ('ts_token_type', 'ts_parse', 'ts_debug', 'ts_lexize',
                                    'get_current_ts_config', 'tsvector_update_trigger',
                                    'tsvector_update_trigger_column', 'textanycat'))
              AND p.proname NOT IN ('textanycat')
              AND p.pronamespace = 'pg_catalog'::regnamespace
            ORDER BY p.oid""", (FUNCTION_PATTERN, oids, oids))
        configs = fetch(conn, """
            SELECT oid::int, cfgname::text FROM pg_ts_config ORDER BY oid""")
        dicts = fetch(conn, """
            SELECT d.oid::int, d.dictname::text, d.dicttemplate::int,
                   coalesce(d.dictinitoption, '')
            FROM pg_ts_dict d ORDER BY oid""")
        config_map = fetch(conn, """
            SELECT c.cfgname::text, m.maptokentype::int, d.dictname::text
            FROM pg_ts_config_map m JOIN pg_ts_config c ON c.oid = m.mapcfg
                 JOIN pg_ts_dict d ON d.oid = m.mapdict
            WHERE c.cfgname = ANY(%s) ORDER BY 1, 2, m.mapseqno""",
                           (list(IMPLEMENTED_CONFIGS),))
        token_types = fetch(conn, "SELECT tokid, alias, description FROM ts_token_type(3722)")
    sharedir = subprocess.run(["/usr/lib/postgresql/15/bin/pg_config", "--sharedir"],
                              capture_output=True, text=True, check=True).stdout.strip()
    stop_file = pathlib.Path(sharedir) / "tsearch_data" / "english.stop"
    english_stop_words = tuple(sorted({line.strip() for line in stop_file.read_text().splitlines()
                                       if line.strip()}))
    with open(out_path, "w") as f:
        f.write('"""Facts about full text search read from PostgreSQL 15\'s catalogs by\n'
                "tools/generate_textsearch_facts.py.\n\n"
                "Generated; do not edit. Rows are plain tuples:\n"
                "    TYPES       (oid, typname, typlen, typbyval, typalign, typcategory,\n"
                "                 typispreferred, typarray, typelem)\n"
                "    OPERATORS   (oid, oprname, oprleft, oprright, oprresult, oprcode)\n"
                "    CASTS       (castsource, casttarget, castcontext, castmethod, castfunc)\n"
                "    PROCS       (oid, proname, argtypes, rettype, strict, volatile, prosrc,\n"
                "                 retset, rows)\n"
                "    CONFIGS     (oid, cfgname)              every built-in configuration\n"
                "    DICTS       (oid, dictname, dicttemplate, dictinitoption)\n"
                "    CONFIG_MAP  (cfgname, maptokentype, dictname) of the implemented configs\n"
                "    TOKEN_TYPES (tokid, alias, description) of the default parser\n"
                "    ENGLISH_STOP_WORDS  the words of tsearch_data/english.stop\n\n"
                "PostgreSQL: include/catalog/pg_type.dat, pg_operator.dat, pg_cast.dat, "
                "pg_proc.dat,\npg_ts_config.dat, pg_ts_dict.dat, pg_ts_config_map.dat, "
                "tsearch/wparser_def.c.\n"
                '"""\n')
        for name, rows in (("TYPES", types), ("OPERATORS", operators), ("CASTS", casts),
                           ("PROCS", procs), ("CONFIGS", configs), ("DICTS", dicts),
                           ("CONFIG_MAP", config_map), ("TOKEN_TYPES", token_types)):
            f.write(f"\n{name} = (\n")
            for row in rows:
                row = tuple(tuple(x) if isinstance(x, list) else x for x in row)
                f.write(f"    {pprint.pformat(row, width=200)},\n")
            f.write(")\n")
        f.write(f"\nENGLISH_STOP_WORDS = frozenset({pprint.pformat(english_stop_words, width=96)})\n")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    dsn = arguments[0] if arguments else "host=/tmp port=55432 user=postgres dbname=postgres"
    main(dsn, arguments[1] if len(arguments) > 1 else "pgsnake/datatypes/textsearch_catalog_facts.py")
