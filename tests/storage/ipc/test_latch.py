# Latches wake a sleeping process in another process, without polling, and the
# postmaster-alive pipe wakes every child when the process holding its write end dies.
import os
import time

import pytest

from pgsnake.storage.ipc import latch, postmaster_alive, proc_array, shared_memory
from pgsnake.utils import process_state, settings


@pytest.fixture
def segment():
    settings.set_value("max_connections", "4", source="command line", check_context=False)
    shared_memory.create_segment()
    yield
    process_state.proc_number = -1


def _child(fn) -> int:
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = fn()
        finally:
            os._exit(code)
    return pid


def _exit_code(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_set_latch_wakes_a_waiter_in_another_process(segment):
    r, w = os.pipe()

    def waiter():
        process_state.proc_number = 2
        latch.reset_my_latch()
        os.write(w, b"r")                       # ready: about to sleep
        events = latch.wait(10.0, postmaster_death=False)
        return 0 if latch.WL_LATCH_SET in events else 3

    pid = _child(waiter)
    assert os.read(r, 1) == b"r"
    started = time.monotonic()
    latch.set_latch(2)
    assert _exit_code(pid) == 0
    assert time.monotonic() - started < 2.0     # woken, not timed out


def test_a_set_before_the_wait_is_not_lost(segment):
    process_state.proc_number = 1
    latch.reset_my_latch()
    latch.set_latch(1)                          # the waker runs first
    assert latch.WL_LATCH_SET in latch.wait(5.0, postmaster_death=False)
    latch.reset_my_latch()
    assert latch.wait(0.05, postmaster_death=False) == {latch.WL_TIMEOUT}


def test_wait_also_wakes_for_a_readable_socket(segment):
    process_state.proc_number = 0
    latch.reset_my_latch()
    r, w = os.pipe()
    os.write(w, b"x")
    assert latch.WL_SOCKET_READABLE in latch.wait(5.0, r, postmaster_death=False)


def test_children_wake_when_the_pipe_holder_dies(segment, monkeypatch):
    # A stand-in postmaster: it makes the pipe, forks a "backend" that waits on its
    # latch, and is then killed. The backend must wake at once and report FATAL 57P01.
    r, w = os.pipe()

    def fake_postmaster():
        postmaster_alive.create()

        def backend():
            postmaster_alive.close_write_end_in_child()
            process_state.is_under_postmaster = True
            process_state.proc_number = 3
            latch.reset_my_latch()
            assert postmaster_alive.postmaster_is_alive()
            try:
                latch.wait(30.0)
            except Exception as e:              # FatalError
                os.write(w, f"{getattr(e, 'sqlstate', '?')}".encode())
                return 0
            return 4

        _child(backend)
        time.sleep(0.2)
        os.kill(os.getpid(), 9)
        return 5

    started = time.monotonic()
    pm = _child(fake_postmaster)
    assert _exit_code(pm) == -9
    assert os.read(r, 5) == b"57P01"
    assert time.monotonic() - started < 5.0


def test_proc_array_slot_count_bounds_the_latches(segment):
    assert len(latch._slot_fds) == proc_array.slot_count()
