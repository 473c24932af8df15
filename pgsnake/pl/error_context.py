"""The CONTEXT lines of errors and notices raised inside functions (PostgreSQL's
error_context_stack).

Each running function call pushes a frame; a frame says where it is, e.g.
"PL/pgSQL function f(integer) line 3 at RAISE", preceded by 'SQL statement "..."' while
one of its statements runs. A notice takes the lines of every frame, innermost first, at
the moment it is raised. An error collects them as it unwinds: each frame adds its lines
once, when the error first passes through it, which gives the same innermost-first text
PostgreSQL's ereport builds from its callback stack.

Entry points: push(frame), pop(frame), current_context() -> str | None,
add_frame_context(err, frame), non_atomic() (may a procedure COMMIT here?).

PostgreSQL: utils/error/elog.c (error_context_stack, errcontext), pl_exec.c
(plpgsql_exec_error_callback), executor/functions.c (sql_exec_error_callback).
"""
from __future__ import annotations

from pgsnake.utils.errors import PgError

_stack: list = []      # frames with .context_lines() -> list[str], innermost last


def push(frame) -> None:
    _stack.append(frame)


def pop(frame) -> None:
    if _stack and _stack[-1] is frame:
        _stack.pop()
    elif frame in _stack:
        _stack.remove(frame)


def current_context() -> str | None:
    lines = [line for frame in reversed(_stack) for line in frame.context_lines()]
    return "\n".join(lines) if lines else None


def add_frame_context(err: PgError, frame) -> None:
    """Append the frame's lines to the error's CONTEXT, once per frame. An error from
    a statement inside a function loses its cursor position (PostgreSQL reports it as
    an internal query position, which clients do not show as the statement's)."""
    seen = getattr(err, "_pl_frames", None)
    if seen is None:
        seen = err._pl_frames = []
    if any(f is frame for f in seen):
        return
    seen.append(frame)
    err.position = None
    lines = frame.context_lines()
    if not lines:
        return
    text = "\n".join(lines)
    err.context = f"{err.context}\n{text}" if err.context else text


def in_call() -> bool:
    """Is a function, procedure or DO block running?"""
    return bool(_stack)


def _install() -> None:
    from pgsnake.access.transam import xact
    xact.set_function_probe(in_call)


_install()


def non_atomic() -> bool:
    """True when every running call allows transaction control: a CALL or DO at top
    level outside a transaction block, and procedures it CALLs (no function between)."""
    from pgsnake.access.transam import xact
    return bool(_stack) and not xact.in_transaction_block() and \
        all(not getattr(frame, "atomic", True) for frame in _stack)
