# Proves the durable-file layer's fault injection (pgsnake/storage/file/): with the facility
# off, file_io is the plain `os` call and never enters fault_injection; when on, an armed
# fault hits exactly the operation, path, process and occurrence it names (skip/times,
# probability with a seed, after_bytes), errors look like the system call's OSError, torn
# and short writes store what they claim, faults armed by another process take effect at
# once (the mapped generation counter) and are counted across processes, and the
# environment variable is the only way a server process enables the facility.
from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest

from pgsnake.storage.file import fault_injection, file_io
from pgsnake.storage.file.fault_injection import Fault
from pgsnake.utils import process_state


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def control(workdir):
    directory = str(workdir / "faults")
    file_io.enable_faults(directory)
    yield directory
    file_io.disable_faults()


def make_file(path: str, data: bytes = b"") -> int:
    fd = file_io.open_file(path, os.O_RDWR | os.O_CREAT)
    if data:
        assert file_io.pwrite(fd, data, 0) == len(data)
    return fd


def test_disabled_layer_is_the_os_call_and_never_consults_faults(workdir, monkeypatch):
    assert not file_io.faults_enabled()

    def must_not_run(*args, **kwargs):
        raise AssertionError("fault_injection reached while the facility is off")

    for name in ("open_file", "pwrite", "before_read", "sync", "sync_directory", "unlink",
                 "rename", "truncate", "make_directories"):
        monkeypatch.setattr(fault_injection, name, must_not_run)
    file_io.make_directories("d/e")
    fd = make_file("d/e/f", b"abcdef")
    assert file_io.path_of(fd) == "d/e/f"
    assert file_io.pread(fd, 3, 2) == b"cde"
    buffer = bytearray(4)
    assert file_io.read_into(fd, buffer, 1) == 4 and bytes(buffer) == b"bcde"
    file_io.fsync(fd)
    file_io.fdatasync(fd)
    file_io.truncate(fd, 2)
    assert file_io.file_size(fd) == 2
    file_io.close_file(fd)
    assert file_io.path_of(fd) == ""
    file_io.fsync_directory("d/e")
    assert file_io.fsync_path("d/e/f") and not file_io.fsync_path("d/e/missing")
    file_io.rename("d/e/f", "d/e/g")
    file_io.unlink("d/e/g")
    assert os.listdir("d/e") == []


def test_enospc_on_extend_leaves_writes_inside_the_file_alone(control):
    fd = make_file("base_1", bytes(8192))
    fault_injection.arm(control, Fault("ENOSPC", op="extend", path="base_*"))
    assert file_io.pwrite(fd, b"x" * 8192, 0) == 8192            # within the file
    with pytest.raises(OSError) as err:
        file_io.pwrite(fd, b"y" * 8192, 8192)                     # past the end
    assert err.value.errno == errno.ENOSPC
    assert err.value.strerror == "No space left on device"
    assert file_io.file_size(fd) == 8192                          # nothing written
    other = make_file("other", b"z")
    assert file_io.pwrite(other, b"z" * 100, 1) == 100            # path does not match
    stats = fault_injection.statistics(control)
    assert stats[0].hits == 1 and stats[0].fired == 1 and stats[0].bytes == 8192
    fault_injection.disarm(control)
    assert file_io.pwrite(fd, b"y" * 8192, 8192) == 8192


def test_eio_on_read_matches_path_and_operation(control):
    fd = make_file("base_2", b"q" * 100)
    fault_injection.arm(control, Fault("EIO", op="read", path="base_2"))
    with pytest.raises(OSError) as err:
        file_io.pread(fd, 10, 0)
    assert err.value.errno == errno.EIO
    with pytest.raises(OSError):
        file_io.read_into(fd, bytearray(10), 0)
    assert file_io.pwrite(fd, b"w", 0) == 1                       # writes still work


def test_skip_and_times_pick_one_occurrence(control):
    fd = make_file("f", b"0")
    fault_injection.arm(control, Fault("EIO", op="write", path="f", skip=2, times=1))
    outcomes = []
    for i in range(5):
        try:
            file_io.pwrite(fd, b"a", 0)
            outcomes.append("ok")
        except OSError as e:
            outcomes.append(errno.errorcode[e.errno])
    assert outcomes == ["ok", "ok", "EIO", "ok", "ok"]
    assert fault_injection.statistics(control)[0].hits == 5
    assert fault_injection.statistics(control)[0].fired == 1


def _pattern(control: str, seed: int) -> list[bool]:
    fd = make_file("p", b"0")
    fault_injection.arm(control, Fault("EIO", op="write", path="p", probability=0.5, seed=seed))
    fired = []
    for _ in range(40):
        try:
            file_io.pwrite(fd, b"a", 0)
            fired.append(False)
        except OSError:
            fired.append(True)
    file_io.close_file(fd)
    fault_injection.disarm(control)
    return fired


def test_probability_is_reproducible_with_a_seed(control):
    first, again, other = _pattern(control, 7), _pattern(control, 7), _pattern(control, 8)
    assert first == again
    assert first != other
    assert 5 < sum(first) < 35


