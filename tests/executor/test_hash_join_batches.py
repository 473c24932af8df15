# Proves Hash Join's batching (executor/join_nodes.py): with a hash table limit far below
# the inner side's size, the join splits into many batches through temporary files
# (growing their number while the inner side is read, moving rows on to later batches
# when they are loaded) and still gives exactly the rows of the in-memory join, for
# inner, LEFT and RIGHT joins with NULL keys on both sides; its files are gone after.
import os

import pytest

import pgsnake.executor.join_nodes as join_nodes
from pgsnake.executor.portal_query import prepare_statement
from pgsnake.parser.raw_parser import parse_sql
from pgsnake.utils import process_state, settings


def run(text):
    return prepare_statement(parse_sql(text)[0], []).execute([]).rows


@pytest.fixture
def db(sql, monkeypatch, tmp_path):
    monkeypatch.setattr(process_state, "data_directory", str(tmp_path))
    forced = {"enable_mergejoin": False, "enable_nestloop": False}
    real_get = settings.get
    monkeypatch.setattr(settings, "get", lambda name: forced.get(name, real_get(name)))
    sql.create_table("a", [("k", 23), ("v", 23)])
    sql.create_table("b", [("k", 23), ("w", 23)])
    run("insert into a values " + ", ".join(f"({g % 300}, {g})" for g in range(1, 601))
        + ", (null, -1)")
    run("insert into b values " + ", ".join(f"({g}, {g})" for g in range(150, 451))
        + ", (null, -2)")
    sql.rows_per_page = 40
    return tmp_path


@pytest.mark.parametrize("join", ["join", "left join", "right join"])
def test_batched_hash_join_gives_the_in_memory_rows(db, monkeypatch, join):
    query = f"select a.v, b.w from a {join} b on a.k = b.k"
    plan = prepare_statement(parse_sql(query)[0], []).plan
    assert type(plan).__name__ == "HashJoin"
    expected = sorted(run(query), key=repr)
    grown = []
    real_increase = join_nodes.HashJoinState._increase_batches

    def increase(self, table):
        kept = real_increase(self, table)
        grown.append(self.nbatch)
        return kept
    monkeypatch.setattr(join_nodes.HashJoinState, "_limit", lambda self: 2000.0)
    monkeypatch.setattr(join_nodes.HashJoinState, "_increase_batches", increase)
    assert sorted(run(query), key=repr) == expected
    assert max(grown) >= 8
    assert os.listdir(db / "base" / "pgsql_tmp") == []
