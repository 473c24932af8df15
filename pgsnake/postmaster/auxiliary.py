"""The auxiliary processes' main loops: startup, checkpointer, background writer, WAL
writer and autovacuum launcher.

Each loop sleeps in short steps so it notices signals promptly, and does its one job:

    startup             replay WAL from the last checkpoint's redo point, then exit 0
    checkpointer        a checkpoint every checkpoint_timeout, or when asked; on SIGUSR2
                        the shutdown checkpoint, then exit
    background writer   every bgwriter_delay, write some dirty buffers so backends rarely
                        have to write a victim themselves
    walwriter           every wal_writer_delay, flush WAL that asynchronous commits
                        (synchronous_commit=off) left unflushed: this bounds their loss
    autovacuum launcher idle for now (VACUUM comes with a later issue)

Signals: SIGTERM asks a loop to finish; SIGQUIT (crash-restart or immediate shutdown)
exits at once with code 2, touching nothing shared, as PostgreSQL's quickdie does.

PostgreSQL: postmaster/startup.c, checkpointer.c, bgwriter.c, walwriter.c, autovacuum.c.
"""
from __future__ import annotations

import os
import signal
import time

from pgsnake.utils import process_title
from pgsnake.utils import elog, settings


class _Flags:
    stop = False          # SIGTERM
    shutdown_checkpoint = False   # SIGUSR2 (checkpointer)
    reload = False        # SIGHUP


def _quickdie(signum, frame) -> None:
    os._exit(2)


def _install_handlers() -> None:
    def on_term(signum, frame):
        _Flags.stop = True

    def on_usr2(signum, frame):
        _Flags.shutdown_checkpoint = True

    def on_hup(signum, frame):
        _Flags.reload = True

    signal.signal(signal.SIGQUIT, _quickdie)
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGUSR2, on_usr2)
    signal.signal(signal.SIGHUP, on_hup)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _nap(seconds: float, wake=lambda: False) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end and not (_Flags.stop or _Flags.shutdown_checkpoint or wake()):
        time.sleep(min(0.05, max(0.0, end - time.monotonic())))


def _maybe_reload() -> None:
    if _Flags.reload:
        _Flags.reload = False
        from pgsnake.postmaster import subsystems
        subsystems.reload_config()


def run(kind: str) -> int:
    process_title.set_title(kind)
    _install_handlers()
    return MAIN_LOOPS[kind]()


def startup_main() -> int:
    signal.signal(signal.SIGTERM, _quickdie)   # shutdown during recovery: just stop
    from pgsnake.access.transam import recovery
    recovery.startup_recovery()
    return 0


def checkpointer_main() -> int:
    from pgsnake.access.transam import checkpoint, recovery
    last = time.monotonic()
    while True:
        _maybe_reload()
        if _Flags.shutdown_checkpoint:
            elog.log("shutting down")
            recovery.shutdown_checkpoint()
            return 0
        if checkpoint.pending_request():
            checkpoint.run_requested_checkpoint()
            last = time.monotonic()
        elif time.monotonic() - last >= settings.get("checkpoint_timeout"):
            checkpoint.create_checkpoint(shutdown=False)
            last = time.monotonic()
        _nap(0.1, wake=checkpoint.pending_request)


def background_writer_main() -> int:
    from pgsnake.storage.buffer import buffer_manager
    while not _Flags.stop:
        _maybe_reload()
        buffer_manager.write_some_dirty(settings.get("bgwriter_lru_maxpages"))
        _nap(settings.get("bgwriter_delay") / 1000.0)
    return 0


def walwriter_main() -> int:
    from pgsnake.access.transam.wal import wal
    while not _Flags.stop:
        _maybe_reload()
        wal.write_and_flush_all()
        _nap(settings.get("wal_writer_delay") / 1000.0)
    wal.write_and_flush_all()
    return 0


def autovacuum_launcher_main() -> int:
    while not _Flags.stop:
        _maybe_reload()
        _nap(1.0)
    return 0


MAIN_LOOPS = {
    "startup": startup_main,
    "checkpointer": checkpointer_main,
    "background writer": background_writer_main,
    "walwriter": walwriter_main,
    "autovacuum launcher": autovacuum_launcher_main,
}