def test_after_bytes_is_a_disk_that_fills_up(control):
    fd = make_file("g")
    fault_injection.arm(control, Fault("ENOSPC", op=("write", "extend"), path="g",
                                       after_bytes=3 * 8192))
    for blockno in range(3):
        assert file_io.pwrite(fd, bytes(8192), blockno * 8192) == 8192
    with pytest.raises(OSError):
        file_io.pwrite(fd, bytes(8192), 3 * 8192)
    assert file_io.file_size(fd) == 3 * 8192


def test_torn_write_reports_success_but_stores_a_prefix(control):
    fd = make_file("h", b"o" * 8192)
    fault_injection.arm(control, Fault("torn", op="write", path="h", keep_bytes=4096))
    assert file_io.pwrite(fd, b"n" * 8192, 0) == 8192
    assert file_io.pread(fd, 8192, 0) == b"n" * 4096 + b"o" * 4096
    fault_injection.arm(control, Fault("torn", op="write", path="h"))   # default: half
    assert file_io.pwrite(fd, b"m" * 3000, 0) == 3000
    assert file_io.pread(fd, 3000, 0) == b"m" * 1024 + b"n" * 1976


def test_short_write_returns_what_it_stored(control):
    fd = make_file("i", b"o" * 8192)
    fault_injection.arm(control, Fault("short", op="write", path="i", keep_bytes=512))
    assert file_io.pwrite(fd, b"n" * 8192, 0) == 512
    assert file_io.pread(fd, 1024, 0) == b"n" * 512 + b"o" * 512


def test_process_kind_filter(control, monkeypatch):
    fd = make_file("j")
    fault_injection.arm(control, Fault("EIO", op="fsync", path="j", process="checkpointer"))
    file_io.fsync(fd)                                             # a 'standalone' process
    monkeypatch.setattr(process_state, "process_kind", "checkpointer")
    with pytest.raises(OSError):
        file_io.fsync(fd)
    with pytest.raises(OSError):
        file_io.fdatasync(fd)


def test_name_operations_can_fail(control):
    make_file("k")
    fault_injection.arm(control, Fault("EACCES", op=("unlink", "rename", "create"), path="*"))
    with pytest.raises(PermissionError):
        file_io.unlink("k")
    with pytest.raises(PermissionError):
        file_io.rename("k", "l")
    with pytest.raises(PermissionError):
        file_io.open_file("new", os.O_RDWR | os.O_CREAT)
    assert os.path.exists("k") and not os.path.exists("new")
    fault_injection.arm(control, Fault("EIO", op="fsync", path="*"))
    with pytest.raises(OSError):
        file_io.fsync_directory(".")


def test_crash_action_kills_the_process(control):
    pid = os.fork()
    if pid == 0:                                                  # child
        try:
            fd = make_file("m", bytes(4096))
            fault_injection.arm(control, Fault("torn", op="write", path="m", keep_bytes=512,
                                               crash_after=True))
            file_io.pwrite(fd, b"t" * 4096, 0)
        finally:
            os._exit(0)                                           # not reached on success
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == 9
    with open("m", "rb") as f:
        assert f.read() == b"t" * 512 + bytes(3584)


def test_faults_armed_later_reach_a_running_process_and_count_across_processes(control):
    """Another process arms a fault: the generation counter every process maps makes it
    visible at the next operation, and "the 2nd write" counts writes of all processes."""
    fd = make_file("n", b"0")
    read_end, write_end = os.pipe()
    go_read, go_write = os.pipe()
    pid = os.fork()
    if pid == 0:                                                  # child: the "server"
        code = 1
        try:
            os.read(go_read, 1)                                   # wait until armed
            try:
                file_io.pwrite(fd, b"c", 0)
                code = 3                                          # should have failed
            except OSError as e:
                code = 0 if e.errno == errno.ENOSPC else 4
        finally:
            os._exit(code)
    # The parent plays the test: arm, make the first matching write itself, let the
    # child make the second.
    fault_injection.arm(control, Fault("ENOSPC", op="write", path="n", skip=1))
    assert file_io.pwrite(fd, b"p", 0) == 1
    os.write(go_write, b"x")
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0
    assert fault_injection.statistics(control)[0].hits == 2
    for end in (read_end, write_end, go_read, go_write):
        os.close(end)


def test_only_the_environment_variable_enables_it_in_a_server_process(tmp_path):
    probe = ("from pgsnake.storage.file import file_io; "
             "print(file_io.faults_enabled())")
    env = {k: v for k, v in os.environ.items() if k != file_io.CONTROL_ENVIRONMENT_VARIABLE}
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))))
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    off = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                         text=True, check=True)
    assert off.stdout.strip() == "False"
    env[file_io.CONTROL_ENVIRONMENT_VARIABLE] = str(tmp_path / "ctl")
    on = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                        text=True, check=True)
    assert on.stdout.strip() == "True"


def test_bad_fault_descriptions_are_refused():
    with pytest.raises(ValueError):
        Fault("ENOSPC", op="scribble")
    with pytest.raises(ValueError):
        Fault("EFROBNICATE")
    assert Fault.from_json(Fault("EIO", op=["read", "write"]).to_json()).op == ("read", "write")
