"""The session's portals as PL/pgSQL's cursors see them (PostgreSQL's SPI_cursor_open,
SPI_scroll_cursor_fetch / _move, SPI_cursor_close over the portal table).

A cursor opened by PL/pgSQL's OPEN (or a FOR loop over a bound cursor) is a portal in
the same table as DECLARE's cursors and the protocol's portals, so a refcursor returned
to the caller can be read with SQL's FETCH, WHERE CURRENT OF finds it, pg_cursors lists
it, and it goes at the end of its transaction like any other non-holdable cursor.

pl (a lower layer) cannot import tcop: Session.__init__ calls install(session ref), which
hands pl/plpgsql/cursors.py an object with open / fetch / close / exists working on that
session.

It also gives datatypes/query_runner.py the fetch cursor_to_xml reads a cursor with.

Entry points: install(session_ref).
PostgreSQL: executor/spi.c (SPI_cursor_open_internal, _SPI_cursor_operation),
utils/mmgr/portalmem.c (CreateNewPortal's "<unnamed portal N>").
"""
from __future__ import annotations

from pgsnake.tcop import session_commands
from pgsnake.utils import errors
from pgsnake.utils.errors import PgError

_DIRECTIONS = ("FETCH_FORWARD", "FETCH_BACKWARD", "FETCH_ABSOLUTE", "FETCH_RELATIVE")


class SessionPortals:
    """PL/pgSQL's view of one session's portal table."""

    def __init__(self, session_ref) -> None:
        self._session_ref = session_ref

    def _session(self):
        session = self._session_ref()
        if session is None:
            raise PgError(errors.INVALID_CURSOR_NAME, "no session for cursors")
        return session

    def exists(self, name: str) -> bool:
        return name in self._session().portals

    def open(self, name: str, statement, params: list, options: int, source_text: str):
        """Start `statement` as cursor `name` (the caller checked the name is free)."""
        session_commands.open_portal(self._session(), name, statement, params, options,
                                     False, source_text)

    def fetch(self, name: str, direction: int, count: int, move: bool):
        """(columns, rows) of FETCH / MOVE direction count on cursor `name`; direction is
        PL/pgSQL's FetchDirection number (forward, backward, absolute, relative)."""
        body = {"portalname": name, "direction": _DIRECTIONS[direction], "howMany": count,
                "ismove": move}
        result = session_commands.fetch_portal(body, self._session())
        return result.columns, result.rows, result.command_tag

    def columns(self, name: str):
        """The columns of cursor `name`'s rows."""
        portal = self._session().portals.get(name)
        if portal is None:
            raise PgError(errors.INVALID_CURSOR_NAME, f'cursor "{name}" does not exist')
        return portal.statement.columns

    def close(self, name: str) -> None:
        session = self._session()
        portal = session.portals.pop(name, None)
        if portal is None:
            raise PgError(errors.INVALID_CURSOR_NAME, f'cursor "{name}" does not exist')
        portal.close()


def install(session_ref) -> None:
    from pgsnake.datatypes import query_runner
    from pgsnake.pl.plpgsql import cursors
    portals = SessionPortals(session_ref)
    cursors.register_portals(portals)

    def fetch_for_function(name: str, count: int, describe_only: bool = False):
        """cursor_to_xml's read: the next `count` rows, forward (describe_only: only
        the columns, for cursor_to_xmlschema)."""
        if describe_only:
            columns, rows = portals.columns(name), []
        else:
            columns, rows, _tag = portals.fetch(name, 0, count, False)
        return [(c.name, c.type_oid, getattr(c, "typmod", -1)) for c in columns or []], rows
    query_runner.set_cursor_fetcher(fetch_for_function)
