"""psql's describe commands on PostgreSQL's system views, on pgsnake and on PostgreSQL 15
alike: \\dvS lists them (they are pg_class rows made at initdb, catalog/system_view_rows.py),
\\d pg_roles / \\d+ pg_locks / \\d+ pg_stat_activity print their columns and definitions,
\\dv+ sizes them. \\d+ pg_settings matches but for its "Rules:" section: pgsnake has no
pg_settings_u / pg_settings_n rules (UPDATE pg_settings). pgsnake's \\dvS also lists
PostgreSQL 16's pg_stat_io (catalog/newer_system_views.py), which 15 lacks: that line is
taken out of pgsnake's listing before comparing."""
from __future__ import annotations

import re

import pytest

from harness.psql_runner import psql_path, run_psql_script

SCRIPT = r"""
\dvS
\d pg_roles
\d+ pg_locks
\d+ pg_stat_activity
\dv+ pg_catalog.pg_stat_progress*
\d+ pg_stat_replication
"""

SETTINGS = r"""
\d+ pg_settings
"""


def _without_newer_views(text: str) -> str:
    """pgsnake's \\dvS less the views newer than PostgreSQL 15, with the row count that
    follows the listing made to match."""
    from pgsnake.catalog import newer_system_views
    lines, out, removed = text.splitlines(), [], 0
    for line in lines:
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 2 and cells[0] == "pg_catalog" and cells[1] in newer_system_views.VIEWS:
            removed += 1
            continue
        if removed and re.fullmatch(r"\((\d+) rows\)", line):
            line = f"({int(line[1:].split()[0]) - removed} rows)"
            removed = 0
        out.append(line)
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def _without_rules(text: str) -> str:
    """The output less its "Rules:" section (to the blank line ending the table)."""
    lines, out, skipping = text.splitlines(), [], False
    for line in lines:
        if line == "Rules:":
            skipping = True
            continue
        if skipping and line.startswith(" "):
            continue
        skipping = False
        out.append(line)
    return "\n".join(out)


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_describe_system_views_matches_oracle(oracle, pgsnake_server):
    expected = run_psql_script(oracle, SCRIPT)
    assert "pg_stat_activity" in expected and "pg_lock_status" in expected
    got = run_psql_script(pgsnake_server, SCRIPT)
    assert "| pg_stat_io " in got
    assert _without_newer_views(got) == expected


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_describe_pg_settings_matches_oracle_but_rules(oracle, pgsnake_server):
    expected = run_psql_script(oracle, SETTINGS)
    assert "Rules:" in expected and "pg_show_all_settings()" in expected
    got = run_psql_script(pgsnake_server, SETTINGS)
    assert "Rules:" not in got
    assert got.rstrip("\n") == _without_rules(expected).rstrip("\n")
