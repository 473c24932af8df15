"""CREATE COLLATION, ALTER COLLATION (REFRESH VERSION, RENAME TO, OWNER TO, SET SCHEMA).

CREATE COLLATION name FROM existing copies the collation's provider, locales,
determinism and encoding ("default" cannot be copied: 42P17). Otherwise the options
(LOCALE, LC_COLLATE, LC_CTYPE, PROVIDER, DETERMINISTIC, VERSION; names compared
exactly, each at most once: 42601 with the option's position) give: provider libc
(default) or icu; LOCALE sets both libc locales (or the ICU locale), LC_COLLATE /
LC_CTYPE one each and not with LOCALE; libc needs both (42P17), ICU the locale.
DETERMINISTIC false is for ICU only (0A000). A libc collation is for the database's
encoding (UTF8), an ICU one for any (-1). The version recorded is the library's unless
VERSION names one. After the row is written, locales other than C / POSIX are loaded as
pg_newlocale_from_collation does: one the system lacks is 22023 "could not create locale"
(only C, POSIX and C.<utf8> exist for pgsnake: utils/locale_names.py); a recorded version
where the library has none is XX000.

ALTER COLLATION ... REFRESH VERSION records the library's version now (NOTICE "version
has not changed" or "changing version from a to b"); RENAME TO / SET SCHEMA refuse a name
taken in the schema (42710); OWNER TO is owner_commands.py's, as for other objects. DROP COLLATION is
drop_other_objects.py's; a column's collation is recorded in pg_depend
(catalog/heap_creation.py), so DROP refuses (2BP01) or with CASCADE drops the column.

Where we differ from PostgreSQL: ICU collations are refused as in a PostgreSQL built
without ICU (0A000 "ICU is not supported in this build"), and initdb imports none; a libc
collation orders strings by code point whatever its LC_COLLATE (the only orders the
accepted locales have), and its LC_CTYPE decides case mapping (parser/collations.py).

Entry points: execute_create_collation(node, raw) (DefineStmt OBJECT_COLLATION),
execute_alter_collation(node) (AlterCollationStmt), rename(node), set_schema(node),
owner_commands.py has OWNER TO.

PostgreSQL: commands/collationcmds.c (DefineCollation, AlterCollation,
IsThereCollationInNamespace), catalog/pg_collation.c (CollationCreate),
utils/adt/pg_locale.c (pg_newlocale_from_collation, report_newlocale_failure).
"""
from __future__ import annotations

import os

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import collation_creation, object_permissions
from pgsnake.commands import def_elem, define_statement, utility_statement
from pgsnake.utils import locale_names, notices
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

SYNTAX_ERROR = "42601"
INVALID_OBJECT_DEFINITION = "42P17"
DUPLICATE_OBJECT = "42710"
_OPTIONS = ("from", "locale", "lc_collate", "lc_ctype", "provider", "deterministic",
            "version")


def _names(items) -> list[str]:
    return [item["String"]["sval"] for item in items]


def _boolean(element: dict) -> bool:
    """defGetBoolean."""
    if element.get("arg") is None:
        return True
    (kind, body), = element["arg"].items()
    if kind == "Integer" and body.get("ival", 0) in (0, 1):
        return body.get("ival", 0) == 1
    if kind == "Boolean":
        return bool(body.get("boolval"))
    text = def_elem.def_get_string(element).lower()
    if text in ("true", "on"):
        return True
    if text in ("false", "off"):
        return False
    raise PgError(SYNTAX_ERROR, f'{element["defname"]} requires a Boolean value')


def _namespace_for(names: list[str]) -> int:
    return object_permissions.creation_namespace_checked(names)


