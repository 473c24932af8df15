# Proves that the join search's add_path_precheck (join_paths.PathList.rejected) is
# exact: offering candidates through the precheck (building only those it accepts, and
# re-using its verdict for the add) leaves the same path list, in the same order, as
# offering every candidate to add_path. Plan choices and EXPLAIN output depend on it.
import random

import pytest

from pgsnake.optimizer import join_paths


class _Candidate:
    def __init__(self, startup, total, pathkeys, rows):
        self.startup_cost, self.total_cost = startup, total
        self.pathkeys, self.plan_rows = pathkeys, rows


_KEYS = [frozenset({("var", 1, 1)}), frozenset({("var", 2, 1)}),
         frozenset({("var", 1, 1), ("var", 2, 1)})]


def _candidates(seed, count=300):
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        # Costs on a coarse grid, so that many fall within add_path's 1% fuzz of each
        # other (its tie rules: pathkeys, rows, the 1e-10 fuzz).
        total = rng.choice([100.0, 100.5, 101.0, 102.0, 150.0]) * rng.choice([1.0, 1.0000000001])
        startup = rng.choice([0.0, 0.0, 1.0, 50.0, total])
        keys = [rng.choice(_KEYS) for _ in range(rng.choice([0, 0, 1, 2]))]
        out.append((startup, total, keys, rng.choice([10.0, 10.0, 20.0])))
    return out


@pytest.mark.parametrize("consider_startup", [False, True])
@pytest.mark.parametrize("seed", range(20))
def test_precheck_leaves_the_list_add_path_would(seed, consider_startup):
    plain: list = []
    checked = join_paths.PathList(10.0, consider_startup)
    built = 0
    for startup, total, keys, rows in _candidates(seed):
        plan = _Candidate(startup, total, list(keys), rows)
        join_paths.add_path(plain, plan, consider_startup)
        # The candidate's rows may differ from the list's: the precheck cannot know
        # them, so it must not be trusted then (PathList.add falls back to add_path).
        if rows != checked.rows or not checked.rejected(startup, total, keys):
            built += 1
            checked.add(plan)
    assert [id(p) for p in checked.paths] == [id(p) for p in plain]
    assert built < len(_candidates(seed))       # the precheck did refuse some


def test_rejected_candidate_changes_nothing():
    paths = join_paths.PathList(10.0, False)
    cheap = _Candidate(0.0, 100.0, [], 10.0)
    paths.add(cheap)
    assert paths.rejected(0.0, 200.0, [])           # dominated: not to be built
    assert paths.paths == [cheap]
    assert not paths.rejected(0.0, 200.0, [_KEYS[0]])   # sorted output: kept beside it
