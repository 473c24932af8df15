# Proves autovacuum's decision per table (postmaster/autovacuum.needs_vacuum_analyze) is
# PostgreSQL's relation_needs_vacanalyze: dead tuples against threshold + scale factor *
# reltuples, inserts since the last vacuum against the insert threshold (-1: off),
# changes since analyze against the analyze threshold, reltuples -1 counted as 0, the
# reloptions overriding the settings, autovacuum_enabled = off, and anti-wraparound
# vacuums that happen whatever the options say.
from __future__ import annotations

import collections

from pgsnake.postmaster.autovacuum import needs_vacuum_analyze
from pgsnake.storage.ipc import pgstat_shmem
from pgsnake.utils import settings
from pgsnake.utils.activity import pgstat_kinds as k

Row = collections.namedtuple("Row", "oid relkind reltuples relfrozenxid reloptions")
NEXT_XID = 1000


def _counters(dead=0, inserted=0, changed=0):
    counters = [0] * pgstat_shmem.COUNTER_SLOTS
    counters[k.T_DEAD] = dead
    counters[k.T_INS_SINCE_VACUUM] = inserted
    counters[k.T_MOD_SINCE_ANALYZE] = changed
    return counters


def _table(reltuples=1000.0, options=None, frozenxid=900, relkind="r", oid=16384):
    return Row(oid, relkind, reltuples, frozenxid, options)


def test_dead_tuples_against_threshold_plus_scale_factor():
    # 50 + 0.2 * 1000 = 250
    assert needs_vacuum_analyze(_table(), _counters(dead=250), NEXT_XID)[0] is False
    assert needs_vacuum_analyze(_table(), _counters(dead=251), NEXT_XID)[0] is True


def test_never_vacuumed_table_counts_as_empty():
    assert needs_vacuum_analyze(_table(reltuples=-1), _counters(dead=51), NEXT_XID)[0] is True


def test_insert_threshold_and_its_off_switch():
    # 1000 + 0.2 * 1000 = 1200
    assert needs_vacuum_analyze(_table(), _counters(inserted=1201), NEXT_XID)[0] is True
    off = _table(options=["autovacuum_vacuum_insert_threshold=-1"])
    assert needs_vacuum_analyze(off, _counters(inserted=10**6), NEXT_XID)[0] is False


def test_analyze_threshold_never_for_toast_tables():
    # 50 + 0.1 * 1000 = 150
    assert needs_vacuum_analyze(_table(), _counters(changed=151), NEXT_XID)[1] is True
    assert needs_vacuum_analyze(_table(), _counters(changed=150), NEXT_XID)[1] is False
    assert needs_vacuum_analyze(_table(relkind="t"), _counters(changed=10**6), NEXT_XID)[1] is False


def test_reloptions_override_settings():
    low = _table(options=["autovacuum_vacuum_threshold=5", "autovacuum_vacuum_scale_factor=0"])
    assert needs_vacuum_analyze(low, _counters(dead=6), NEXT_XID)[0] is True
    disabled = _table(options=["autovacuum_enabled=off"])
    assert needs_vacuum_analyze(disabled, _counters(dead=10**6, changed=10**6), NEXT_XID)[:2] \
        == (False, False)


def test_anti_wraparound_vacuum_whatever_the_options():
    old = _table(options=["autovacuum_enabled=false"], frozenxid=3)
    next_xid = 3 + settings.get("autovacuum_freeze_max_age") + 1
    assert needs_vacuum_analyze(old, _counters(), next_xid) == (True, False, True)
    assert needs_vacuum_analyze(old, None, next_xid) == (True, False, True)
    assert needs_vacuum_analyze(_table(), None, NEXT_XID) == (False, False, False)
