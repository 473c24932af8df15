"""What a GiST index's catalog rows take that a B-tree's do not: the reloptions
(fillfactor, buffering) and the column options it refuses. Its columns store the
operator classes' key types (gin_index_catalog.stored_columns serves both: box for
point_ops / circle_ops / poly_ops, the range type for multirange_ops).

Entry points: GIST, check_spec(spec), reloptions(options) -> [text] (as
pg_class.reloptions stores them, in the order written).

PostgreSQL: access/gist/gistutil.c (gistoptions), commands/indexcmds.c
(ComputeIndexAttrs' amcan* checks).
"""
from __future__ import annotations

from pgsnake.access.common import reloptions as relopts
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

GIST = 783


def check_spec(spec) -> None:
    """What GiST cannot do (amcanunique and amcanorder are false)."""
    if spec.unique:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      'access method "gist" does not support unique indexes')
    if any(options for _name, options in spec.key_columns):
        raise PgError(FEATURE_NOT_SUPPORTED,
                      'access method "gist" does not support ASC/DESC options')


def reloptions(options) -> list[str]:
    """pg_class.reloptions in the order written, checked (fillfactor, buffering: the
    build leaves the rest of each page free; buffering is otherwise ignored)."""
    return relopts.as_texts(relopts.checked(options, relopts.GIST))
