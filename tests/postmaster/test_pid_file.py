# postmaster.pid follows PostgreSQL's 8-line layout, refuses a second live postmaster, and
# replaces a stale file whose PID is gone.
import os

import pytest

from pgsnake.postmaster.pid_file import PidFile, read_pid_file
from pgsnake.utils.errors import PgError


def test_layout_and_status(tmp_path):
    pf = PidFile(str(tmp_path / "postmaster.pid"))
    pf.create(str(tmp_path))
    pf.write_details(str(tmp_path), 5433, "/tmp", "127.0.0.1", "starting")
    pf.set_status("ready")
    lines = read_pid_file(str(tmp_path / "postmaster.pid"))
    assert lines[0] == str(os.getpid())
    assert lines[1] == str(tmp_path)
    assert lines[3] == "5433" and lines[4] == "/tmp" and lines[5] == "127.0.0.1"
    assert lines[7] == "ready   "
    pf.remove()
    assert not (tmp_path / "postmaster.pid").exists()


def test_live_owner_is_refused(tmp_path):
    path = tmp_path / "postmaster.pid"
    path.write_text(f"{os.getppid()}\n{tmp_path}\n0\n\n\n\n\nready\n")
    with pytest.raises(PgError) as e:
        PidFile(str(path)).create(str(tmp_path))
    assert "already exists" in e.value.message


def test_stale_file_is_replaced(tmp_path):
    path = tmp_path / "postmaster.pid"
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    path.write_text(f"{pid}\n{tmp_path}\n0\n\n\n\n\nready\n")
    pf = PidFile(str(path))
    pf.create(str(tmp_path))
    assert read_pid_file(str(path))[0] == str(os.getpid())


def test_a_zombie_postmaster_counts_as_gone(tmp_path):
    """A killed postmaster whose parent has not reaped it yet is a zombie: it runs
    nothing, so its pid file is stale (its children are the interlock's business)."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    try:
        deadline = __import__("time").monotonic() + 10
        while _state(pid) != "Z":
            assert __import__("time").monotonic() < deadline
        path = tmp_path / "postmaster.pid"
        path.write_text(f"{pid}\n{tmp_path}\n0\n\n\n\n\nready\n")
        pf = PidFile(str(path))
        pf.create(str(tmp_path))
        assert read_pid_file(str(path))[0] == str(os.getpid())
        pf.remove()
    finally:
        os.waitpid(pid, 0)


def _state(pid: int) -> str:
    with open(f"/proc/{pid}/stat", "rb") as f:
        stat = f.read()
    return stat[stat.rfind(b")") + 2:][:1].decode()
