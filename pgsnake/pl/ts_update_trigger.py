"""The built-in trigger functions tsvector_update_trigger and
tsvector_update_trigger_column: keep a tsvector column computed from text columns.

Entry point: call(function_row, trigger_call) -> the row to store (a list), for
pl/trigger_call.py when the trigger's function is one of these (INTERNAL_FUNCTIONS,
by prosrc).

Arguments: tsvector_update_trigger(tsvector_column, 'config_name', text_column, ...);
tsvector_update_trigger_column(tsvector_column, regconfig_column, text_column, ...). The
text columns (NULLs skipped) are parsed one after the other, positions continuing, as one
document. On UPDATE the vector is recomputed only when a text column changed.

PostgreSQL: utils/adt/tsvector_op.c (tsvector_update_trigger).
"""
from __future__ import annotations

from pgsnake.datatypes import ts_config, tsvector
from pgsnake.utils.errors import PgError

INTERNAL_ERROR = "XX000"        # PostgreSQL reports these with elog()
UNDEFINED_COLUMN = "42703"
DATATYPE_MISMATCH = "42804"
TSVECTOR, REGCONFIG = 3614, 3734
_CHARACTER_TYPES = (25, 1043, 1042)      # text, varchar, bpchar (and domains over them)
INTERNAL_FUNCTIONS = ("tsvector_update_trigger_byid", "tsvector_update_trigger_bycolumn")


def _column(relation, name: str, missing: str):
    for index, attribute in enumerate(relation.attributes):
        if attribute.name == name and not attribute.is_dropped:
            return index, attribute
    raise PgError(UNDEFINED_COLUMN, missing.format(name))


def _base_type(type_oid: int) -> int:
    from pgsnake.datatypes import user_type_facts
    return user_type_facts.base_type(type_oid)


def call(function_row, trigger_call):
    name = "tsvector_update_trigger"
    if trigger_call.level != "ROW":
        raise PgError(INTERNAL_ERROR, f"{name}: must be fired for row")
    if trigger_call.timing != "BEFORE":
        raise PgError(INTERNAL_ERROR, f"{name}: must be fired BEFORE event")
    if trigger_call.operation not in ("INSERT", "UPDATE"):
        raise PgError(INTERNAL_ERROR, f"{name}: must be fired for INSERT or UPDATE")
    arguments = trigger_call.arguments
    if len(arguments) < 3:
        raise PgError(INTERNAL_ERROR, f"{name}: arguments must be tsvector_field, "
                                        "ts_config, text_field1, ...)")
    relation = trigger_call.relation
    row = list(trigger_call.new)
    vector_index, vector_attribute = _column(relation, arguments[0],
                                             'tsvector column "{}" does not exist')
    if _base_type(vector_attribute.type_oid) != TSVECTOR:
        raise PgError(DATATYPE_MISMATCH, f'column "{arguments[0]}" is not of tsvector type')
    if function_row.prosrc == "tsvector_update_trigger_bycolumn":
        config_index, config_attribute = _column(relation, arguments[1],
                                                 'config column "{}" does not exist')
        if _base_type(config_attribute.type_oid) != REGCONFIG:
            raise PgError(DATATYPE_MISMATCH,
                          f'column "{arguments[1]}" is not of regconfig type')
        config = row[config_index]
        if config is None:
            raise PgError("22004", f'configuration column "{arguments[1]}" must not be null')
    else:
        if "." not in arguments[1]:
            raise PgError("22023", f'text search configuration name "{arguments[1]}" must '
                                   'be schema-qualified')
        config = ts_config.config_oid(arguments[1])
    update_needed = trigger_call.operation == "INSERT"
    words: list[tuple[str, int]] = []
    offset = 0
    for column_name in arguments[2:]:
        index, attribute = _column(relation, column_name, 'column "{}" does not exist')
        if _base_type(attribute.type_oid) not in _CHARACTER_TYPES:
            raise PgError(DATATYPE_MISMATCH,
                          f'column "{column_name}" is not of a character type')
        if not update_needed and trigger_call.old is not None and \
                trigger_call.old[index] != row[index]:
            update_needed = True
        value = row[index]
        if value is None:
            continue
        document = ts_config.document_words(config, value)
        words.extend((lexeme, position + offset) for lexeme, position in document)
        if document:
            offset = max(position for _lexeme, position in words)
    if update_needed:
        row[vector_index] = tsvector.check_total_length(tsvector.make_tsvector(
            (lexeme, [(min(position, tsvector.MAX_POS), 0)]) for lexeme, position in words))
    return row
