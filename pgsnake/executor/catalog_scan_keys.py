"""A Seq Scan of a system catalog with `column = constant` (or a parameter, or
`column IN (...)` / `= ANY (array)` on an oid or int4) in its filter decodes only the
tuples whose column holds that value.

PostgreSQL answers `WHERE attrelid = 16384` on pg_attribute, `WHERE oid = ...` or
`WHERE relname = 't'` on pg_class and the like through its catalog indexes. pgsnake's
catalogs have none yet, so the scan still visits every page, but the equality on a
leading fixed-width column (an oid, int4 or name at the same offset in every tuple:
catalog_cache.key_prefilter) is tested on the raw tuple first, and the others are
neither checked for visibility nor decoded. The node's filter still runs on the rows
that pass: the prefilter only removes rows the filter would remove. A parameter's
value is read when the scan starts (a correlated subquery's scan starts again for
each outer row).

Entry point: prefilter_for(plan, estate) -> prefilter or None (executor/scan_nodes.py).

PostgreSQL: the effect of access/index/genam.c's systable_beginscan with a catalog index
(ScanKeys on the index's leading columns), without the index.
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache
from pgsnake.catalog import definitions
from pgsnake.parser.expression_nodes import Const, OpExpr, Param, ScalarArrayOpExpr, Var

# The equality operators between 4-byte keys (oid = oid, int4 = int4) and on names
# (name = name, name = text: bytewise under the name columns' C collation).
_EQUALITY_OPERATORS = frozenset({607, 96, 93, 254})


def prefilter_for(plan, estate=None):
    """A raw-tuple prefilter for a Seq Scan's filter, or None. With the executor state,
    a parameter's value at the start of the scan serves as the constant (a correlated
    subquery's `WHERE oid = outer.typrelid`, rescanned for each outer row)."""
    relation = plan.relation
    if plan.column_map is not None or not definitions.is_catalog(relation.oid):
        return None
    name = definitions.catalog_by_oid(relation.oid).name
    for clause in plan.qual or ():
        if isinstance(clause, ScalarArrayOpExpr):
            prefilter = _any_prefilter(clause, plan.rtindex, estate, name, relation)
            if prefilter is not None:
                return prefilter
            continue
        key = _key_of(clause, plan.rtindex, estate)
        if key is None:
            continue
        attnum, value = key
        if not 0 < attnum <= len(relation.attributes):
            continue
        try:
            prefilter = catalog_cache.key_prefilter(
                name, relation.attributes[attnum - 1].name, value)
        except ValueError:              # not at a fixed offset
            continue
        if prefilter is not None:
            return prefilter
    return None


def _key_of(clause, rtindex: int, estate):
    """(attnum, integer or name) of a `column = constant` (or parameter) clause on this
    scan's relation."""
    if not isinstance(clause, OpExpr) or clause.operator_oid not in _EQUALITY_OPERATORS:
        return None
    if clause.input_collation:            # an explicit COLLATE may not compare bytewise
        return None
    if len(clause.args) != 2:
        return None
    left, right = clause.args
    if isinstance(right, Var):
        left, right = right, left
    if not isinstance(left, Var) or left.rtindex != rtindex or left.levels_up:
        return None
    if isinstance(right, Const):
        value = right.value
    elif isinstance(right, Param) and estate is not None:
        value = _parameter_value(right, estate)
    else:
        return None
    if not isinstance(value, (int, str)) or isinstance(value, bool):
        return None
    return left.attnum, value


def _any_prefilter(clause, rtindex: int, estate, name: str, relation):
    """`column IN (constants)` / `column = ANY (array constant or parameter)` on an oid
    or int4 column compared with elements of its own type."""
    column = clause.arg
    if (clause.operator_name != "=" or not clause.use_or or not isinstance(column, Var)
            or column.rtindex != rtindex or column.levels_up
            or column.type_oid not in (23, 26) or clause.element_type != column.type_oid
            or not 0 < column.attnum <= len(relation.attributes)):
        return None
    if clause.array is None:
        if not all(isinstance(item, Const) for item in clause.items):
            return None
        values = [item.value for item in clause.items]
    elif isinstance(clause.array, Const):
        values = clause.array.value
    elif isinstance(clause.array, Param) and estate is not None:
        values = _parameter_value(clause.array, estate)
    else:
        return None
    if not isinstance(values, (list, tuple)) or any(isinstance(v, (list, tuple)) for v in values):
        return None
    try:
        return catalog_cache.key_prefilter_any(
            name, relation.attributes[column.attnum - 1].name, list(values))
    except ValueError:
        return None


def _parameter_value(param, estate):
    if param.kind == "exec":
        return estate.exec_params.get(param.number)
    params = getattr(estate, "params", None) or ()
    return params[param.number - 1] if 0 < param.number <= len(params) else None
