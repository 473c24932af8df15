"""Timeouts: several named deadlines multiplexed onto one interval timer (SIGALRM).

A backend has several clocks running at once: statement_timeout for the whole statement,
lock_timeout and deadlock_timeout while it waits for a lock, and
idle_in_transaction_session_timeout / idle_session_timeout while it waits for the client.
Each is a named deadline here; the process's one ITIMER_REAL is always set for the nearest
one. When SIGALRM arrives, every expired deadline is marked fired and its handler runs;
then the wake-up hooks run (the latch module registers `set_my_latch`), so a process
sleeping on its latch wakes and looks at the flags.

Handlers run in signal context (between two bytecodes of whatever the backend was doing),
so they only set flags. The backend acts on the flags at its next safe point
(utils/interrupts.check_for_interrupts) or, in a lock wait, at once.

Rules
1. `enable_after` / `disable` block SIGALRM while they change the deadlines, so a
   handler never sees a half-updated table.
2. A fired deadline stays "fired" (`has_fired`) until it is disabled or re-enabled: the
   code that acts on it decides which error to raise, even after the timer moved on.

Entry points: register(kind, handler), enable_after(kind, ms), disable(kind),
disable_all(), is_active(kind), has_fired(kind), install(), add_wakeup_hook(fn).

PostgreSQL: utils/misc/timeout.c (RegisterTimeout, enable_timeout_after, disable_timeout,
get_timeout_indicator, handle_sig_alarm).
"""
from __future__ import annotations

import signal
import time
from contextlib import contextmanager
from typing import Callable, Iterator

STATEMENT_TIMEOUT = "statement_timeout"
LOCK_TIMEOUT = "lock_timeout"
DEADLOCK_TIMEOUT = "deadlock_timeout"
IDLE_IN_TRANSACTION_SESSION_TIMEOUT = "idle_in_transaction_session_timeout"
IDLE_SESSION_TIMEOUT = "idle_session_timeout"

_handlers: dict[str, Callable[[], None]] = {}
_deadlines: dict[str, float] = {}      # kind -> time.monotonic() deadline
_fired: set[str] = set()
_wakeup_hooks: list[Callable[[], None]] = []
_installed = False


def register(kind: str, handler: Callable[[], None]) -> None:
    _handlers[kind] = handler


def add_wakeup_hook(fn: Callable[[], None]) -> None:
    """fn() runs after any timeout fires (in signal context: it must only set things)."""
    if fn not in _wakeup_hooks:
        _wakeup_hooks.append(fn)


def install() -> None:
    """Take over SIGALRM for this process (backends, after fork)."""
    global _installed
    signal.signal(signal.SIGALRM, _on_alarm)
    _installed = True


@contextmanager
def _alarm_blocked() -> Iterator[None]:
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def enable_after(kind: str, milliseconds: float) -> None:
    """Arm (or re-arm) `kind` to fire `milliseconds` from now; clears its fired flag."""
    with _alarm_blocked():
        _deadlines[kind] = time.monotonic() + milliseconds / 1000.0
        _fired.discard(kind)
        _schedule()


def disable(kind: str) -> None:
    if kind not in _deadlines and kind not in _fired:
        return
    with _alarm_blocked():
        _deadlines.pop(kind, None)
        _fired.discard(kind)
        _schedule()


def disable_all() -> None:
    if not _deadlines and not _fired:
        return
    with _alarm_blocked():
        _deadlines.clear()
        _fired.clear()
        _schedule()


def is_active(kind: str) -> bool:
    return kind in _deadlines


def has_fired(kind: str) -> bool:
    return kind in _fired


def fired_at(kind: str) -> float | None:
    """For choosing between two fired timeouts: None if it has not fired."""
    return _fired_times.get(kind) if kind in _fired else None


_fired_times: dict[str, float] = {}


def _schedule() -> None:
    if not _installed:
        return
    if not _deadlines:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    delay = min(_deadlines.values()) - time.monotonic()
    # A zero delay would disarm the timer; fire as soon as possible instead.
    signal.setitimer(signal.ITIMER_REAL, max(delay, 1e-6))


def _on_alarm(signum, frame) -> None:
    now = time.monotonic()
    expired = [kind for kind, deadline in _deadlines.items() if deadline <= now]
    for kind in expired:
        del _deadlines[kind]
        _fired.add(kind)
        _fired_times[kind] = now
    _schedule()
    for kind in expired:
        handler = _handlers.get(kind)
        if handler is not None:
            handler()
    for hook in _wakeup_hooks:
        hook()
