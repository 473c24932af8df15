"""WITH RECURSIVE ... SEARCH DEPTH FIRST BY ... SET col and CYCLE ... SET mark USING path:
the clauses rewritten into the recursive query itself, before it is analysed.

Entry point: rewrite_search_cycle(pstate, node, transform_select) -> node
    `node` is the raw CommonTableExpr (pglast JSON) of a WITH RECURSIVE item with a
    search_clause and / or cycle_clause; the result is a copy without them whose query
    computes the added columns, so the rest of the analyser and the planner see an
    ordinary recursive query.

The shape (what PostgreSQL's rewriteSearchAndCycle builds from the analysed tree):
    non-recursive term L  ->  SELECT "*l".*, <L extras> FROM (L) AS "*l"(cols)
    recursive term R      ->  SELECT "*r".cols..., <R extras>
                              FROM (SELECT <R's targets>, s.seq, s.mark, s.path
                                    FROM <R's FROM> WHERE <R's WHERE> AND s.mark <> cmv)
                                   AS "*r"(cols, "*seq*", "*mark*", "*path*")
where s is the self-reference in R's FROM list. The extras, in this order:
    SEARCH DEPTH FIRST:  ARRAY[ROW(search cols)]         /  "*seq*" || ARRAY[ROW(...)]
    CYCLE (mark):        the default                     /  CASE WHEN ROW(cycle cols) =
                                                            ANY("*path*") THEN cmv ELSE cmd END
    CYCLE (path):        ARRAY[ROW(cycle cols)]          /  "*path*" || ARRAY[ROW(...)]
The query's column names are its own (or the alias list's) followed by the new names.

    SEARCH BREADTH FIRST: ROW(0::int8, search cols)  /  ROW(depth of "*seq*" + 1, ...)
Where we differ from PostgreSQL: EXPLAIN
VERBOSE and pg_get_viewdef show the rewritten query; the errors checked are the clause's
own (column not in the list or named twice, WITH not recursive, mark and path named
alike, a new name already a column, a mark type without equality), with the UNION's two sides plain SELECTs and no WITH of the recursive
term's own (0A000); a mark and default of
different types fail as the comparison of the two (42883) rather than as PostgreSQL's
common-type coercion does.

PostgreSQL: parser/parse_cte.c (analyzeCTE's SEARCH / CYCLE checks),
rewrite/rewriteSearchCycle.c (rewriteSearchAndCycle).
"""
from __future__ import annotations

import copy
import json

import pglast.parser as _pglast

from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, SYNTAX_ERROR, PgError

DUPLICATE_COLUMN = "42701"
_L, _R = "*l", "*r"
_SEQ, _MARK, _PATH = "*seq*", "*mark*", "*path*"
_DEPTH = "__q10_depth"          # placeholder of the BREADTH FIRST row's depth field
INT8_OID = 20


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _parse_select(sql: str) -> dict:
    return json.loads(_pglast.parse_sql_json(sql))["stmts"][0]["stmt"]["SelectStmt"]


def _names(items) -> list[str]:
    return [c["String"]["sval"] for c in items or ()]


def _column_names(pstate, node: dict, transform_select) -> list[str]:
    """The WITH query's column names: its alias list, else the non-recursive term's
    output names (analysed once here for them), as analyzeCTE has them."""
    from pgsnake.parser.relation_resolution import ParseState
    aliases = _names(node.get("aliascolnames"))
    left = node["ctequery"]["SelectStmt"]["larg"]
    child = ParseState(pstate.source, parent=pstate)
    child.sees_parent = False
    outputs = transform_select(child, copy.deepcopy(left)).output_columns()
    return aliases + [t.name for t in outputs[len(aliases):]]


def _self_reference(from_clause, name: str) -> str | None:
    """The name R's FROM list knows the query itself by (its alias, else its name)."""
    stack = list(from_clause or ())
    while stack:
        item = stack.pop()
        if "RangeVar" in item:
            var = item["RangeVar"]
            if var.get("relname") == name and not var.get("schemaname"):
                return (var.get("alias") or {}).get("aliasname", name)
        elif "JoinExpr" in item:
            stack += [item["JoinExpr"]["larg"], item["JoinExpr"]["rarg"]]
    return None


def _nested_reference(tree, name: str):
    """The location of a RangeVar naming the query anywhere in `tree` (a sublink's)."""
    if isinstance(tree, list):
        for item in tree:
            found = _nested_reference(item, name)
            if found is not None:
                return found
    elif isinstance(tree, dict):
        var = tree.get("RangeVar")
        if var is not None and var.get("relname") == name and not var.get("schemaname"):
            return var.get("location")
        for value in tree.values():
            found = _nested_reference(value, name)
            if found is not None:
                return found
    return None


