# Proves the power-loss simulation (pgsnake/storage/file/power_loss.py): with journalling
# armed, power_loss() rolls a data directory back to what a power failure could leave.
# "drop": every write, truncation and extension not followed by an fsync of its file is
# undone, a name created, removed or renamed is undone unless its directory was fsynced
# afterwards (files followed through renames), the temp-file + fsync + rename + directory
# fsync recipe survives; writes from several processes merge into one history; a journal
# record cut short by SIGKILL is ignored; files outside the data directory are never
# touched. "random": each file keeps a prefix of its unsynced writes, possibly with the
# next one torn at a sector boundary, reproducibly per seed.
from __future__ import annotations

import os

import pytest

from pgsnake.storage.file import fault_injection, file_io, power_loss
from pgsnake.storage.file.power_loss import JOURNAL_DIRECTORY


@pytest.fixture
def data(tmp_path, monkeypatch):
    datadir = tmp_path / "data"
    datadir.mkdir()
    monkeypatch.chdir(datadir)
    control = str(tmp_path / "faults")
    file_io.enable_faults(control)
    fault_injection.arm(control, power_loss=True)
    yield control, str(datadir)
    file_io.disable_faults()


def content(path: str) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


def write_file(path: str, data: bytes, offset: int = 0, *, sync: bool = False) -> None:
    fd = file_io.open_file(path, os.O_RDWR | os.O_CREAT)
    try:
        assert file_io.pwrite(fd, data, offset) == len(data)
        if sync:
            file_io.fsync(fd)
    finally:
        file_io.close_file(fd)


def lose_power(data, mode="drop", seed=None):
    control, datadir = data
    return power_loss.power_loss(control, datadir, mode=mode, seed=seed)


def test_unsynced_overwrites_and_extensions_are_dropped(data):
    write_file("f", b"A" * 8192, sync=True)
    file_io.fsync_directory(".")
    write_file("f", b"B" * 4096, 0)                  # overwrite, never synced
    write_file("f", b"C" * 8192, 8192)               # extension, never synced
    report = lose_power(data)
    assert content("f") == b"A" * 8192
    assert report.writes_undone == 2


def test_a_sync_makes_everything_before_it_durable(data):
    write_file("f", b"A" * 100)
    file_io.fsync_directory(".")
    write_file("f", b"B" * 10, 0)
    file_io.fsync_path("f")                          # another descriptor, same file
    write_file("f", b"C" * 10, 10)
    lose_power(data)
    assert content("f") == b"B" * 10 + b"A" * 90


def test_names_need_a_directory_fsync(data):
    os.mkdir("dir")
    write_file("dir/kept", b"k", sync=True)
    write_file("dir/lost", b"l", sync=True)
    file_io.fsync_directory("dir")
    write_file("dir/new", b"n", sync=True)           # created after the directory fsync
    lose_power(data)
    assert content("dir/kept") == b"k" and content("dir/lost") == b"l"
    assert content("dir/new") is None                # its data was synced, its name not


def test_unsynced_unlink_and_rename_come_back(data):
    write_file("victim", b"v" * 10, sync=True)
    write_file("old", b"o" * 10, sync=True)
    write_file("moved", b"m" * 10, sync=True)
    file_io.fsync_directory(".")
    file_io.unlink("victim")
    file_io.rename("moved", "old")                   # replaces "old"
    report = lose_power(data)
    assert content("victim") == b"v" * 10
    assert content("old") == b"o" * 10 and content("moved") == b"m" * 10
    assert report.removals_undone == 1 and report.renames_undone == 1


def test_the_durable_rename_recipe_survives(data):
    write_file("conf", b"old", sync=True)
    file_io.fsync_directory(".")
    write_file("conf.tmp", b"new contents", sync=True)
    file_io.rename("conf.tmp", "conf")
    file_io.fsync_directory(".")
    write_file("conf", b"XXX", 0)                    # later, unsynced
    lose_power(data)
    assert content("conf") == b"new contents"
    assert content("conf.tmp") is None


