"""pg_ndistinct / pg_dependencies / pg_mcv_list values (datatypes/extended_statistics_types.py)
and the statistics ANALYZE builds for them (commands/extended_statistics_build.py), without
a server: the serialised forms read back, the text forms PostgreSQL prints, MCV lists
read back with NULLs and several types, the Duj1 estimate and the dependency degree.
The byte-for-byte comparison with PostgreSQL's own values is in
tests/regress/sql/extended_statistics.sql (stxdndistinct, stxddependencies, stxdmcv)."""
import random

import pytest

from pgsnake.catalog.statistic_rows import order_key
from pgsnake.commands import extended_statistics_build as build
from pgsnake.datatypes import extended_statistics_types as t
from pgsnake.utils.errors import PgError
from pgsnake.utils.pg_qsort import pg_qsort


def test_ndistinct_round_trip_and_text():
    items = (((1, 2), 33.0), ((1, -1), 4.9), ((1, 2, -1), 100.0))
    assert t.unpack_ndistinct(t.pack_ndistinct(items)) == items
    assert t.ndistinct_output(items) == '{"1, 2": 33, "1, -1": 4, "1, 2, -1": 100}'


def test_dependencies_round_trip_and_text():
    items = (((1, 2), 1.0), ((2, 3, 1), 0.25))
    assert t.unpack_dependencies(t.pack_dependencies(items)) == items
    assert t.dependencies_output(items) == '{"1 => 2": 1.000000, "2, 3 => 1": 0.250000}'


def test_values_refuse_input_and_bad_bytes():
    with pytest.raises(PgError) as raised:
        t._refuse("pg_ndistinct")("{}")
    assert raised.value.sqlstate == "0A000"
    with pytest.raises(PgError):
        t.unpack_ndistinct(t.pack_dependencies((((1, 2), 1.0),)))


def test_mcv_list_round_trip_with_nulls_and_types():
    items = (t.McvItem((1, "x", True), 0.5, 0.25), t.McvItem((None, "yy", False), 0.25, 0.1),
             t.McvItem((1, None, None), 0.125, 0.05))
    mcv = t.McvList((23, 25, 16), items)
    data = t.serialize_mcv(mcv, order_key)
    assert t.deserialize_mcv(data) == mcv
    rows = list(t.mcv_list_items(data))
    assert rows[1] == (1, [None, "yy", "f"], [True, False, False], 0.25, 0.1)


def test_duj1_estimate_and_clamps():
    # every value seen twice: the sample saw them all
    assert build.estimate_ndistinct(1000.0, 100, 50, 0) == 50
    # all distinct in a sample of the whole table: the table's rows
    assert build.estimate_ndistinct(100.0, 100, 100, 100) == 100
    assert build.estimate_ndistinct(10000.0, 100, 60, 40) == pytest.approx(
        round(100 * 60 / (60 + 40 * 100 / 10000.0)), abs=1)


def test_dependency_degree_counts_rows_of_consistent_groups():
    a = [build._key(v) for v in (1, 1, 2, 2, 3, 3)]
    b = [build._key(v) for v in (7, 7, 8, 9, 5, 5)]
    # groups a=1 and a=3 determine b; a=2 does not: 4 of 6 rows
    assert build.dependency_degree([a, b], (0, 1)) == pytest.approx(4 / 6)
    assert build.build_dependencies([a, b], [1, 2]) == (((1, 2), 4 / 6), ((2, 1), 1.0))


def test_mincount_is_zero_for_a_whole_table_sample():
    assert build.mincount_for_mcv_list(300, 300.0) == 0.0
    assert build.mincount_for_mcv_list(300, 30000.0) > 0.0


@pytest.mark.parametrize("seed", range(20))
def test_pg_qsort_sorts(seed):
    rng = random.Random(seed)
    values = [rng.randint(0, 15) for _ in range(rng.randint(0, 400))]
    out = list(values)
    pg_qsort(out, lambda x, y: (x > y) - (x < y))
    assert out == sorted(values)


def test_pg_qsort_is_not_stable_as_postgresql_is_not():
    # (count, label) pairs compared by count only: a stable sort would keep the labels
    # in order; PostgreSQL's quicksort moves equal elements around its pivots.
    pairs = [(i % 3, i) for i in range(60)]
    out = list(pairs)
    pg_qsort(out, lambda x, y: (x[0] > y[0]) - (x[0] < y[0]))
    assert [p[0] for p in out] == sorted(p[0] for p in pairs)
    assert out != sorted(pairs, key=lambda p: p[0])
