"""psql's text search meta-commands (\\dF, \\dFd, \\dFp, \\dFt and their + forms) print on
pgsnake what they print on PostgreSQL 15: the built-in configurations, dictionaries,
parser and templates from the generated pg_ts_* rows, their descriptions, and the
token-to-dictionary map of a configuration (pg_ts_config_map through ts_token_type)."""
from __future__ import annotations

import pytest

from harness.psql_runner import psql_path, run_psql_script

SCRIPT = r"""
\dF
\dFd
\dFp
\dFt
\dF+ english
\dF+ simple
\dFd+ english_stem
\dFp+
\dFt+ snowball
"""


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_text_search_meta_commands_match_oracle(oracle, pgsnake_server):
    expected = run_psql_script(oracle, SCRIPT)
    assert "english_stem" in expected and "asciihword" in expected
    assert run_psql_script(pgsnake_server, SCRIPT) == expected
