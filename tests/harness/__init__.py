"""Test harness shared by the system and regression tests: servers, processes, diffs."""
