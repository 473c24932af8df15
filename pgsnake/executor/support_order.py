"""Sorting by a user-defined B-tree operator class's order (ORDER BY ... USING an
operator of such a family): each value is wrapped in a `SupportOrdered`, whose
comparisons call the family's support function 1 through the function manager, and
the Sort node sorts by the wrapped values as by an expression key (upper_nodes.py).

Invariants: a wrapper of NULL is never made (NULLs stay None, placed by the sort's
NULLS FIRST / LAST); wrappers pickle as (proc, value), so an external sort's runs
can be written to temporary files.

Entry point: ordering_key(proc) -> value -> SupportOrdered | None.

PostgreSQL: utils/sort/sortsupport.c (PrepareSortSupportComparisonShim: a sort by a
comparison function through fmgr).
"""
from __future__ import annotations

from pgsnake.utils.errors import PgError

_functions: dict[int, object] = {}


def _compare(proc: int, a, b) -> int:
    call = _functions.get(proc)
    if call is None:
        from pgsnake.datatypes import functions
        function = functions.function_by_oid(proc)
        if function is None:
            raise PgError("XX000", f"cache lookup failed for function {proc}")
        call = _functions[proc] = function.fn
    result = call(a, b)
    if result is None:
        raise PgError("XX000", f"function {proc} returned NULL")
    return result


class SupportOrdered:
    """A value ordered by support function `proc`."""
    __slots__ = ("proc", "value")
    __hash__ = None

    def __init__(self, proc: int, value) -> None:
        self.proc, self.value = proc, value

    def __reduce__(self):
        return SupportOrdered, (self.proc, self.value)

    def __lt__(self, other) -> bool:
        return _compare(self.proc, self.value, other.value) < 0

    def __le__(self, other) -> bool:
        return _compare(self.proc, self.value, other.value) <= 0

    def __gt__(self, other) -> bool:
        return _compare(self.proc, self.value, other.value) > 0

    def __ge__(self, other) -> bool:
        return _compare(self.proc, self.value, other.value) >= 0

    def __eq__(self, other) -> bool:
        return isinstance(other, SupportOrdered) and \
            _compare(self.proc, self.value, other.value) == 0


def ordering_key(proc: int):
    """value -> its wrapper (None for NULL); the function is looked up afresh."""
    _functions.pop(proc, None)

    def key(value):
        return None if value is None else SupportOrdered(proc, value)
    return key
