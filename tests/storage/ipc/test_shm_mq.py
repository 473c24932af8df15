# Tuple queues between processes: a dynamic shared memory segment made by one process is
# attached by another through its name, and messages far larger than the ring pass
# through it whole and in order, both sides sleeping on their latches when the ring is
# full or empty (the test's receiver, too, waits on its latch: nothing polls).
import os
import pickle

import pytest

from pgsnake.storage.ipc import dsm, latch, shared_memory, shm_mq
from pgsnake.utils import process_state, settings


@pytest.fixture
def segment():
    settings.set_value("max_connections", "4", source="command line", check_context=False)
    shared_memory.create_segment()
    yield
    process_state.proc_number = -1


def test_segment_attaches_by_name_and_is_shared():
    made = dsm.create(10000)
    try:
        assert made.size >= 10000
        other = dsm.attach(made.name)
        other.buf[100:105] = b"hello"
        assert bytes(made.buf[100:105]) == b"hello"
        made.atomics.fetch_add_u64(8, 5)
        assert other.atomics.load_u64(8) == 5
        other.detach()
    finally:
        made.detach()


def test_messages_larger_than_the_ring_arrive_whole_and_in_order(segment):
    ring = 4096 + shm_mq.QUEUE_HEADER
    seg = dsm.create(ring)
    shm_mq.init_queue(seg, 0, ring)
    process_state.proc_number = 1
    receiver = shm_mq.Receiver(seg, 0, ring)
    messages = [pickle.dumps(list(range(n))) for n in (0, 1, 50, 3000, 7, 20000, 2)]
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            process_state.proc_number = 2
            child = dsm.attach(seg.name)
            sender = shm_mq.Sender(child, 0, ring)
            for message in messages:
                assert sender.send(message)
            sender.detach()
            code = 0
        finally:
            os._exit(code)
    got = []
    while True:
        latch.reset_my_latch()
        message = receiver.receive()
        if message is shm_mq.DETACHED:
            break
        if message is None:
            latch.wait(30, postmaster_death=False)
            continue
        got.append(message)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert got == messages
    seg.detach()


def test_a_sender_stops_when_the_receiver_detaches(segment):
    ring = 1024 + shm_mq.QUEUE_HEADER
    seg = dsm.create(ring)
    shm_mq.init_queue(seg, 0, ring)
    process_state.proc_number = 1
    receiver = shm_mq.Receiver(seg, 0, ring)
    process_state.proc_number = 2
    sender = shm_mq.Sender(seg, 0, ring)
    assert sender.send(b"x" * 100)
    receiver.detach()
    assert sender.send(b"y" * 5000) is False       # would block forever otherwise
    seg.detach()
