"""CREATE DATABASE's locale and encoding: which LC_COLLATE / LC_CTYPE the new database
gets, and PostgreSQL 15's checks on them, in its order.

1. LOCALE sets both; LC_COLLATE / LC_CTYPE override it; what is not given is the
   template's. An empty name means the server's environment (setlocale(category, "")).
2. Each must be a locale pgsnake implements (utils/locale_names.py; 42809 "invalid locale
   name"), and is stored as setlocale spells it (POSIX is C).
3. An ENCODING other than UTF8 cannot go with a UTF-8 LC_CTYPE (22023, with the
   encoding the locale needs); with a C one it is pgsnake's own refusal (0A000: pgsnake
   databases are UTF8).
4. LOCALE_PROVIDER libc only: icu needs ICU_LOCALE (22023) and is then refused (0A000,
   pgsnake has no ICU); ICU_LOCALE without icu, or another provider, is 42P17.
5. A template other than template0 may only be copied with its own collation, LC_CTYPE
   and provider (22023, with the hint to use template0): its indexes are sorted by them.

Entry point: choose(options, template, template_name) -> (collate, ctype).

PostgreSQL: commands/dbcommands.c (createdb's locale handling,
check_encoding_locale_matches), utils/adt/pg_locale.c (check_locale).
"""
from __future__ import annotations

import os

from pgsnake.utils import locale_names
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, WRONG_OBJECT_TYPE, PgError

INVALID_PARAMETER_VALUE = "22023"
INVALID_OBJECT_DEFINITION = "42P17"
_HINT = "Use the same {what} as in the template database, or use template0 as template."


def _checked(name: str, category: str) -> str:
    wanted = name if name else locale_names.from_environment(category, os.environ)
    canonical = locale_names.canonical(wanted)
    if canonical is None:
        raise PgError(WRONG_OBJECT_TYPE, f'invalid locale name: "{name}"')
    return canonical


def _check_encoding(encoding: str | None, ctype: str) -> None:
    if encoding is None:
        return
    from pgsnake.utils.encoding_names import ENCODINGS, char_to_encoding
    number = char_to_encoding(encoding) if not encoding.isdigit() else int(encoding)
    if 0 <= number < len(ENCODINGS) and ENCODINGS[number] == "UTF8":
        return
    if not locale_names.is_c(ctype) and 0 <= number < len(ENCODINGS):
        raise PgError(INVALID_PARAMETER_VALUE,
                      f'encoding "{ENCODINGS[number]}" does not match locale "{ctype}"',
                      detail='The chosen LC_CTYPE setting requires encoding "UTF8".')
    raise PgError(FEATURE_NOT_SUPPORTED, f'encoding "{encoding}" is not supported yet '
                                         f'(pgsnake databases are UTF8)')


def _check_provider(options: dict) -> None:
    provider = options.get("locale_provider")
    if provider is not None and provider.lower() not in ("libc", "icu"):
        raise PgError(INVALID_OBJECT_DEFINITION, f"unrecognized locale provider: {provider}")
    if provider is not None and provider.lower() == "icu":
        if not options.get("icu_locale"):
            raise PgError(INVALID_PARAMETER_VALUE, "ICU locale must be specified")
        raise PgError(FEATURE_NOT_SUPPORTED, "ICU locales are not supported by pgsnake")
    if options.get("icu_locale"):
        raise PgError(INVALID_OBJECT_DEFINITION,
                      "ICU locale cannot be specified unless locale provider is ICU")


def choose(options: dict, template, template_name: str) -> tuple[str, str]:
    collate, ctype = template.datcollate, template.datctype
    if options.get("locale") is not None:
        collate = ctype = options["locale"]
    if options.get("lc_collate") is not None:
        collate = options["lc_collate"]
    if options.get("lc_ctype") is not None:
        ctype = options["lc_ctype"]
    collate = _checked(collate, "LC_COLLATE")
    ctype = _checked(ctype, "LC_CTYPE")
    _check_encoding(options.get("encoding"), ctype)
    _check_provider(options)
    if template_name != "template0":
        if collate != template.datcollate:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f"new collation ({collate}) is incompatible with the collation "
                          f"of the template database ({template.datcollate})",
                          hint=_HINT.format(what="collation"))
        if ctype != template.datctype:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f"new LC_CTYPE ({ctype}) is incompatible with the LC_CTYPE of "
                          f"the template database ({template.datctype})",
                          hint=_HINT.format(what="LC_CTYPE"))
    return collate, ctype
