"""What a GiST index's catalog rows take that a B-tree's do not: the reloptions
(fillfactor, buffering) and the column options it refuses. Its columns store the
operator classes' key types (gin_index_catalog.stored_columns serves both: box for
point_ops / circle_ops / poly_ops, the range type for multirange_ops).

Entry points: GIST, check_spec(spec), fillfactor(options) -> int | None,
reloptions(options) -> [text] (as pg_class.reloptions stores them, in the order
written).

PostgreSQL: access/gist/gistutil.c (gistoptions), commands/indexcmds.c
(ComputeIndexAttrs' amcan* checks).
"""
from __future__ import annotations

from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE, PgError

GIST = 783


def check_spec(spec) -> None:
    """What GiST cannot do (amcanunique and amcanorder are false)."""
    if spec.unique:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      'access method "gist" does not support unique indexes')
    if any(options for _name, options in spec.key_columns):
        raise PgError(FEATURE_NOT_SUPPORTED,
                      'access method "gist" does not support ASC/DESC options')


def _text(arg: dict) -> str:
    if "TypeName" in arg:
        return arg["TypeName"]["names"][-1]["String"]["sval"]
    if "String" in arg:
        return arg["String"].get("sval", "")
    if "Integer" in arg:
        return str(arg["Integer"].get("ival", 0))
    return ""


def reloptions(options) -> list[str]:
    """pg_class.reloptions in the order written (checked by fillfactor() first)."""
    fillfactor(options)
    return [f"{o['DefElem']['defname']}={_text(o['DefElem'].get('arg', {}))}"
            for o in options or ()]


def fillfactor(options) -> int | None:
    """WITH (fillfactor = n, buffering = on | off | auto): the fill factor (the build
    leaves the rest of each page free); buffering is checked and otherwise ignored."""
    value = None
    for wrapped in options or ():
        option = wrapped["DefElem"]
        name, arg = option["defname"], option.get("arg", {})
        if name == "fillfactor":
            number = arg.get("Integer", {}).get("ival")
            if number is None or not 10 <= number <= 100:
                raise PgError(INVALID_PARAMETER_VALUE,
                              f'value {number if number is not None else _text(arg)} out of '
                              f'bounds for option "fillfactor"',
                              detail='Valid values are between "10" and "100".')
            value = number
        elif name == "buffering":
            text = _text(arg)
            if text.lower() not in ("on", "off", "auto"):
                raise PgError(INVALID_PARAMETER_VALUE,
                              f'invalid value for enum option "buffering": {text}',
                              detail='Valid values are "on", "off", and "auto".')
        else:
            raise PgError(INVALID_PARAMETER_VALUE, f'unrecognized parameter "{name}"')
    return value
