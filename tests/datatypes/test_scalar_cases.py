# Proves that pgsnake's uuid, inet/cidr, macaddr/macaddr8, bit/varbit, money, pg_lsn and
# timetz give the same text (and result type, and SQLSTATE + message on error) as the
# real PostgreSQL 15 for every case in scalar_cases.json, which
# tools/generate_scalar_facts.py --expectations produced from the oracle; cases with
# "settings" (DateStyle, IntervalStyle, TimeZone) are evaluated under those settings.
from __future__ import annotations

import json
import pathlib

import pytest

from pgsnake.utils import settings
from pgsnake.utils.errors import PgError
from tests.datatypes.oracle_harness import evaluate
from tests.datatypes.test_oracle_cases import _case_id

CASES = json.loads((pathlib.Path(__file__).parent / "scalar_cases.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_matches_oracle(case, monkeypatch):
    # values are restored after each test (conftest); so is the pending ParameterStatus
    # flag, which a later in-process backend would otherwise act on
    monkeypatch.setattr(settings, "report_pending", settings.report_pending)
    for name, value in case.get("settings", {}).items():
        settings.set_value(name, value)
    if "sqlstate" in case:
        with pytest.raises(PgError) as raised:
            evaluate(case)
        assert (raised.value.sqlstate, raised.value.message) == (case["sqlstate"], case["message"])
    else:
        text, result_type = evaluate(case)
        assert text == case["result"]
        if case.get("result_type") is not None:
            assert result_type == case["result_type"]