def _options(node: dict, position) -> dict:
    found: dict = {}
    for item in node.get("definition") or ():
        element = item["DefElem"]
        name = element["defname"]
        where = position(element.get("location"))
        if name not in _OPTIONS:
            raise PgError(SYNTAX_ERROR, f'collation attribute "{name}" not recognized',
                          position=where)
        if name in found:
            raise PgError(SYNTAX_ERROR, "conflicting or redundant options", position=where)
        found[name] = element
    if "locale" in found and ("lc_collate" in found or "lc_ctype" in found):
        raise PgError(SYNTAX_ERROR, "conflicting or redundant options",
                      detail="LOCALE cannot be specified together with LC_COLLATE or "
                             "LC_CTYPE.")
    if "from" in found and len(found) != 1:
        raise PgError(SYNTAX_ERROR, "conflicting or redundant options",
                      detail="FROM cannot be specified together with any other options.")
    return found


def _definition(found: dict) -> dict:
    """The new row's provider, determinism, encoding, locales and version."""
    if "from" in found:
        source = collation_creation.lookup(_names(found["from"]["arg"]["List"]["items"]))
        if source.collprovider == "d":
            raise PgError(INVALID_OBJECT_DEFINITION, 'collation "default" cannot be copied')
        return dict(provider=source.collprovider,
                    deterministic=source.collisdeterministic,
                    encoding=source.collencoding, collate=source.collcollate,
                    ctype=source.collctype, icu_locale=source.colliculocale, version=None)
    provider = "c"
    if "provider" in found:
        word = def_elem.def_get_string(found["provider"])
        if word.lower() not in ("icu", "libc"):
            raise PgError(INVALID_OBJECT_DEFINITION,
                          f"unrecognized collation provider: {word}")
        provider = "i" if word.lower() == "icu" else "c"
    deterministic = _boolean(found["deterministic"]) if "deterministic" in found else True
    version = def_elem.def_get_string(found["version"]) if "version" in found else None
    collate = ctype = icu_locale = None
    if "locale" in found:
        if provider == "c":
            collate = ctype = def_elem.def_get_string(found["locale"])
        else:
            icu_locale = def_elem.def_get_string(found["locale"])
    if "lc_collate" in found:
        collate = def_elem.def_get_string(found["lc_collate"])
    if "lc_ctype" in found:
        ctype = def_elem.def_get_string(found["lc_ctype"])
    if provider == "c":
        for value, parameter in ((collate, "lc_collate"), (ctype, "lc_ctype")):
            if value is None:
                raise PgError(INVALID_OBJECT_DEFINITION,
                              f'parameter "{parameter}" must be specified')
    elif icu_locale is None:
        raise PgError(INVALID_OBJECT_DEFINITION, 'parameter "locale" must be specified')
    if not deterministic and provider != "i":
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "nondeterministic collations not supported with this provider")
    if provider == "i":
        raise PgError(FEATURE_NOT_SUPPORTED, "ICU is not supported in this build",
                      hint="You need to rebuild PostgreSQL using --with-icu.")
    return dict(provider=provider, deterministic=deterministic,
                encoding=collation_creation.UTF8, collate=collate, ctype=ctype,
                icu_locale=None, version=version)


def _is_c(name: str | None) -> bool:
    """lc_collate_is_c / lc_ctype_is_c: the names that need no locale loaded."""
    return name in ("C", "POSIX")


def _load_locales(name: str, spec: dict) -> None:
    """pg_newlocale_from_collation's checks on a new libc collation."""
    collate, ctype = spec["collate"], spec["ctype"]
    if spec["provider"] != "c" or (_is_c(collate) and _is_c(ctype)):
        return
    for locale, category in ((collate, "LC_COLLATE"), (ctype, "LC_CTYPE")):
        wanted = locale if locale else locale_names.from_environment(category, os.environ)
        if locale_names.canonical(wanted) is None:
            raise PgError("22023", f'could not create locale "{locale}": No such file or '
                                   f'directory',
                          detail="The operating system could not find any locale data for "
                                 f'the locale name "{locale}".')
        if collate == ctype:
            break
    actual = collation_creation.actual_version(spec["provider"], collate)
    recorded = spec["version"]
    if recorded is not None and actual is None:
        raise PgError("XX000", f'collation "{name}" has no actual version, but a version '
                               'was recorded')
    if recorded is not None and recorded != actual:
        notices.emit("01000", f'collation "{name}" has version mismatch', severity="WARNING",
                     detail=f"The collation in the database was created using version "
                            f"{recorded}, but the operating system provides version "
                            f"{actual}.",
                     hint=f"Rebuild all objects affected by this collation and run ALTER "
                          f"COLLATION {_qualified(name)} REFRESH VERSION, or build "
                          f"PostgreSQL with the right library version.")