def _check_mark_types(pstate, cycle: dict) -> None:
    """TO value DEFAULT value: the two must have a common type (42804 "CYCLE types ...
    cannot be matched" at the default)."""
    from pgsnake.datatypes.type_coercion import common_type
    from pgsnake.parser.coercion import UNKNOWN_OID
    from pgsnake.parser.relation_resolution import ParseState
    from pgsnake.parser.transform_expression import transform_expression
    child = ParseState(pstate.source, parent=pstate)
    values = [transform_expression(child, copy.deepcopy(cycle[key]))
              for key in ("cycle_mark_value", "cycle_mark_default")]
    try:
        common_type([UNKNOWN_OID if v.type_oid == 0 else v.type_oid for v in values], "CYCLE")
    except PgError as err:
        if err.position is None:
            err.position = pstate.position(_leftmost(cycle["cycle_mark_default"]))
        raise


def _leftmost(node):
    from pgsnake.parser.transform_expression import leftmost_location
    return leftmost_location(node)


def _replace(tree, placeholders: dict):
    """`tree` with every ColumnRef naming one of `placeholders` replaced by its node."""
    if isinstance(tree, list):
        return [_replace(v, placeholders) for v in tree]
    if isinstance(tree, dict):
        ref = tree.get("ColumnRef")
        if ref is not None and len(ref.get("fields", ())) == 1:
            field = ref["fields"][0].get("String", {}).get("sval")
            if field in placeholders:
                return copy.deepcopy(placeholders[field])
        return {k: _replace(v, placeholders) for k, v in tree.items()}
    return tree


