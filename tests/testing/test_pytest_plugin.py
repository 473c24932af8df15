"""The pytest plugin as a user meets it: installed through the pytest11 entry point, and
a sample project (examples/pytest_project) whose tests use pgsnake_dsn under pytest -n 2,
each seeing only its own tables, some starting from a migrated template."""
from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_PROJECT = REPO_ROOT / "examples" / "pytest_project"


def test_plugin_is_registered_by_installing_pgsnake():
    plugins = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert plugins.get("pgsnake") == "pgsnake.testing.pytest_plugin", (
        "pip install -e . registers the entry point (scripts/run-tests does)")


@pytest.mark.timeout(900)
def test_sample_project_runs_under_xdist():
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("PYTEST_ADDOPTS", None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "-p", "no:cacheprovider",
         "-W", "ignore::Warning", "-rA"],
        cwd=SAMPLE_PROJECT, env=env, capture_output=True, text=True, timeout=850)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    passed = [line for line in output.splitlines() if line.startswith("PASSED ")]
    # 8 + 1 + 1 isolation tests, 3 template tests: all ran, on two workers.
    assert len(passed) == 13, output
    assert "created: 2/2 workers" in output, output
