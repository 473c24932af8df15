"""Facts about user-defined types (CREATE TYPE, CREATE DOMAIN) that the type-coercion
rules need: each type's pg_type.typcategory and, for a domain, its base type.

The built-in types' facts are compiled in (catalog_facts); a user-defined type's come
from the catalogs, which this layer may not read. The catalog layer installs a loader
(catalog/user_types.py) that fills these tables for one type OID on first use, and
clears them whenever the catalogs change (catalog invalidation).

Entry points: category(oid), domain_base(oid) -> (base oid, base typmod) | None,
base_type(oid), array_element(oid), set_loader(fn), record(oid, category, base,
element), clear(); described_by_catalogs(oid), set_catalog_row_types(oids).

PostgreSQL: utils/cache/lsyscache.c (get_type_category_preferred, getBaseTypeAndTypmod).
"""
from __future__ import annotations

from typing import Callable

# Types from this OID on are described by the catalogs, not compiled in: PostgreSQL's
# FirstUnpinnedObjectId. Below 16384 only initdb's information_schema domains are there.
FIRST_CATALOG_TYPE_OID = 12000

# The system catalogs' own row types and their arrays (pg_class 83, pg_statistic 10029,
# _pg_statistic 10028, ...) have OIDs below that but are not compiled in either: like a
# table's row type they are built from the catalogs. The catalog layer installs their
# OIDs (catalog/user_types.py, from its generated pg_type facts).
_catalog_row_types: frozenset[int] = frozenset()


def set_catalog_row_types(oids) -> None:
    global _catalog_row_types
    _catalog_row_types = frozenset(oids)


def described_by_catalogs(oid: int) -> bool:
    """Is the type built from the catalogs (a user type or a catalog's row type or its
    array) rather than compiled in?"""
    return oid >= FIRST_CATALOG_TYPE_OID or oid in _catalog_row_types

_CATEGORY: dict[int, str] = {}
_DOMAIN_BASE: dict[int, tuple[int, int]] = {}
_ELEMENT: dict[int, int] = {}                   # array type -> element type
_EXTENSION_BASE: set[int] = set()               # base types an extension made (citext)
_loader: Callable[[int], None] = lambda oid: None


def set_loader(loader: Callable[[int], None]) -> None:
    """Install the function that records the facts of one user type OID (if it is one)."""
    global _loader
    _loader = loader


def record(oid: int, category: str, base: tuple[int, int] | None = None,
           element: int = 0, extension_base: bool = False) -> None:
    _CATEGORY[oid] = category
    if extension_base:
        _EXTENSION_BASE.add(oid)
    if base is not None:
        _DOMAIN_BASE[oid] = base
    if element:
        _ELEMENT[oid] = element


def clear() -> None:
    _CATEGORY.clear()
    _EXTENSION_BASE.clear()
    _DOMAIN_BASE.clear()
    _ELEMENT.clear()


def array_element(oid: int) -> int:
    """The element type of a user-defined array type ('_mood'), or 0."""
    return _ELEMENT.get(oid, 0) if _known(oid) else 0


def _known(oid: int) -> bool:
    if oid not in _CATEGORY and described_by_catalogs(oid):
        _loader(oid)
    return oid in _CATEGORY


def is_extension_base(oid: int) -> bool:
    """A base type an extension made: its values are Python objects of the extension's
    own kind (a binary-coercible cast to or from it makes the value again)."""
    return _known(oid) and oid in _EXTENSION_BASE


def category(oid: int) -> str | None:
    """The user type's typcategory, or None if `oid` is not a user-defined type."""
    return _CATEGORY[oid] if _known(oid) else None


def domain_base(oid: int) -> tuple[int, int] | None:
    """(base type, base typmod) of a domain, following domains over domains; None if
    `oid` is not a domain."""
    if not _known(oid):
        return None
    return _DOMAIN_BASE.get(oid)


def base_type(oid: int) -> int:
    """getBaseType: a domain's base type, any other type itself."""
    if oid < FIRST_CATALOG_TYPE_OID:
        return oid
    base = domain_base(oid)
    return oid if base is None else base[0]
