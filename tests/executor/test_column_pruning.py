# Proves column-pruned scans (executor/column_pruning.py): a table scan decodes only
# the columns up to the last one its plan reads (the fake heap, like the real one,
# leaves the others None), and every query still gets its full answer: aggregates,
# filters, sorts by an unselected column, DISTINCT, joins, subqueries in the select
# list, whole-row references and SELECT *; statements that write are not pruned.
from pgsnake.executor import column_pruning
from pgsnake.executor.portal_query import prepare_statement
from pgsnake.optimizer.plan_nodes import SeqScan
from pgsnake.parser.raw_parser import parse_sql

INT4, TEXT = 23, 25
ROWS = [(i, i % 7, f"s{i % 5}", i * 10) for i in range(1, 41)]


def setup_tables(sql):
    sql.create_table("t", [("a", INT4), ("b", INT4), ("c", TEXT), ("d", INT4)])
    sql.create_table("u", [("x", INT4), ("y", INT4), ("z", TEXT)])
    values = ", ".join(f"({a}, {b}, '{c}', {d})" for a, b, c, d in ROWS)
    run(f"insert into t values {values}")
    run("insert into u values " + ", ".join(f"({i}, {i * 2}, 'z{i}')" for i in range(1, 11)))
    sql.rows_per_page = 8


def run(text):
    return prepare_statement(parse_sql(text)[0], []).execute([]).rows


def decoded(text) -> tuple[list, dict]:
    """The rows of a query run through a portal, and per scanned table how many
    leading columns its scan decoded (None: all, not analysed)."""
    prepared = prepare_statement(parse_sql(text)[0], [])
    execution = prepared.start([])
    rows, _ = execution.fetch(0)
    execution.close()
    scans, stack = {}, [prepared.plan]
    while stack:
        node = stack.pop()
        if isinstance(node, SeqScan):
            scans[node.relation.name] = column_pruning.decode_upto(node)
        if type(node).__name__ == "CteScan":
            stack.append(node.cte_plan.plan)        # the WITH query's plan
        stack.extend(c for c in node.children() if c is not None)
    return [list(r) for r in rows], scans


def test_a_scan_decodes_only_up_to_the_last_column_read(sql):
    setup_tables(sql)
    rows, scans = decoded("select count(*), sum(b) from t where a > 3")
    assert rows == [[37, sum(b for a, b, _, _ in ROWS if a > 3)]]
    assert scans == {"t": 2}
    rows, scans = decoded("select a from t where b = 2")
    assert rows == [[a] for a, b, _, _ in ROWS if b == 2]
    assert scans == {"t": 2}


def test_sort_keys_distinct_and_group_keys_count_as_read(sql):
    setup_tables(sql)
    rows, scans = decoded("select a from t order by d desc limit 3")
    assert rows == [[40], [39], [38]] and scans == {"t": 4}
    rows, _ = decoded("select distinct c from t order by c")
    assert rows == [[f"s{i}"] for i in range(5)]
    rows, _ = decoded("select c, count(*) from t group by c order by c")
    assert rows == [[f"s{i}", 8] for i in range(5)]


def test_joins_and_select_list_subqueries_read_their_columns(sql):
    setup_tables(sql)
    rows, scans = decoded("select t.a, u.z from t join u on t.a = u.y order by t.a")
    assert rows == [[2 * i, f"z{i}"] for i in range(1, 11)]
    assert scans == {"t": 1, "u": 3}
    rows, _ = decoded("select a, (select z from u where u.x = t.b) from t where a < 4 "
                      "order by a")
    assert rows == [[1, "z1"], [2, "z2"], [3, "z3"]]


def test_whole_rows_and_star_decode_every_column(sql):
    setup_tables(sql)
    rows, scans = decoded("select * from t where a = 5")
    assert rows == [list(ROWS[4])] and scans == {"t": 4}
    rows, _ = decoded("select t from t where a = 5")
    assert rows[0][0].values == (5, 5, "s0", 50)


def test_writes_are_not_pruned(sql):
    setup_tables(sql)
    run("update t set b = b + 1 where a = 1")
    rows, _ = decoded("select a, b, c, d from t where a = 1")
    assert rows == [[1, 2, "s1", 10]]


def test_subquery_scans_and_union_all_pass_demand_by_position(sql):
    setup_tables(sql)
    rows, scans = decoded("select count(*), sum(q.b) from (select a, b, c from t) q "
                          "where q.a > 30")
    assert rows == [[10, sum(b for a, b, _, _ in ROWS if a > 30)]]
    assert scans == {"t": 2}
    rows, scans = decoded("select sum(v) from (select b as v, c from t where a < 5 "
                          "union all select x, z from u) s")
    assert rows == [[sum(b for a, b, _, _ in ROWS if a < 5) + sum(range(1, 11))]]
    assert scans == {"t": 2, "u": 1}
    # a whole-row reference of the subquery reads all its columns
    rows, _ = decoded("select q from (select a, c from t where a = 2) q")
    assert rows[0][0].values == (2, "s2")


def test_window_functions_read_their_partitions_and_orders(sql):
    setup_tables(sql)
    rows, scans = decoded("select a, row_number() over (partition by b order by a) "
                          "from t where a <= 8 order by a")
    expected, seen = [], {}
    for a, b, _, _ in ROWS[:8]:
        seen[b] = seen.get(b, 0) + 1
        expected.append([a, seen[b]])
    assert rows == expected and scans == {"t": 2}
    rows, scans = decoded("select max(r) from (select rank() over (order by d desc) r, c "
                          "from t) w")
    assert rows == [[40]] and scans == {"t": 4}


def test_a_materialized_with_query_decodes_what_its_select_list_reads(sql):
    setup_tables(sql)
    rows, scans = decoded("with c as materialized (select a, b from t where a < 6) "
                          "select sum(b), count(*) from c")
    assert rows == [[sum(b for a, b, _, _ in ROWS if a < 6), 5]]
    assert scans == {"t": 2}
