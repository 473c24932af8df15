"""The built-in trigger function suppress_redundant_updates_trigger(): a BEFORE UPDATE
FOR EACH ROW trigger that skips an update whose new row is the old one unchanged.

Entry point: call(function_row, trigger_call) -> the row to store, or None to skip it,
for pl/trigger_call.py (prosrc "suppress_redundant_updates_trigger", prolang internal).

"Unchanged" is PostgreSQL's test: the two rows formed as heap tuples are byte for byte
the same (so 1.0 -> 1.00 in a numeric column, or -0 -> 0 in a float one, is a change),
which is what comparing access/common/heap_tuple.form_tuple's output of each gives.

PostgreSQL: utils/adt/trigfuncs.c (suppress_redundant_updates_trigger).
"""
from __future__ import annotations

from pgsnake.access.common import heap_tuple
from pgsnake.utils.errors import PgError

TRIGGER_PROTOCOL_VIOLATED = "39P01"
PROSRC = "suppress_redundant_updates_trigger"


def call(function_row, trigger_call):
    name = "suppress_redundant_updates_trigger"
    if trigger_call.operation != "UPDATE":
        raise PgError(TRIGGER_PROTOCOL_VIOLATED, f"{name}: must be called on update")
    if trigger_call.timing != "BEFORE":
        raise PgError(TRIGGER_PROTOCOL_VIOLATED, f"{name}: must be called before update")
    if trigger_call.level != "ROW":
        raise PgError(TRIGGER_PROTOCOL_VIOLATED, f"{name}: must be called for each row")
    descriptor = trigger_call.relation.descriptor
    new = list(trigger_call.new)
    if heap_tuple.form_tuple(descriptor, list(trigger_call.old)) == \
            heap_tuple.form_tuple(descriptor, new):
        return None
    return new
