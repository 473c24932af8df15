"""FETCH and MOVE in every direction on a cursor declared SCROLL: the rows read so far are
kept, so the cursor can move back over them (PostgreSQL keeps a SCROLL cursor's rows
in a tuplestore when its plan cannot run backward; pgsnake always does).

A cursor that is scrollable without SCROLL (its plan could run backward, PostgreSQL's
implicit scrollability, executor/backward_scan.py) keeps no rows while it only moves
forward: at its first move in another direction, `resume_scrolling` starts its plan
again under the cursor's own snapshot, reads up to where the cursor is, and from then
on the cursor is a ScrollCursor over that run. A forward-only pass over a big result
keeps nothing in memory; the first move back pays one re-read of the rows so far.

Entry points: ScrollCursor(execution).fetch(direction, count) -> rows;
resume_scrolling(fresh_execution, read_so_far, past_end) -> ScrollCursor. `direction` is
the FetchStmt's: 'FETCH_FORWARD', 'FETCH_BACKWARD', 'FETCH_ABSOLUTE', 'FETCH_RELATIVE';
`count` its howMany (FETCH_ALL for ALL; FIRST is ABSOLUTE 1, LAST ABSOLUTE -1, PRIOR
BACKWARD 1). The caller makes MOVE's tag from the number of rows.

The position is PostgreSQL's: 0 before the first row, n on row n, count + 1 after the
last. A forward fetch that runs out of rows leaves the cursor after the last row; a
backward one, before the first. ABSOLUTE / RELATIVE land on one row (returned) or off
either end (nothing). The rows come from the cursor's running plan only as far as a
fetch needs them (LAST and negative ABSOLUTE read to the end).

PostgreSQL: tcop/pquery.c (DoPortalRunFetch, PortalRunSelect), commands/portalcmds.c.
"""
from __future__ import annotations

FETCH_ALL = 9223372036854775807


def resume_scrolling(execution, read_so_far: int, past_end: bool) -> "ScrollCursor":
    """A ScrollCursor over `execution` (the cursor's plan started again, same snapshot
    and parameters) placed where a forward-only run stood: on row `read_so_far`, or
    after the last row when that run had reached the end."""
    cursor = ScrollCursor(execution)
    cursor._read_to(read_so_far)
    cursor.position = min(read_so_far, len(cursor._rows)) + (1 if past_end else 0)
    return cursor


class ScrollCursor:
    def __init__(self, execution) -> None:
        self._execution = execution
        self._rows: list = []
        self._complete = False
        self.position = 0

    # -- the rows read so far --------------------------------------------------------------
    def _read_to(self, count: int | None) -> None:
        """Hold at least `count` rows (None: all of them) when there are that many."""
        while not self._complete and (count is None or len(self._rows) < count):
            want = 0 if count is None else count - len(self._rows)
            chunk, at_end = self._execution.fetch(want, with_junk=True)
            self._rows.extend(chunk)
            if at_end or not chunk:
                self._complete = True

    def _row_count(self) -> int:
        self._read_to(None)
        return len(self._rows)

    def _has_row(self, number: int) -> bool:
        if number < 1:
            return False
        self._read_to(number)
        return number <= len(self._rows)

    def current_row(self):
        """The row the cursor is on, with its resjunk columns (None off either end)."""
        if 1 <= self.position <= len(self._rows):
            return self._rows[self.position - 1]
        return None

    # -- the directions -------------------------------------------------------------------
    def fetch(self, direction: str, count: int) -> list:
        """The rows of one FETCH / MOVE, without their resjunk columns."""
        return self._execution.visible_rows(self._move(direction, count))

    def _move(self, direction: str, count: int) -> list:
        if direction in ("FETCH_FORWARD", "FETCH_BACKWARD"):
            if count < 0:                     # FORWARD -n is BACKWARD n, and the reverse
                direction = "FETCH_BACKWARD" if direction == "FETCH_FORWARD" else "FETCH_FORWARD"
                count = -count
            if count == 0:
                return self._current()
            if direction == "FETCH_FORWARD":
                return self._forward(count)
            return self._backward(count)
        if direction == "FETCH_ABSOLUTE":
            if count > 0:
                return self._land(count)
            if count < 0:
                return self._land(self._row_count() + 1 + count)
            self.position = 0
            return []
        # FETCH_RELATIVE
        if count == 0:
            return self._current()
        return self._land(self.position + count)

    def _current(self) -> list:
        if self._has_row(self.position):
            return [self._rows[self.position - 1]]
        return []

    def _forward(self, count: int) -> list:
        start = self.position + 1
        end = start + count - 1 if count < FETCH_ALL else None
        self._read_to(end)
        rows = self._rows[start - 1:end] if start >= 1 else []
        if end is not None and end <= len(self._rows):
            self.position = end
        else:
            self.position = len(self._rows) + 1
        return rows

    def _backward(self, count: int) -> list:
        if self.position > len(self._rows):
            self._read_to(None)               # after the last row: where that is
            self.position = min(self.position, len(self._rows) + 1)
        first = self.position - count if count < FETCH_ALL else 0
        rows = self._rows[max(first, 1) - 1:self.position - 1][::-1] if self.position > 1 else []
        self.position = first if first >= 1 else 0
        return rows

    def _land(self, number: int) -> list:
        """ABSOLUTE / RELATIVE: on row `number` if there is one, else off that end."""
        if number < 1:
            self.position = 0
            return []
        if self._has_row(number):
            self.position = number
            return [self._rows[number - 1]]
        self.position = len(self._rows) + 1
        return []
