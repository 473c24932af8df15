"""Incremental Sort, run as a full Sort of its input.

The input is ordered by the node's presorted keys already, so a stable sort on all the
keys gives exactly the order of sorting each presorted group alone. What is not done yet
is the point of PostgreSQL's node: returning the first groups before the input is read
to its end, and sorting smaller batches.

PostgreSQL: executor/nodeIncrementalSort.c.
"""
from __future__ import annotations

from pgsnake.executor.plan_state import node_state
from pgsnake.executor.upper_nodes import SortState
from pgsnake.optimizer.incremental_sort import IncrementalSort


@node_state(IncrementalSort)
class IncrementalSortState(SortState):
    """A SortState for an IncrementalSort plan (a Limit above still bounds it)."""
