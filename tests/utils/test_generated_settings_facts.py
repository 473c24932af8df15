# Proves the checked-in settings facts (pgsnake/utils/generated/settings_facts.py) are
# exactly what tools/generate_settings_facts.py produces from PostgreSQL 15 - facts,
# regenerated, never hand-edited - and spot-checks facts the generator had to find by
# probing the server rather than by reading pg_settings.
from __future__ import annotations

import os
import subprocess
import sys

from pgsnake.utils.generated import settings_facts

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _facts() -> dict[str, tuple]:
    return {fact[0]: fact for fact in settings_facts.SETTINGS}


def test_probed_facts():
    facts = _facts()
    flags = {name: set(fact[10]) for name, fact in facts.items()}
    assert "REPORT" in flags["DateStyle"] and "REPORT" not in flags["work_mem"]
    assert {"LIST_INPUT", "LIST_QUOTE"} <= flags["search_path"]
    assert "LIST_INPUT" in flags["DateStyle"] and "LIST_QUOTE" not in flags["DateStyle"]
    assert "SUPERUSER_ONLY" in flags["data_directory"]
    assert "NO_SHOW_ALL" in flags["is_superuser"]          # hidden from pg_settings
    assert "NO_ALTER_SYSTEM" in flags["transaction_isolation"]
    spellings = dict(settings_facts.ENUMS["wal_level"][1])
    assert spellings["hot_standby"] == "replica"            # a hidden alias
    assert dict(settings_facts.ENUMS["wal_compression"][1])["on"] == "pglz"


def test_generated_file_matches_the_oracle(postgres_binaries):
    result = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "generate_settings_facts.py"),
                             "--check"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, (f"settings_facts.py is out of date: run "
                                    f"tools/generate_settings_facts.py\n{result.stderr}")
