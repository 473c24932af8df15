# Proves HeapTupleSatisfiesMVCC's rules (visibility.py V1-V5) on hand-built tuple headers:
# bootstrap/frozen xids, own inserts and deletes by command id, inserters/deleters running
# for the snapshot, committed and aborted transactions, crashed (never-finished) xids, and
# that hint bits are set only for final commit-log answers; and which concurrent writer a
# SERIALIZABLE reader did not see (serializable_conflict_xid, for SSI's conflict out).
# SnapshotDirty (tuple_dirty_state, for uniqueness checks) asks the proc array before
# the commit log, so a transaction committing between the two questions is never taken
# for a crashed one.
from pgsnake.access.common import heap_tuple as ht
from pgsnake.access.common.tuple_descriptor import Attribute, TupleDescriptor
from pgsnake.access.heap.visibility import (serializable_conflict_xid, tuple_dirty_state,
                                            tuple_is_visible)
from pgsnake.access.transam.snapshot import Snapshot

DESC = TupleDescriptor((Attribute(1, "i", 23, typlen=4, typbyval=True, typalign="i"),))


def tup(xmin, xmax=0, cid=0, infomask=0):
    data = bytearray(ht.form_tuple(DESC, [1]))
    h = ht.HeapTupleHeader(data)
    h.xmin, h.xmax, h.cid = xmin, xmax, cid
    h.infomask = h.infomask | infomask | (0 if xmax else ht.HEAP_XMAX_INVALID)
    return h


def snap(xmin=200, xmax=300, xip=(), curxid=0, curcid=0):
    return Snapshot(xmin, xmax, frozenset(xip), curxid, curcid)


def test_bootstrap_and_frozen_xids_are_committed(transactions):
    assert tuple_is_visible(tup(1), snap())
    assert tuple_is_visible(tup(2), snap())
    assert not tuple_is_visible(tup(0), snap())


def test_committed_aborted_running_and_crashed_inserters(transactions):
    transactions.status.update({150: "committed", 151: "aborted", 250: "committed"})
    h = tup(150)
    assert tuple_is_visible(h, snap())
    assert h.infomask & ht.HEAP_XMIN_COMMITTED and h.hints_set            # V5
    h = tup(151)
    assert not tuple_is_visible(h, snap())
    assert h.infomask & ht.HEAP_XMIN_INVALID
    assert not tuple_is_visible(tup(250), snap(xip=[250]))                 # running for us
    assert not tuple_is_visible(tup(350), snap())                          # started after
    h = tup(160)                                                           # crashed: no status
    assert not tuple_is_visible(h, snap())
    assert not h.hints_set                                                 # not final: no hint
    # a hinted-committed xmin that our snapshot still considers running stays invisible
    assert not tuple_is_visible(tup(250, infomask=ht.HEAP_XMIN_COMMITTED), snap(xip=[250]))


def test_own_inserts_and_deletes_follow_command_ids(transactions):
    transactions.status[150] = "committed"
    me = 260
    assert not tuple_is_visible(tup(me, cid=3), snap(curxid=me, curcid=3))
    assert tuple_is_visible(tup(me, cid=3), snap(curxid=me, curcid=4))
    deleted = tup(me, xmax=me, cid=4)          # plain cid holds cmax (cmin == cmax here)
    assert tuple_is_visible(deleted, snap(curxid=me, curcid=4)) is False   # cmin 4 >= 4
    assert tuple_is_visible(tup(150, xmax=me, cid=5), snap(curxid=me, curcid=5))
    assert not tuple_is_visible(tup(150, xmax=me, cid=5), snap(curxid=me, curcid=6))


def test_deleters(transactions):
    transactions.status.update({150: "committed", 170: "committed", 171: "aborted"})
    assert not tuple_is_visible(tup(150, xmax=170), snap())
    h = tup(150, xmax=171)
    assert tuple_is_visible(h, snap())
    assert h.infomask & ht.HEAP_XMAX_INVALID
    assert tuple_is_visible(tup(150, xmax=250), snap(xip=[250]))          # deleter running
    assert tuple_is_visible(tup(150, xmax=170, infomask=ht.HEAP_XMAX_LOCK_ONLY), snap())
    h = tup(150, xmax=170, infomask=ht.HEAP_XMAX_COMMITTED)
    assert not tuple_is_visible(h, snap())
    assert tuple_is_visible(tup(150, xmax=250, infomask=ht.HEAP_XMAX_COMMITTED), snap(xip=[250]))


def test_serializable_conflict_xid_names_the_unseen_concurrent_writer(transactions):
    transactions.status.update({150: "committed", 170: "committed", 171: "aborted",
                                250: "committed", 251: "aborted"})
    s = snap(xip=[250, 251, 252], curxid=260)

    def conflict(h):
        return serializable_conflict_xid(h, tuple_is_visible(h, s), s)
    assert conflict(tup(150)) == 0                     # live, nobody touched it since
    assert conflict(tup(250)) == 250                   # inserted by a concurrent one, unseen
    assert conflict(tup(252)) == 252                   # ... still running
    assert conflict(tup(350)) == 350                   # ... started after our snapshot
    assert conflict(tup(251, infomask=ht.HEAP_XMIN_INVALID)) == 0   # hinted aborted
    assert conflict(tup(251)) == 251                   # not hinted: SSI knows it rolled back
    assert conflict(tup(150, xmax=250)) == 250         # we see it; a concurrent one deleted it
    assert conflict(tup(150, xmax=252)) == 252
    assert conflict(tup(150, xmax=251, infomask=ht.HEAP_XMAX_INVALID)) == 0   # hinted aborted
    assert conflict(tup(150, xmax=170)) == 0           # deleted before our snapshot: not concurrent
    assert conflict(tup(150, xmax=250, infomask=ht.HEAP_XMAX_LOCK_ONLY)) == 0   # only locked
    assert conflict(tup(260, cid=0)) == 0              # our own
    assert conflict(tup(150, xmax=260)) == 0
    assert conflict(tup(2)) == 0                       # frozen
    assert conflict(tup(1, xmax=170)) == 0


def test_dirty_state_survives_a_commit_between_its_questions(transactions, monkeypatch):
    # A committer sets its commit-log status and only then leaves the proc array
    # (xact._commit_transaction). Here xid 250 commits right after the first question the
    # check asks about it, whichever that is; the answer must be that of "still running"
    # or that of "committed", never that of "crashed".
    from pgsnake.access.transam import commit_log, transaction_ids

    def committing_after(question):
        def ask(xid):
            answer = question(xid)
            if xid == 250 and 250 in transactions.running:
                transactions.running.discard(250)
                transactions.status[250] = "committed"
            return answer
        return ask
    monkeypatch.setattr(commit_log, "xid_status", committing_after(transactions.xid_status))
    monkeypatch.setattr(transaction_ids, "xid_is_running",
                        committing_after(transactions.xid_is_running))
    transactions.status[150] = "committed"

    def is_mine(xid):
        return False
    transactions.running.add(250)
    assert tuple_dirty_state(tup(250), is_mine) in ((True, 250, 0), (True, 0, 0))
    transactions.running.add(250)
    transactions.status.pop(250)
    assert tuple_dirty_state(tup(150, xmax=250), is_mine) in ((True, 0, 250), (False, 0, 0))