def rewrite_search_cycle(pstate, node: dict, recursive: bool, transform_select) -> dict:
    search = node.get("search_clause")
    cycle = node.get("cycle_clause")
    location = pstate.position((search or cycle).get("location"))
    body = node["ctequery"].get("SelectStmt")
    if not recursive or body is None or body.get("op") != "SETOP_UNION":
        raise PgError(SYNTAX_ERROR, "WITH query is not recursive",
                      position=pstate.position(node.get("location")))
    for side in ("larg", "rarg"):
        if body[side].get("op", "SETOP_NONE") != "SETOP_NONE" or body[side].get("valuesLists"):
            raise PgError(FEATURE_NOT_SUPPORTED if side == "larg" else SYNTAX_ERROR,
                          "with a SEARCH or CYCLE clause, the "
                          f"{'left' if side == 'larg' else 'right'} side of the UNION must "
                          "be a SELECT")
    name = node["ctename"]
    columns = _column_names(pstate, node, transform_select)
    added: list[str] = []
    if search is not None:
        seen: list = []
        for column in _names(search["search_col_list"]):
            if column not in columns:
                raise PgError(SYNTAX_ERROR, f'search column "{column}" not in WITH query '
                              'column list', position=location)
            if column in seen:
                raise PgError(DUPLICATE_COLUMN, f'search column "{column}" specified more '
                              'than once', position=location)
            seen.append(column)
        if search["search_seq_column"] in columns:
            raise PgError(SYNTAX_ERROR, f'search sequence column name '
                          f'"{search["search_seq_column"]}" already used in WITH query '
                          'column list', position=location)
        added.append(search["search_seq_column"])
    if cycle is not None:
        seen = []
        for column in _names(cycle["cycle_col_list"]):
            if column not in columns:
                raise PgError(SYNTAX_ERROR, f'cycle column "{column}" not in WITH query '
                              'column list', position=location)
            if column in seen:
                raise PgError(DUPLICATE_COLUMN, f'cycle column "{column}" specified more '
                              'than once', position=location)
            seen.append(column)
        for kind, new in (("mark", cycle["cycle_mark_column"]),
                          ("path", cycle["cycle_path_column"])):
            if new in columns:
                raise PgError(SYNTAX_ERROR, f'cycle {kind} column name "{new}" already used '
                              'in WITH query column list', position=location)
        if cycle["cycle_mark_column"] == cycle["cycle_path_column"]:
            raise PgError(SYNTAX_ERROR, "cycle mark column name and cycle path column name "
                          "are the same", position=location)
        added += [cycle["cycle_mark_column"], cycle["cycle_path_column"]]
    if search is not None and search["search_seq_column"] in added[1:]:
        raise PgError(SYNTAX_ERROR, "search sequence column name and cycle mark column "
                      "name are the same" if search["search_seq_column"] == added[1] else
                      "search sequence column name and cycle path column name are the same",
                      position=location)
    for new in added:
        if new in columns:
            raise PgError(DUPLICATE_COLUMN, f'column "{new}" specified more than once',
                          position=location)
    right = body["rarg"]
    self_name = _self_reference(right.get("fromClause"), name)
    if right.get("withClause"):
        # (a WITH of the recursive term may hide the query's name: not rewritten)
        raise PgError(FEATURE_NOT_SUPPORTED, "with a SEARCH or CYCLE clause, the recursive "
                      f'reference to WITH query "{name}" must be at the top level of its '
                      "right-hand SELECT")
    if self_name is None:
        nested = _nested_reference(right, name)
        if nested is not None:        # the recursive query's own check comes first
            raise PgError("42P19", f'recursive reference to query "{name}" must not appear '
                          "within a subquery", position=pstate.position(nested))
        raise PgError(FEATURE_NOT_SUPPORTED, "with a SEARCH or CYCLE clause, the recursive "
                      "reference must be in the FROM list of the recursive term",
                      position=location)
    if cycle is not None and cycle.get("cycle_mark_value") is not None:
        _check_mark_types(pstate, cycle)

    def row(alias: str, names) -> str:
        return "ROW(" + ", ".join(f"{_quote(alias)}.{_quote(c)}" for c in names) + ")"

    col_list = ", ".join(_quote(c) for c in columns)
    left_extra, right_extra, carried = [], [], []
    if search is not None:
        search_cols = _names(search["search_col_list"])
        if search.get("search_breadth_first"):
            # ROW(depth, cols): the depth is field 1 of the row the self-reference carries
            fields = "".join(f", {_quote(_L)}.{_quote(c)}" for c in search_cols)
            left_extra.append(f"ROW(0::pg_catalog.int8{fields})")
            fields = "".join(f", {_quote(_R)}.{_quote(c)}" for c in search_cols)
            right_extra.append(f"ROW({_DEPTH} + 1{fields})")
        else:
            left_extra.append(f"ARRAY[{row(_L, search_cols)}]")
            right_extra.append(f"{_quote(_R)}.{_quote(_SEQ)} || ARRAY[{row(_R, search_cols)}]")
        carried.append((search["search_seq_column"], _SEQ))
    mark_check = None
    if cycle is not None:
        cycle_cols = _names(cycle["cycle_col_list"])
        has_values = cycle.get("cycle_mark_value") is not None
        left_extra.append("__q7_default" if has_values else "false")
        mark, default = ("__q7_mark", "__q7_default") if has_values else ("true", "false")
        right_extra.append(f"CASE WHEN {row(_R, cycle_cols)} = ANY({_quote(_R)}."
                           f"{_quote(_PATH)}) THEN {mark} ELSE {default} END")
        left_extra.append(f"ARRAY[{row(_L, cycle_cols)}]")
        right_extra.append(f"{_quote(_R)}.{_quote(_PATH)} || ARRAY[{row(_R, cycle_cols)}]")
        carried += [(cycle["cycle_mark_column"], _MARK), (cycle["cycle_path_column"], _PATH)]
        mark_check = (f"{_quote(self_name)}.{_quote(cycle['cycle_mark_column'])} "
                      f"<> {mark}")
    placeholders = {_DEPTH: {"PgsnakeDepthField": {"arg": _parse_select(
        f"SELECT {_quote(_R)}.{_quote(_SEQ)}")["targetList"][0]["ResTarget"]["val"]}}}
    if cycle is not None and cycle.get("cycle_mark_value") is not None:
        placeholders.update({"__q7_mark": cycle["cycle_mark_value"],
                             "__q7_default": cycle["cycle_mark_default"]})
    new_left = _parse_select(
        f"SELECT {_quote(_L)}.*, {', '.join(left_extra)} FROM (SELECT 1) AS "
        f"{_quote(_L)}({col_list})")
    new_left["fromClause"][0]["RangeSubselect"]["subquery"] = {"SelectStmt": body["larg"]}
    inner = dict(right)
    inner["targetList"] = list(right.get("targetList") or ()) + [
        {"ResTarget": {"val": _parse_select(
            f"SELECT {_quote(self_name)}.{_quote(new)}")["targetList"][0]["ResTarget"]["val"]}}
        for new, _ in carried]
    if mark_check is not None:
        check = _parse_select(f"SELECT 1 WHERE {mark_check}")["whereClause"]
        check = _replace(check, placeholders)
        where = inner.get("whereClause")
        inner["whereClause"] = check if where is None else {"BoolExpr": {
            "boolop": "AND_EXPR", "args": [where, check]}}
    hidden = ", ".join(_quote(h) for _, h in carried)
    new_right = _parse_select(
        f"SELECT {', '.join(f'{_quote(_R)}.{_quote(c)}' for c in columns)}, "
        f"{', '.join(right_extra)} FROM (SELECT 1) AS {_quote(_R)}({col_list}, {hidden})")
    new_right["fromClause"][0]["RangeSubselect"]["subquery"] = {"SelectStmt": inner}
    new_left = _replace(new_left, placeholders)
    new_right = _replace(new_right, placeholders)
    new_body = dict(body, larg=new_left, rarg=new_right)
    out = {k: v for k, v in node.items() if k not in ("search_clause", "cycle_clause")}
    out["ctequery"] = {"SelectStmt": new_body}
    out["aliascolnames"] = [{"String": {"sval": c}} for c in columns + added]
    if cycle is not None:
        # its type needs an equality operator (checked once the query is analysed: cte.py)
        out["pgsnake_cycle_mark"] = cycle["cycle_mark_column"]
    return out


def transform_depth_field(pstate, body: dict):
    """The depth of a SEARCH BREADTH FIRST row: its first field (PostgreSQL's
    "*DEPTH*"), an int8, of a record the analyser knows no fields of."""
    from pgsnake.parser.composite_expressions import FieldSelect
    from pgsnake.parser.transform_expression import transform_expression
    return FieldSelect(transform_expression(pstate, body["arg"]), 0, "*DEPTH*", INT8_OID)
