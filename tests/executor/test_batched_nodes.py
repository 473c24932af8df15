# Proves the batch loops of Hash Join and HashAggregate: an inner hash join without
# quals probes a whole outer batch inline (join_nodes.HashJoinState._plain_probe), with
# output batches capped near BATCH_ROWS even when one key matches many inner rows; a
# hashed aggregate advances the rows of known groups a batch at a time
# (aggregate_advance.advance_known) and gives the groups the per-row loop gives.
from pgsnake.executor import plan_state
from pgsnake.executor.portal_query import prepare_statement
from pgsnake.parser.raw_parser import parse_sql
from pgsnake.utils import settings

INT4, TEXT = 23, 25


def run(text):
    return [list(r) for r in prepare_statement(parse_sql(text)[0], []).execute([]).rows]


def force(monkeypatch, **values):
    real_get = settings.get
    monkeypatch.setattr(settings, "get", lambda name: values.get(name, real_get(name)))


def setup_tables(sql):
    sql.create_table("o", [("id", INT4), ("k", INT4), ("note", TEXT)])
    sql.create_table("i", [("k", INT4), ("v", INT4)])
    run("insert into o values " + ", ".join(
        f"({n}, {'null' if n % 17 == 0 else n % 5}, 'n{n}')" for n in range(1, 401)))
    # key 1 has 1,500 inner rows: one outer row's matches exceed a batch
    run("insert into i values " + ", ".join(f"(1, {n})" for n in range(1500)) + ", "
        + ", ".join(f"({n % 4 + 2}, {n})" for n in range(40)))


def test_inner_hash_join_batches(sql, monkeypatch):
    setup_tables(sql)
    force(monkeypatch, enable_mergejoin=False, enable_nestloop=False)
    query = "select o.id, i.v from o join i on o.k = i.k"
    sizes = []
    original = plan_state.PlanState.next_batch

    def recording(self):
        batch = original(self)
        if batch is not None and type(self).__name__ == "HashJoinState":
            sizes.append(len(batch))
        return batch
    monkeypatch.setattr(plan_state.PlanState, "next_batch", recording)
    rows = run(query)
    outer = [(n, None if n % 17 == 0 else n % 5) for n in range(1, 401)]
    inner = [(1, n) for n in range(1500)] + [(n % 4 + 2, n) for n in range(40)]
    expected = sorted([oid, v] for oid, ok in outer for ik, v in inner if ok == ik)
    assert sorted(rows) == expected
    assert sizes and max(sizes) <= plan_state.BATCH_ROWS + 64


def test_hashed_aggregate_groups(sql, monkeypatch):
    setup_tables(sql)
    force(monkeypatch, enable_sort=False)
    query = "select k, count(*), sum(id), max(note) from o group by k"
    plan = prepare_statement(parse_sql(query)[0], []).plan
    strategies = []
    while plan is not None:
        strategies.append(getattr(plan, "strategy", None))
        plan = plan.children()[0] if plan.children() else None
    assert "hashed" in strategies
    rows = run(query)
    groups: dict = {}
    for n in range(1, 401):
        k = None if n % 17 == 0 else n % 5
        count, total, top = groups.get(k, (0, 0, None))
        note = f"n{n}"
        groups[k] = (count + 1, total + n, note if top is None or note > top else top)
    assert sorted(rows, key=repr) == sorted(([k, *v] for k, v in groups.items()), key=repr)


def test_inline_count_and_integer_sum_keep_the_overflow_error():
    # aggregate_advance writes count's and an integer sum's steps inline; the sum still
    # raises 22003 "bigint out of range" at the row that leaves int8's range
    import types

    import pytest

    from pgsnake.datatypes import aggregates
    from pgsnake.executor import aggregate_advance
    from pgsnake.utils.errors import PgError

    def call(transition, star=False):
        return types.SimpleNamespace(filter=None, distinct=False, star=star,
                                     aggregate=types.SimpleNamespace(transition=transition,
                                                                     strict=True),
                                     args=[None], arg_columns=[0])
    sum_step = aggregates._sum_step(20)           # sum(int4) -> int8
    advance, advance_batch, advance_known = aggregate_advance.compile_advance(
        [call(aggregates._count_step, star=True), call(sum_step)], (0,))
    assert "+= 1" in advance.source and "t1(" in advance.source
    slots = [[0, None], [None, None]]
    advance_batch(slots, [[5], [None], [7]], None)
    assert slots == [[3, None], [12, None]]
    slots[1][0] = 2 ** 63 - 10
    with pytest.raises(PgError) as caught:
        advance_batch(slots, [[4], [9]], None)
    assert caught.value.sqlstate == "22003" and "bigint out of range" in str(caught.value)
    groups = {(4,): [[0, None], [None, None]]}
    assert advance_known(groups, [[4], [4], [8], [4]], 0, None, None) == (2, (8,))
    assert groups[(4,)] == [[2, None], [8, None]]


def test_left_hash_join_pads_unmatched_and_null_keyed_rows(sql, monkeypatch):
    setup_tables(sql)
    run("insert into i values (null, -1), (9, -2)")
    force(monkeypatch, enable_mergejoin=False, enable_nestloop=False)
    query = ("select i.v, s.id from i left join (select id, k from o where id <= 40) s "
             "on i.k = s.k")
    plan = prepare_statement(parse_sql(query)[0], []).plan
    joins = []
    while plan is not None:
        joins.append(getattr(plan, "join_type", None))
        plan = plan.children()[0] if plan.children() else None
    assert "left" in joins
    rows = run(query)
    small = [(n, n % 5) for n in range(1, 41) if n % 17]
    inner = [(1, n) for n in range(1500)] + [(n % 4 + 2, n) for n in range(40)] \
        + [(None, -1), (9, -2)]
    expected = []
    for ik, v in inner:
        matches = [[v, oid] for oid, ok in small if ik is not None and ok == ik]
        expected += matches or [[v, None]]
    assert sorted(rows, key=repr) == sorted(expected, key=repr)


def test_semi_and_anti_hash_joins(sql, monkeypatch):
    setup_tables(sql)
    run("insert into i values (null, -1)")
    force(monkeypatch, enable_mergejoin=False, enable_nestloop=False)
    outer = [(n, None if n % 17 == 0 else n % 5) for n in range(1, 401)]
    keys = {1, 2, 3, 4, 5}
    for negate in ("", "not "):
        query = f"select o.id from o where {negate}exists (select 1 from i where i.k = o.k)"
        plan = prepare_statement(parse_sql(query)[0], []).plan
        found = []
        while plan is not None:
            found.append((type(plan).__name__, getattr(plan, "join_type", None)))
            plan = plan.children()[0] if plan.children() else None
        # (EXISTS may be planned as an inner join over the inner side made unique)
        assert ("HashJoin", "anti") in found if negate else found[0][0] == "HashJoin"
        rows = run(query)
        expected = [[n] for n, k in outer if (k in keys) != bool(negate)]
        assert sorted(rows) == expected
