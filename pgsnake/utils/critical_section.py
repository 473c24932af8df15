"""Critical sections: stretches of code where an error must become a PANIC.

Once a change is in WAL (a commit record, a prepared transaction's record), the outcome
is decided: replay will redo it. If the code that brings shared state in line with that
record (setting pg_xact bits, clearing the proc array, handing locks over) failed with an
ordinary ERROR, the backend would carry on with shared memory contradicting WAL, or,
worse, tell the client its COMMIT failed while another backend's WAL flush makes it
durable anyway. So any exception inside becomes a PANIC: the backend exits abnormally,
the postmaster crash-restarts the cluster, and recovery finishes the job from WAL.

A PgError keeps its SQLSTATE and message as a PANIC (a WAL write that hit a full disk is
"PANIC: could not write ..." with 53100, as in PostgreSQL). Any other exception is a bug:
the PANIC says which step failed, and the exception is chained for the server log only.

Entry point: `with critical_section("COMMIT"): ...`

PostgreSQL: include/miscadmin.h (START_CRIT_SECTION, END_CRIT_SECTION),
utils/error/elog.c (errstart promoting ERROR to PANIC inside a critical section).
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from pgsnake.utils.errors import INTERNAL_ERROR, PanicError, PgError


@contextmanager
def critical_section(what: str) -> Iterator[None]:
    try:
        yield
    except PanicError:
        raise
    except BaseException as e:
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        if isinstance(e, PgError):
            raise PanicError(e.sqlstate, e.message, detail=e.detail, hint=e.hint) from e
        raise PanicError(INTERNAL_ERROR, f"{what} failed in a critical section") from e