def _qualified(name: str) -> str:
    return cc.quote_identifier(name)


def execute_create_collation(node: dict, raw) -> str:
    names = _names(node["defnames"])
    namespace = _namespace_for(names)

    def position(location):
        return raw.source.position(location) if raw.source is not None else None
    spec = _definition(_options(node, position))
    if spec["version"] is None:
        spec["version"] = collation_creation.actual_version(
            spec["provider"], spec["icu_locale"] if spec["provider"] == "i" else spec["collate"])
    name = names[-1]
    taken = collation_creation.clash(name, namespace, spec["encoding"])
    if taken is not None:
        if node.get("if_not_exists"):
            notices.emit(DUPLICATE_OBJECT, taken + ", skipping")
            return "CREATE COLLATION"
        raise PgError(DUPLICATE_OBJECT, taken)
    collation_creation.create(name, namespace, spec["provider"], spec["deterministic"],
                              spec["encoding"], spec["collate"], spec["ctype"],
                              spec["icu_locale"], spec["version"])
    _load_locales(name, spec)
    return "CREATE COLLATION"


def _owned(names: list[str]):
    row = collation_creation.lookup(names)
    from pgsnake.commands.owner_commands import is_owner, not_owner
    from pgsnake.commands import role_commands
    if not role_commands.is_superuser() and not is_owner(row.collowner):
        raise not_owner("collation", ".".join(names))
    return row


def execute_alter_collation(node: dict) -> str:
    """ALTER COLLATION ... REFRESH VERSION."""
    names = _names(node["collname"])
    row = _owned(names)
    old = row.collversion
    new = collation_creation.actual_version(
        row.collprovider, row.colliculocale if row.collprovider == "i" else row.collcollate)
    if (old is None) != (new is None):
        raise PgError("XX000", "invalid collation version change")
    if old is not None and old != new:
        notices.emit("00000", f"changing version from {old} to {new}")
        collation_creation.update(row.oid, collversion=new)
    else:
        notices.emit("00000", "version has not changed")
    return "ALTER COLLATION"


def _check_free(name: str, namespace: int) -> None:
    where = f' in schema "{cc.namespace_name(namespace)}"'
    taken = collation_creation.clash(name, namespace, collation_creation.UTF8, where)
    if taken is not None:
        raise PgError(DUPLICATE_OBJECT, taken)


def rename(node: dict) -> str:
    names = _names(node["object"]["List"]["items"])
    row = _owned(names)
    object_permissions.check_namespace_create(row.collnamespace)
    _check_free(node["newname"], row.collnamespace)
    collation_creation.update(row.oid, collname=node["newname"])
    return "ALTER COLLATION"


def set_schema(node: dict) -> str:
    names = _names(node["object"]["List"]["items"])
    row = _owned(names)
    namespace = cc.get_namespace_oid(node["newschema"])
    if namespace is None:
        raise PgError("3F000", f'schema "{node["newschema"]}" does not exist')
    if namespace == row.collnamespace:
        return "ALTER COLLATION"
    object_permissions.check_namespace_create(namespace)
    _check_free(row.collname, namespace)
    collation_creation.update(row.oid, collnamespace=namespace)
    return "ALTER COLLATION"


define_statement.register_kind("OBJECT_COLLATION", execute_create_collation)
utility_statement.register("AlterCollationStmt", "ALTER COLLATION",
                           lambda node, raw: execute_alter_collation(node))
