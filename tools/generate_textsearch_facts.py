"""Generate pgsnake/datatypes/textsearch_catalog_facts.py from a running PostgreSQL 15 (the oracle).

Full text search's types (tsvector, tsquery, gtsvector, regconfig, regdictionary and
their arrays), their operators, casts and SQL-callable functions use PostgreSQL's real
OIDs and signatures; they live in their own generated module so the text-search family
registers through small hooks (datatypes/ts_functions.py). Also the configurations and
dictionaries pgsnake implements (CONFIGS, DICTS, CONFIG_MAP), and the default parser's
token types (TOKEN_TYPES). Facts only.

Usage:
    python tools/generate_textsearch_facts.py "host=/tmp port=55432 user=postgres dbname=postgres"
    python tools/generate_textsearch_facts.py --stem-cases DSN
        (re)records tests/datatypes/english_stem_cases.json: the oracle's
        ts_lexize('english_stem', w) for the words of the repository's documentation and
        the algorithm's special cases, which tests/datatypes/test_text_search.py replays

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


# Words whose stems exercise the algorithm's special cases (exceptions, R1 prefixes,
# Step 1a/1b forms, double consonants, short syllables, every Step 2-5 suffix).
SPECIAL_WORDS = """
universal university organization emergency lateral past generate general generously
communism communication arsenal arsenic dying lying tying skis skies news howe atlas
cosmos bias andes inning innings outing canning herring earring proceed exceed succeed
proceeding ties cries gas gaps caress ponies cats feed agreed plastered bled motoring
sing conflated troubled sized hopping tanned falling hissing fizzed failing filing happy
sky hop hoping luxuriating relational conditional rational valenci hesitanci digitizer
conformabli radicalli differentli vileli analogousli vietnamization predication operator
feudalism decisiveness hopefulness callousness formaliti sensitiviti sensibiliti
triplicate formative formalize electriciti electrical hopeful goodness revival allowance
inference airliner gyroscopic adjustable defensible irritant replacement adjustment
dependent adoption homologous effective bowdlerize probate rate cease controll roll
consign consigned consigning consignment consolingly conspicuously knackeries kneeling
youth youthful yellow yearly 'tis o'clock abc's dogs' ugly early only singly gently
idly yyy ay eyes saying played fly flies apology geology logically fully carelessly
""".split()


def record_stem_cases(dsn: str, out_path: str) -> None:
    import json
    import re
    root = pathlib.Path(__file__).resolve().parent.parent
    words = set(SPECIAL_WORDS)
    for path in sorted(root.glob("docs/*.md")) + sorted(root.glob("pgsnake/*/README.md")):
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", path.read_text()))
    words = sorted(words)
    with psycopg.connect(dsn) as conn:
        rows = fetch(conn, "SELECT w, ts_lexize('english_stem', w) FROM unnest(%s::text[]) w",
                     (words,))
    with open(out_path, "w") as f:
        f.write('{"source": "PostgreSQL 15: SELECT ts_lexize(\'english_stem\', word)",\n'
                ' "cases": [\n')
        f.write(",\n".join(json.dumps([w, lexemes]) for w, lexemes in rows))
        f.write("\n]}\n")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments and arguments[0] == "--stem-cases":
        record_stem_cases(arguments[1] if len(arguments) > 1 else
                          "host=/tmp port=55432 user=postgres dbname=postgres",
                          "tests/datatypes/english_stem_cases.json")
        sys.exit(0)
    dsn = arguments[0] if arguments else "host=/tmp port=55432 user=postgres dbname=postgres"
    main(dsn, arguments[1] if len(arguments) > 1 else "pgsnake/datatypes/textsearch_catalog_facts.py")
