# Frame arithmetic of executor/window_frames.py on hand-made partitions: ROWS counts
# rows, GROUPS counts peer groups, RANGE bounds the ORDER BY value (mirrored for DESC,
# NULLs only peers of each other), EXCLUDE removes the current row / its peers, a frame
# ending before it starts is empty, and bad offsets raise PostgreSQL's SQLSTATEs.
import operator

import pytest

from pgsnake.executor import window_frames as wf
from pgsnake.parser import window_clause as wc
from pgsnake.utils.errors import PgError

RANGE_SUPPORT = wc.RangeSupport(operator.add, operator.sub, operator.ge, operator.le)


def spec(options, start=None, end=None, descending=False):
    return wf.FrameSpec(options | wc.FRAME_NONDEFAULT | wc.FRAME_BETWEEN, start, end,
                        descending, RANGE_SUPPORT)


def frames(frame_spec, keys):
    peers = wf.PeerGroups([(k,) for k in keys])
    return [wf.frame_rows(frame_spec, peers, i, list(keys)) for i in range(len(keys))]


def test_default_frame_is_every_row_up_to_the_last_peer():
    default = wf.FrameSpec(wc.FRAME_DEFAULTS)
    assert frames(default, [1, 1, 2, 3, 3]) == [
        [0, 1], [0, 1], [0, 1, 2], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4]]


def test_rows_offsets_clip_at_the_partition_edges():
    s = spec(wc.FRAME_ROWS | wc.FRAME_START_OFFSET_PRECEDING | wc.FRAME_END_OFFSET_FOLLOWING, 1, 2)
    assert frames(s, [5, 6, 7, 8]) == [[0, 1, 2], [0, 1, 2, 3], [1, 2, 3], [2, 3]]


def test_a_frame_ending_before_it_starts_is_empty():
    s = spec(wc.FRAME_ROWS | wc.FRAME_START_OFFSET_FOLLOWING | wc.FRAME_END_OFFSET_FOLLOWING, 2, 1)
    assert frames(s, [1, 2, 3]) == [[], [], []]


def test_groups_count_peer_groups():
    s = spec(wc.FRAME_GROUPS | wc.FRAME_START_OFFSET_PRECEDING | wc.FRAME_END_CURRENT_ROW, 1)
    assert frames(s, [1, 1, 2, 4, 4]) == [[0, 1], [0, 1], [0, 1, 2], [2, 3, 4], [2, 3, 4]]


def test_range_offsets_bound_the_value():
    s = spec(wc.FRAME_RANGE | wc.FRAME_START_OFFSET_PRECEDING | wc.FRAME_END_OFFSET_FOLLOWING, 1, 0)
    assert frames(s, [1, 2, 2, 4, 5]) == [[0], [0, 1, 2], [0, 1, 2], [3], [3, 4]]


def test_range_offsets_are_mirrored_for_descending_order():
    s = spec(wc.FRAME_RANGE | wc.FRAME_START_OFFSET_PRECEDING | wc.FRAME_END_CURRENT_ROW, 2,
             descending=True)
    assert frames(s, [9, 8, 6, 3]) == [[0], [0, 1], [1, 2], [3]]


def test_nulls_are_only_peers_of_each_other_in_range_offset_frames():
    s = spec(wc.FRAME_RANGE | wc.FRAME_START_OFFSET_PRECEDING | wc.FRAME_END_OFFSET_FOLLOWING, 10, 10)
    assert frames(s, [1, 5, None, None]) == [[0, 1], [0, 1], [2, 3], [2, 3]]


def test_exclusions():
    base = wc.FRAME_ROWS | wc.FRAME_START_UNBOUNDED_PRECEDING | wc.FRAME_END_UNBOUNDED_FOLLOWING
    keys = [1, 2, 2, 3]
    assert frames(spec(base | wc.FRAME_EXCLUDE_CURRENT_ROW), keys)[1] == [0, 2, 3]
    assert frames(spec(base | wc.FRAME_EXCLUDE_GROUP), keys)[1] == [0, 3]
    assert frames(spec(base | wc.FRAME_EXCLUDE_TIES), keys)[2] == [0, 2, 3]


def test_range_bound_overflow_means_unbounded():
    def overflowing_sub(value, offset):
        raise PgError("22003", "integer out of range")
    support = wc.RangeSupport(operator.add, overflowing_sub, operator.ge, operator.le)
    s = wf.FrameSpec(wc.FRAME_RANGE | wc.FRAME_START_OFFSET_PRECEDING | wc.FRAME_END_CURRENT_ROW,
                     5, None, False, support)
    peers = wf.PeerGroups([(1,), (2,), (3,)])
    assert wf.frame_rows(s, peers, 2, [1, 2, 3]) == [0, 1, 2]


@pytest.mark.parametrize("options, start, sqlstate", [
    (wc.FRAME_ROWS | wc.FRAME_START_OFFSET_PRECEDING | wc.FRAME_END_CURRENT_ROW, -1, "22013"),
    (wc.FRAME_GROUPS | wc.FRAME_START_OFFSET_PRECEDING | wc.FRAME_END_CURRENT_ROW, None, "22004"),
])
def test_bad_offsets(options, start, sqlstate):
    with pytest.raises(PgError) as caught:
        wf.check_offsets(wf.FrameSpec(options, start))
    assert caught.value.sqlstate == sqlstate


def test_negative_range_offset_is_refused_when_used():
    s = spec(wc.FRAME_RANGE | wc.FRAME_START_OFFSET_PRECEDING | wc.FRAME_END_CURRENT_ROW, -1)
    wf.check_offsets(s)
    with pytest.raises(PgError) as caught:
        frames(s, [1, 2])
    assert caught.value.sqlstate == "22013"