def test_writes_through_the_temporary_name_follow_the_file(data):
    """Written and fsynced as xlogtemp, then renamed and the directory fsynced: the
    writes belong to the file, whatever its name (a WAL segment's creation)."""
    fd = file_io.open_file("xlogtemp", os.O_RDWR | os.O_CREAT)
    file_io.pwrite(fd, bytes(4096), 0)
    file_io.fsync(fd)
    file_io.close_file(fd)
    file_io.rename("xlogtemp", "segment")
    file_io.fsync_directory(".")
    fd = file_io.open_file("segment", os.O_RDWR)
    file_io.pwrite(fd, b"R" * 100, 0)
    file_io.fdatasync(fd)
    file_io.pwrite(fd, b"S" * 100, 100)              # not synced
    file_io.close_file(fd)
    lose_power(data)
    assert content("segment") == b"R" * 100 + bytes(3996)


def test_truncation_and_open_truncate_are_undone(data):
    write_file("t", b"0123456789", sync=True)
    write_file("u", b"abcdef", sync=True)
    file_io.fsync_directory(".")
    fd = file_io.open_file("t", os.O_RDWR)
    file_io.truncate(fd, 4)
    file_io.close_file(fd)
    fd = file_io.open_file("u", os.O_WRONLY | os.O_TRUNC)
    file_io.pwrite(fd, b"Z", 0)
    file_io.close_file(fd)
    lose_power(data)
    assert content("t") == b"0123456789"
    assert content("u") == b"abcdef"


def test_new_directories_without_a_parent_fsync_vanish(data):
    file_io.make_directories("base/5")
    write_file("base/5/1", b"x", sync=True)
    file_io.fsync_directory("base/5")
    lose_power(data)
    assert not os.path.exists("base")


def test_writes_of_other_processes_and_their_fsyncs_merge(data):
    write_file("shared", bytes(16), sync=True)
    file_io.fsync_directory(".")
    for round_ in range(2):
        pid = os.fork()
        if pid == 0:
            try:
                write_file("shared", bytes([65 + round_]) * 8, 8 * round_)
                if round_ == 0:
                    file_io.fsync_path("shared")     # a "checkpointer" syncing it
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
    lose_power(data)
    assert content("shared") == b"A" * 8 + bytes(8)


def test_a_record_cut_short_by_sigkill_is_ignored(data):
    control, _ = data
    write_file("f", b"a" * 10, sync=True)
    file_io.fsync_directory(".")
    write_file("f", b"b" * 10)
    journal = next(os.path.join(control, JOURNAL_DIRECTORY, name)
                   for name in os.listdir(os.path.join(control, JOURNAL_DIRECTORY))
                   if name.startswith(f"{os.getpid()}."))
    with open(journal, "ab") as f:
        f.write(b"\x31\x4a\x4c\x50\x01garbage")      # the start of a record, then death
    lose_power(data)
    assert content("f") == b"a" * 10


def test_only_the_data_directory_is_touched(data, tmp_path):
    outside = str(tmp_path / "outside")
    write_file(outside, b"o" * 5)                    # never synced
    write_file("inside", b"i" * 5)
    lose_power(data)
    assert content(outside) == b"o" * 5
    assert content("inside") is None


def test_the_journal_is_cleared_after_a_rollback(data):
    control, _ = data
    write_file("f", b"x")
    lose_power(data)
    assert power_loss.read_journal(control) == []
    assert lose_power(data).records == 0


def test_random_mode_keeps_a_prefix_per_file_and_is_reproducible(data):
    def run(seed):
        write_file("f", bytes(8 * 512), sync=True)
        file_io.fsync_directory(".")
        for i in range(8):
            write_file("f", bytes([65 + i]) * 1024, 512 * i)
        lose_power(data, mode="random", seed=seed)
        result = content("f")
        file_io.unlink("f")
        file_io.fsync_directory(".")
        return result

    outcomes = {seed: run(seed) for seed in range(12)}
    assert outcomes[3] == run(3)
    assert len(set(outcomes.values())) > 3
    # Every outcome is the state after k whole writes, possibly followed by the first
    # 512-byte sector of the next one (each write is two sectors), over the synced zeros.
    states = []
    image = bytearray(8 * 512)
    for i in range(8):
        states.append(bytes(image))
        new = bytes([65 + i]) * 1024
        torn = bytearray(image)
        torn[512 * i:512 * i + 512] = new[:512]
        states.append(bytes(torn))
        image[512 * i:512 * i + 1024] = new
    states.append(bytes(image))
    for seed, result in outcomes.items():
        assert result in states, f"seed {seed}: not a prefix of the writes"
