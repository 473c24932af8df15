"""Array type names: underscores before the element type's name, and renames that keep
every type name of a schema unique.

Every type but an array, a pseudo-type or a multirange's has an array type made with
it, named by putting underscores before the element type's name until the name is
free in the schema (cut to 63 bytes, NAMEDATALEN - 1): "_t", else "__t", and so on.
An array type made that way holds a name the user may want later: when a new or
renamed type (or table, whose row type is a type) takes the name of such an array
type, the array type moves out of the way to a new free name of its own, and the user's
name wins. Any other type of that name is a clash the caller reports (42710 'type "x"
already exists').

Entry points:
    array_type_name(element_name, namespace_oid) -> str      makeArrayTypeName
    move_array_type_name(name, namespace_oid) -> bool        moveArrayTypeName
    rename_type(type_oid, new_name) -> None                  RenameTypeInternal: the
        clash check, the new name, and the type's own array type renamed after it

PostgreSQL: catalog/pg_type.c (makeArrayTypeName, moveArrayTypeName,
RenameTypeInternal).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation
from pgsnake.utils.errors import DUPLICATE_OBJECT, PgError

NAME_BYTES = 63                  # NAMEDATALEN - 1
_ARRAY_SUBSCRIPT_HANDLER = 6179  # array_subscript_handler: a true array type's typsubscript


def _done() -> None:
    from pgsnake.access.transam import xact
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def array_type_name(element_name: str, namespace_oid: int) -> str:
    """The first of '_name', '__name', ... (each cut to 63 bytes) no type of the schema
    has; 42710 when every one up to 62 underscores is taken."""
    element = element_name.encode()
    for underscores in range(1, NAME_BYTES):
        name = (b"_" * underscores + element)[:NAME_BYTES].decode(errors="ignore")
        if cc.lookup_type_row(name, namespace_oid) is None:
            return name
    raise PgError(DUPLICATE_OBJECT, f'could not form array type name for type "{element_name}"')


def move_array_type_name(name: str, namespace_oid: int) -> bool:
    """If the type called `name` in the schema is an array type made for its element
    type, give it another free array name and return True; False when no type has the
    name or it is another kind of type (the caller's clash)."""
    row = cc.lookup_type_row(name, namespace_oid)
    if row is None or not _is_made_array(row):
        return False
    _set_name(row.oid, array_type_name(name, namespace_oid))
    return True


def _is_made_array(row) -> bool:
    if not row.typelem or row.typsubscript != _ARRAY_SUBSCRIPT_HANDLER or row.typlen != -1:
        return False
    element = cc.get_type_row(row.typelem)
    return element is not None and element.typarray == row.oid


def rename_type(type_oid: int, new_name: str) -> None:
    """Rename a type (and its array type, to a free array name after the new one),
    moving an array type that holds the new name out of the way first."""
    row = cc.get_type_row(type_oid)
    other = cc.lookup_type_row(new_name, row.typnamespace)
    if other is not None and other.oid != type_oid \
            and not move_array_type_name(new_name, row.typnamespace):
        raise PgError(DUPLICATE_OBJECT, f'type "{new_name}" already exists')
    _set_name(type_oid, new_name)
    # Renaming t to _t has just moved t's own array type out of the way: it keeps the
    # name it was given there.
    if row.typarray and (other is None or other.oid != row.typarray):
        _set_name(row.typarray, array_type_name(new_name, row.typnamespace))


def _set_name(type_oid: int, name: str) -> None:
    catalog_writes.update_rows("pg_type", lambda r: r.oid == type_oid,
                               key=("oid", type_oid), typname=name)
    _done()
