"""Process titles, so `ps` shows what each server process is, as PostgreSQL's do:

    pgsnake: checkpointer
    pgsnake: postgres shop 127.0.0.1(50312) idle

PostgreSQL: utils/misc/ps_status.c (init_ps_display, set_ps_display).
"""
from __future__ import annotations

try:
    import setproctitle as _spt
except ImportError:       # the title is cosmetic; never fail a process over it
    _spt = None

_base = "pgsnake"


def set_title(text: str) -> None:
    if _spt is not None:
        _spt.setproctitle(f"{_base}: {text}")


def set_backend_activity(user: str, database: str, client: str, activity: str) -> None:
    """Backend title: USER DB HOST(PORT) ACTIVITY (activity: idle, SELECT, idle in transaction...)."""
    set_title(f"{user} {database} {client} {activity}")
