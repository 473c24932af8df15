"""Generate pgsnake/datatypes/keyword_facts.py and to_ascii_facts.py from a running
PostgreSQL 15 (the oracle).

keyword_facts: every SQL keyword with its category code and whether it may be a bare
column label, as pg_get_keywords() lists them, and the two description columns' texts.
to_ascii_facts: for each encoding to_ascii() accepts, the ASCII character it writes for
each byte from 0x80 up, observed by calling to_ascii on text whose UTF-8 bytes include
every lead and continuation byte valid UTF-8 text can hold (0xC0, 0xC1 and 0xF5-0xFF
never occur in it). Facts only.

Usage:
    python tools/generate_keyword_ascii_facts.py "host=/tmp/orc port=55432 user=postgres dbname=postgres"

PostgreSQL: parser/kwlist.h (through pg_get_keywords), utils/adt/ascii.c (through
to_ascii).
"""
from __future__ import annotations

import pprint
import sys

import psycopg

ENCODINGS = ("LATIN1", "LATIN2", "LATIN9", "WIN1250")


def _probe_code_points() -> list[tuple[int, int]]:
    """(code point, index of the byte of interest in its UTF-8 form) covering each byte
    from 0x80 that UTF-8 text can contain."""
    points = [(0x80 + c - 0x80, 1) for c in range(0x80, 0xC0)]     # continuation bytes
    points += [((lead & 0x1F) << 6, 0) for lead in range(0xC2, 0xE0)]
    points += [(0x800, 0)] + [((lead & 0x0F) << 12, 0) for lead in range(0xE1, 0xF0)]
    points += [(0x10000, 0)] + [((lead & 0x07) << 18, 0) for lead in range(0xF1, 0xF4)]
    points += [(0x100000, 0)]
    return points


def main(dsn: str, datatypes_dir: str) -> None:
    with psycopg.connect(dsn) as conn:
        keywords = [tuple(r) for r in conn.execute(
            "SELECT word::text, catcode::text, barelabel FROM pg_get_keywords()")]
        categories = dict(conn.execute(
            "SELECT DISTINCT catcode::text, catdesc::text FROM pg_get_keywords()").fetchall())
        labels = dict(conn.execute(
            "SELECT DISTINCT barelabel, baredesc::text FROM pg_get_keywords()").fetchall())
        tables = {}
        for encoding in ENCODINGS:
            table = {}
            for code_point, at in _probe_code_points():
                data = chr(code_point).encode("utf-8")
                out = conn.execute("SELECT to_ascii(chr(%s), %s)",
                                   (code_point, encoding)).fetchone()[0]
                if len(out) != len(data):
                    raise SystemExit(f"{encoding} U+{code_point:04X}: {out!r}")
                table[data[at]] = out[at]
            tables[encoding] = "".join(table.get(b, chr(b)) for b in range(0x80, 0x100))
    with open(f"{datatypes_dir}/keyword_facts.py", "w") as f:
        f.write('"""PostgreSQL 15\'s SQL keywords as pg_get_keywords() lists them, read by\n'
                "tools/generate_keyword_ascii_facts.py. Generated; do not edit.\n\n"
                "    KEYWORDS             (word, catcode, barelabel), in the function's order\n"
                "    CATEGORY_TEXT        catcode -> catdesc\n"
                "    BARE_LABEL_TEXT      barelabel -> baredesc\n\n"
                "PostgreSQL: include/parser/kwlist.h.\n"
                '"""\n\n')
        f.write(f"KEYWORDS = {pprint.pformat(tuple(keywords), width=96, compact=True)}\n\n")
        f.write(f"CATEGORY_TEXT = {pprint.pformat(categories, width=96)}\n\n")
        f.write(f"BARE_LABEL_TEXT = {pprint.pformat(labels, width=96)}\n")
    with open(f"{datatypes_dir}/to_ascii_facts.py", "w") as f:
        f.write('"""What to_ascii(text, encoding) writes for each byte from 0x80 to 0xFF, per\n'
                "encoding it accepts (a 128-character string indexed by byte - 0x80; bytes\n"
                "UTF-8 text never holds map to themselves), observed on PostgreSQL 15 by\n"
                "tools/generate_keyword_ascii_facts.py. Generated; do not edit.\n\n"
                "PostgreSQL: utils/adt/ascii.c (pg_to_ascii).\n"
                '"""\n\n')
        f.write(f"TABLES = {pprint.pformat(tables, width=96)}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "pgsnake/datatypes")
