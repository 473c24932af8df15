"""Shared-memory message queues: a ring buffer in a dynamic shared memory segment with
one sending and one receiving process (a parallel worker sending rows to its leader).

Layout at the queue's offset (QUEUE_HEADER bytes, then the ring):
    0  u64  bytes written so far (only the sender stores it)
    8  u64  bytes read so far (only the receiver stores it)
    16 u32  sender detached      20 u32  receiver detached
    24 u32  sender's proc slot + 1 (0: not attached yet)
    28 u32  receiver's proc slot + 1
A message is a 4-byte length and its bytes; it may be longer than the ring, in which case
it passes through in pieces. The two counters only grow, so free space is
ring - (written - read) and neither side ever waits for a lock.

Waiting (storage/ipc/latch.py's protocol, never polling): a sender finding the ring full
sleeps on its own latch, and the receiver sets it after every read that freed space; the
receiver sets nothing and waits on its latch when all its queues are empty (the Gather
node reads several), and the sender sets the receiver's latch after every write and when
it detaches. Interrupts are checked at every wake-up, so cancel and termination reach a
process waiting on a queue.

Entry points: init_queue(segment, offset, size); Sender(segment, offset) .send(bytes) ->
bool (False: the receiver detached), .detach(); Receiver(segment, offset)
.receive() -> bytes | None (nothing complete yet) | DETACHED, .detach().

PostgreSQL: storage/ipc/shm_mq.c (shm_mq_send, shm_mq_receive, shm_mq_detach).
"""
from __future__ import annotations

import struct

from pgsnake.storage.ipc import latch
from pgsnake.utils import interrupts, process_state

QUEUE_HEADER = 64
DETACHED = object()          # receive()'s answer once the sender is gone and all is read
_LENGTH = struct.Struct("<I")


def init_queue(segment, offset: int, size: int) -> None:
    """Zero a queue's header (the segment is new, so this is only for clarity)."""
    segment.buf[offset:offset + QUEUE_HEADER] = bytes(QUEUE_HEADER)
    if size <= QUEUE_HEADER + 16:
        raise ValueError("queue too small")


class _End:
    def __init__(self, segment, offset: int, size: int) -> None:
        self.segment = segment
        self.atomics = segment.atomics
        self.offset = offset
        self.data = offset + QUEUE_HEADER
        self.ring = size - QUEUE_HEADER
        self.buf = segment.buf

    def _peer_proc(self, field: int) -> int:
        return self.atomics.load_u32(self.offset + field) - 1

    def _copy_in(self, position: int, data) -> None:
        start = position % self.ring
        first = min(len(data), self.ring - start)
        self.buf[self.data + start:self.data + start + first] = data[:first]
        if first < len(data):
            self.buf[self.data:self.data + len(data) - first] = data[first:]

    def _copy_out(self, position: int, count: int) -> bytes:
        start = position % self.ring
        first = min(count, self.ring - start)
        out = bytes(self.buf[self.data + start:self.data + start + first])
        if first < count:
            out += bytes(self.buf[self.data:self.data + count - first])
        return out


class Sender(_End):
    def __init__(self, segment, offset: int, size: int) -> None:
        super().__init__(segment, offset, size)
        self.atomics.store_u32(offset + 24, process_state.proc_number + 1)

    def send(self, payload: bytes) -> bool:
        """Queue one message, waiting while the ring is full; False if the receiver
        has detached (the message is dropped: nobody will read it)."""
        message = memoryview(_LENGTH.pack(len(payload)) + payload)
        at = 0
        written = self.atomics.load_u64(self.offset)
        while at < len(message):
            if self.atomics.load_u32(self.offset + 20):
                return False
            free = self.ring - (written - self.atomics.load_u64(self.offset + 8))
            if free > 0:
                piece = message[at:at + free]
                self._copy_in(written, piece)
                written += len(piece)
                at += len(piece)
                self.atomics.store_u64(self.offset, written)
                latch.set_latch(self._peer_proc(28))
                continue
            latch.wait(None)
            latch.reset_my_latch()
            interrupts.check_for_interrupts()
        return True

    def detach(self) -> None:
        self.atomics.store_u32(self.offset + 16, 1)
        latch.set_latch(self._peer_proc(28))


class Receiver(_End):
    def __init__(self, segment, offset: int, size: int) -> None:
        super().__init__(segment, offset, size)
        self.atomics.store_u32(offset + 28, process_state.proc_number + 1)
        self.pending = bytearray()

    def receive(self):
        """The next whole message, None if none is complete yet, or DETACHED when the
        sender has detached and everything it sent was read. Never waits."""
        detached = self.atomics.load_u32(self.offset + 16)   # before reading the counter
        written = self.atomics.load_u64(self.offset)
        read = self.atomics.load_u64(self.offset + 8)
        if written > read:
            self.pending += self._copy_out(read, written - read)
            self.atomics.store_u64(self.offset + 8, written)
            latch.set_latch(self._peer_proc(24))
        if len(self.pending) >= 4:
            (length,) = _LENGTH.unpack_from(self.pending)
            if len(self.pending) >= 4 + length:
                message = bytes(self.pending[4:4 + length])
                del self.pending[:4 + length]
                return message
        if detached:           # everything it wrote before detaching is in `pending`
            return DETACHED
        return None

    def detach(self) -> None:
        self.atomics.store_u32(self.offset + 20, 1)
        latch.set_latch(self._peer_proc(24))
