"""Cost-based vacuum delay: VACUUM (and autovacuum) charge each page they touch and,
once the balance reaches the limit, sleep so that they do not saturate the I/O.

A page found in shared buffers costs vacuum_cost_page_hit, one read from disk
vacuum_cost_page_miss. At a delay point, when the balance has reached the limit, the
process sleeps delay * balance / limit milliseconds (at most four times the delay) on
its latch, and the balance starts again from zero. Manual VACUUM uses vacuum_cost_delay
and vacuum_cost_limit (delay 0: off, the default); an autovacuum worker uses
autovacuum_vacuum_cost_delay / _limit, where -1 means the manual setting.

Entry points: begin(delay_ms, limit), end(), read_page(rel_locator, fork, blockno) ->
buf (read_buffer through the VACUUM ring, plus the charge), delay_point().

Where we differ from PostgreSQL: pages dirtied by vacuum are not charged
vacuum_cost_page_dirty, and the workers of one cluster do not share the limit
(PostgreSQL's autovac_balance_cost divides it among them).

PostgreSQL: commands/vacuum.c (vacuum_delay_point), storage/buffer/bufmgr.c
(VacuumCostBalance accounting in ReadBuffer_common).
"""
from __future__ import annotations

from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.buffer import buffer_strategy
from pgsnake.utils import settings


class _State:
    active = False
    delay_ms = 0.0
    limit = 200
    balance = 0
    strategy = None           # the VACUUM ring (buffer_strategy.VACUUM) between begin/end


def begin(delay_ms: float, limit: int) -> None:
    """A VACUUM of one relation starts: its pages (heap passes, index bulk delete) are
    read through a VACUUM ring (PostgreSQL's BAS_VACUUM), so it leaves the rest of
    shared buffers alone."""
    _State.active = delay_ms > 0
    _State.delay_ms = delay_ms
    _State.limit = max(limit, 1)
    _State.balance = 0
    _State.strategy = buffer_strategy.get_access_strategy(buffer_strategy.VACUUM)


def end() -> None:
    _State.active = False
    _State.balance = 0
    _State.strategy = None


def read_page(locator, fork: int, blockno: int) -> int:
    """bufmgr.read_buffer through the VACUUM ring, charged to the balance when a delay
    is in force."""
    if not _State.active:
        return bufmgr.read_buffer(locator, fork, blockno, _State.strategy)
    reads = bufmgr.blocks_read
    buf = bufmgr.read_buffer(locator, fork, blockno, _State.strategy)
    _State.balance += settings.get("vacuum_cost_page_hit" if bufmgr.blocks_read == reads
                                   else "vacuum_cost_page_miss")
    return buf


def delay_point() -> None:
    """Sleep if the balance reached the limit. Call only where no LWLock or buffer pin
    is held (the same places as check_for_interrupts)."""
    if not _State.active or _State.balance < _State.limit:
        return
    msec = min(_State.delay_ms * _State.balance / _State.limit, _State.delay_ms * 4)
    _State.balance = 0
    from pgsnake.storage.ipc import latch
    latch.reset_my_latch()
    latch.wait(msec / 1000.0)
