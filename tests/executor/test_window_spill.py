# Proves that WindowAgg keeps a partition larger than work_mem in a temporary file
# (executor/window_partition.py) and still gives exactly the in-memory results: ranking,
# lag/lead and frame aggregates read spilled rows back by position; the file is gone
# after. Also PartitionRows alone: random access across spilled and in-memory chunks.
import os

from pgsnake.executor import window_partition
from pgsnake.executor.portal_query import prepare_statement
from pgsnake.parser.raw_parser import parse_sql
from pgsnake.utils import process_state, settings


def run(text):
    return prepare_statement(parse_sql(text)[0], []).execute([]).rows


QUERY = ("select k, v, row_number() over w, lag(v, 3) over w, lead(v, 1500) over w, "
         "sum(v) over (partition by k order by v rows between 2 preceding and 700 following), "
         "count(*) over (partition by k) from a window w as (partition by k order by v)")


def test_a_spilled_partition_gives_the_in_memory_results(sql, monkeypatch, tmp_path):
    monkeypatch.setattr(process_state, "data_directory", str(tmp_path))
    sql.create_table("a", [("k", 23), ("v", 23)])
    run("insert into a values " + ", ".join(f"({g % 2}, {g * 7 % 5003})" for g in range(1, 6001)))
    sql.rows_per_page = 100
    expected = sorted(run(QUERY), key=repr)
    spilled = []
    real_spill = window_partition.PartitionRows._spill

    def spill(self):
        spilled.append(len(self))
        return real_spill(self)
    monkeypatch.setattr(window_partition.PartitionRows, "_spill", spill)
    real_get = settings.get
    monkeypatch.setattr(settings, "get", lambda name: 64 if name == "work_mem" else real_get(name))
    assert sorted(run(QUERY), key=repr) == expected
    assert spilled, "a 3000-row partition should not fit in 64kB"
    assert os.listdir(tmp_path / "base" / "pgsql_tmp") == []


def test_partition_rows_random_access(monkeypatch, tmp_path):
    monkeypatch.setattr(process_state, "data_directory", str(tmp_path))
    rows = window_partition.PartitionRows(work_mem_kb=16)
    for i in range(5500):
        rows.append([i, "x" * 20])
    assert rows.spilled
    assert rows.chunks[0] is None                      # the first chunk went to disk
    assert [rows[i][0] for i in (0, 4999, 1, 5499, 2500)] == [0, 4999, 1, 5499, 2500]
    assert [r[0] for r in rows] == list(range(5500))
    rows.close()
    assert os.listdir(tmp_path / "base" / "pgsql_tmp") == []
