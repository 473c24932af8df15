# LWLocks on the shared segment exclude each other across forked processes: a counter
# incremented under an exclusive lock by several processes loses no increment, and
# release_all() drops whatever this process holds (error recovery).
import os
import struct

from pgsnake.storage.ipc import shared_memory
from pgsnake.storage.lmgr import lwlock

COUNTER = "test_lwlock_counter"


def _init(region):
    region.view[:] = bytes(region.size)


shared_memory.request_region(COUNTER, lambda: 16, _init)


def test_exclusive_lock_serialises_read_modify_write_across_processes():
    shared_memory.create_segment()
    lock = lwlock.named("XidGenLock")
    view = shared_memory.region(COUNTER).view
    workers, rounds = 4, 300
    pids = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:
            try:
                for _ in range(rounds):
                    with lock.exclusive():
                        (n,) = struct.unpack_from("<Q", view, 0)
                        struct.pack_into("<Q", view, 0, n + 1)   # deliberately non-atomic
            finally:
                os._exit(0)
        pids.append(pid)
    for pid in pids:
        _, status = os.waitpid(pid, 0)
        assert status == 0
    assert struct.unpack_from("<Q", view, 0)[0] == workers * rounds
    assert lock.state() == (False, 0)


def test_shared_holders_are_counted_and_block_exclusive():
    shared_memory.create_segment()
    lock = lwlock.named("ProcArrayLock")
    lock.acquire(lwlock.SHARED)
    lock.acquire(lwlock.SHARED)
    assert lock.state() == (False, 2)
    assert not lock.try_acquire(lwlock.EXCLUSIVE)
    lock.release()
    lock.release()
    assert lock.try_acquire(lwlock.EXCLUSIVE)
    assert lock.state() == (True, 0)
    lock._release_word(lwlock.EXCLUSIVE)


def test_release_all_after_error():
    shared_memory.create_segment()
    a, b = lwlock.named("OidGenLock"), lwlock.named("CommitLogLock")
    a.acquire()
    b.acquire(lwlock.SHARED)
    assert lwlock.held_count() == 2
    lwlock.release_all()
    assert lwlock.held_count() == 0
    assert a.state() == (False, 0) and b.state() == (False, 0)


def test_waiters_with_proc_slots_sleep_and_are_woken_by_the_releaser():
    # Processes with proc slots wait on a condition variable (their latch), not by
    # polling: a waiter blocked behind an exclusive holder announces itself, and the
    # release wakes it at once. The counter proves mutual exclusion on that path too.
    from pgsnake.storage.ipc import proc_array
    from pgsnake.storage.lmgr import condition_variable as cv
    from pgsnake.utils import process_state, settings
    settings.set_value("max_connections", "8", source="command line", check_context=False)
    shared_memory.create_segment()
    lock = lwlock.named("XidGenLock")
    view = shared_memory.region(COUNTER).view
    lock.acquire(lwlock.EXCLUSIVE)          # held by the parent while the workers start
    workers, rounds = 3, 200
    pids = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:
            try:
                lwlock.forget_held_after_fork()
                process_state.proc_number = proc_array.claim_slot(os.getpid(), "worker")
                for _ in range(rounds):
                    with lock.exclusive():
                        (n,) = struct.unpack_from("<Q", view, 0)
                        struct.pack_into("<Q", view, 0, n + 1)
            finally:
                os._exit(0)
        pids.append(pid)
    import time
    deadline = time.monotonic() + 10
    region = cv._region
    while region.atomics.load_u64(region.offset) < workers and time.monotonic() < deadline:
        time.sleep(0.01)
    assert region.atomics.load_u64(region.offset) == workers     # all asleep on the lock
    assert lock.state()[0] and lock._atomics.load_u32(lock.offset) & lwlock.WAITERS_BIT
    lock.release()
    for pid in pids:
        _, status = os.waitpid(pid, 0)
        assert status == 0
    assert struct.unpack_from("<Q", view, 0)[0] == workers * rounds
    assert lock.state() == (False, 0)
    assert region.atomics.load_u64(region.offset) == 0          # nobody left announcing
