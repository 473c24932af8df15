"""Every page of a relation's main fork as bytes, read over a connection with
pageinspect's get_raw_page (on pgsnake or on the oracle PostgreSQL alike): what the
byte-for-byte page tests compare.

    raw_pages(conn, relation) -> list[bytes]    (pageinspect must be installed)
"""
from __future__ import annotations


def raw_pages(conn, relation: str) -> list[bytes]:
    (count,) = conn.execute(f"SELECT pg_relation_size('{relation}') / 8192").fetchone()
    return [bytes(conn.execute(f"SELECT get_raw_page('{relation}', {b})").fetchone()[0])
            for b in range(count)]
