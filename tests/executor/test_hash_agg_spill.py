# Proves HashAggregate's spilling (executor/upper_nodes.py): with a memory limit far
# below its groups' size it writes the input rows of groups that do not fit to partition
# files, aggregates the partitions afterwards (spilling again if need be), and gives
# exactly the groups of the in-memory aggregate (count, sum, max, HAVING; a DISTINCT
# aggregate is never hashed, as in PostgreSQL); its
# files are gone after.
import os

import pytest

from pgsnake.executor.portal_query import prepare_statement
from pgsnake.parser.raw_parser import parse_sql
from pgsnake.utils import process_state, settings


def run(text):
    return prepare_statement(parse_sql(text)[0], []).execute([]).rows


QUERY = ("select k, count(*), sum(v), max(v % 7) from a group by k "
         "having count(*) > 1")


def test_spilled_hash_aggregate_gives_the_in_memory_groups(sql, monkeypatch, tmp_path):
    monkeypatch.setattr(process_state, "data_directory", str(tmp_path))
    sql.create_table("a", [("k", 23), ("v", 23)])
    run("insert into a values " + ", ".join(f"({g % 400}, {g})" for g in range(1, 2001))
        + ", (null, 1), (null, 2)")
    sql.rows_per_page = 100
    plan = prepare_statement(parse_sql(QUERY)[0], []).plan
    assert plan.explain_name() == "HashAggregate"
    expected = sorted(run(QUERY), key=repr)
    real_get = settings.get
    monkeypatch.setattr(settings, "get", lambda name: 0.001 if name == "hash_mem_multiplier"
                        else real_get(name))
    written = []
    real_add = __import__("pgsnake.utils.temp_files", fromlist=["x"]).PartitionFiles.add

    def add(self, number, row):
        written.append(number)
        return real_add(self, number, row)
    monkeypatch.setattr("pgsnake.utils.temp_files.PartitionFiles.add", add)
    assert sorted(run(QUERY), key=repr) == expected
    assert len(written) > 1000                  # most input rows went through files
    assert os.listdir(tmp_path / "base" / "pgsql_tmp") == []
