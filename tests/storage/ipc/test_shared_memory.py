# The shared segment is one anonymous MAP_SHARED mapping: a forked child's writes are seen
# by its parent, regions are aligned as promised, and re-creating the segment (crash-
# restart) runs every init function again on fresh memory.
import os

from pgsnake.storage.ipc import shared_memory

calls = []


def _init(region):
    calls.append(region.name)
    region.view[:] = bytes(region.size)


shared_memory.request_region("test_shm_a", lambda: 100, _init)
shared_memory.request_region("test_shm_pages", lambda: 8192 * 2, _init, page_aligned=True)


def test_child_writes_are_visible_to_parent():
    shared_memory.create_segment()
    region = shared_memory.region("test_shm_a")
    pid = os.fork()
    if pid == 0:
        region.view[0:5] = b"hello"
        os._exit(0)
    os.waitpid(pid, 0)
    assert bytes(region.view[0:5]) == b"hello"


def test_alignment():
    shared_memory.create_segment()
    assert shared_memory.region("test_shm_a").offset % 64 == 0
    assert shared_memory.region("test_shm_pages").offset % 8192 == 0


def test_recreate_runs_init_again_on_fresh_memory():
    shared_memory.create_segment()
    shared_memory.region("test_shm_a").view[0] = 7
    before = shared_memory.generation
    calls.clear()
    shared_memory.create_segment()
    assert shared_memory.generation == before + 1
    assert "test_shm_a" in calls and "test_shm_pages" in calls
    assert shared_memory.region("test_shm_a").view[0] == 0
