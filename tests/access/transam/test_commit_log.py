# Proves the commit log: 2 bits per xid in pg_xact files of 1,048,576 xids named 0000,
# 0001...; neighbouring xids in one byte never clobber each other, even when several
# processes set them concurrently; xids below 3 are committed.
import os

from pgsnake.access.transam import commit_log

from forking import run_in_children


def test_statuses_and_file_layout(data_directory):
    assert commit_log.xid_status(1) == "committed" and commit_log.xid_status(2) == "committed"
    assert commit_log.xid_status(1000) == "in_progress"          # no file yet
    commit_log.set_status(4, "committed")
    commit_log.set_status(5, "aborted")
    assert (commit_log.xid_status(4), commit_log.xid_status(5), commit_log.xid_status(6)) == \
           ("committed", "aborted", "in_progress")
    # xid 4 is byte 1, bits 0-1; xid 5 is byte 1, bits 2-3.
    assert open("pg_xact/0000", "rb").read()[1] == 0b1001
    commit_log.set_status(1_048_576 + 7, "committed")
    assert sorted(os.listdir("pg_xact")) == ["0000", "0001"]


def _set_many(worker, workers, count):
    for xid in range(3 + worker, 3 + count, workers):
        commit_log.set_status(xid, "committed" if xid % 3 else "aborted")
    return True


def test_concurrent_processes_share_bytes_safely(data_directory):
    run_in_children(_set_many, [(w, 4, 4000) for w in range(4)])
    commit_log.forget_cache()
    for xid in range(3, 4000 + 3):
        assert commit_log.xid_status(xid) == ("committed" if xid % 3 else "aborted"), xid


def _read_status(xid):
    return commit_log.xid_status(xid)


def test_other_processes_see_a_commit(data_directory):
    assert run_in_children(_read_status, [(77,)]) == ["in_progress"]
    commit_log.set_status(77, "committed")
    assert run_in_children(_read_status, [(77,)]) == ["committed"]
