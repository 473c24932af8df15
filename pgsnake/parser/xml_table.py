"""XMLTABLE in FROM: analysed into a function range table entry whose `function` is an
XmlTableCall, scanned as PostgreSQL's Table Function Scan (datatypes/xml_table.py makes
the rows).

Entry points:
    transform_range_table_func(pstate, body) -> (rtindex, NamespaceItem)
    XmlTableCall                    the expression kept in RangeTableEntry.function

Invariants: XmlTableCall.args holds every sub-expression, so the generic walkers
(tree_mapping, the planner's rewrites, lateral parameters) see them: first the row
expression and the document, then one URI per namespace, then one PATH expression per
column (None: none given, or the ordinality column), then one DEFAULT per column
(None: none). `namespace_names[i]` is None for the DEFAULT namespace.

Rules (transformRangeTableFunc): the row and PATH expressions are coerced to text, the
document to xml, a DEFAULT to its column's type and typmod, each as an assignment (42804
naming XMLTABLE when there is no such coercion); column names must be unique (42601), one FOR ORDINALITY column at
most (42601, an integer column), namespace names unique and one DEFAULT namespace at
most (42601). The item is LATERAL: its expressions may use the FROM items to its left.
Its alias is "xmltable" unless one is given, whose column names then rename the columns
(more than there are columns: 42P10 "XMLTABLE function has ...").

PostgreSQL: parser/parse_clause.c (transformRangeTableFunc), parser/parse_relation.c
(addRangeTableEntryForTableFunc), utils/adt/ruleutils.c (get_tablefunc, for printing).
"""
from __future__ import annotations

import dataclasses

from pgsnake.datatypes.xml_table import XmlTableColumn
from pgsnake.parser.query import RangeTableEntry
from pgsnake.utils.errors import PgError, SYNTAX_ERROR

XML, TEXT, INT4, RECORD = 142, 25, 23, 2249


@dataclasses.dataclass(frozen=True, slots=True)
class XmlTableCall:
    """One XMLTABLE (PostgreSQL's TableFunc)."""
    args: tuple
    namespace_names: tuple
    columns: tuple                    # XmlTableColumn per column
    type_oid: int = RECORD
    function_name = None              # not one function: EXPLAIN names the scan "xmltable"
    returns_set = True

    @property
    def row_expr(self):
        return self.args[0]

    @property
    def document(self):
        return self.args[1]

    @property
    def namespace_uris(self) -> tuple:
        return self.args[2:2 + len(self.namespace_names)]

    @property
    def paths(self) -> tuple:
        start = 2 + len(self.namespace_names)
        return self.args[start:start + len(self.columns)]

    @property
    def defaults(self) -> tuple:
        return self.args[2 + len(self.namespace_names) + len(self.columns):]


def _coerced(pstate, node, type_oid: int, typmod: int = -1):
    from pgsnake.parser.coercion import coerce_to_type
    from pgsnake.parser.transform_expression import leftmost_location, transform_expression
    from pgsnake.datatypes import registry
    expr = transform_expression(pstate, node)
    result = coerce_to_type(pstate, expr, type_oid, typmod, "assignment")
    if result is None:
        raise PgError("42804", f"argument of XMLTABLE must be type "
                      f"{registry.format_type(type_oid)}, not type "
                      f"{registry.format_type(expr.type_oid)}",
                      position=pstate.position(leftmost_location(node)))
    return result


def _analyse(pstate, body) -> XmlTableCall:
    from pgsnake.parser.transform_expression import resolve_type_name
    row_expr = _coerced(pstate, body["rowexpr"], TEXT)
    document = _coerced(pstate, body["docexpr"], XML)
    names, uris = [], []
    has_default = False
    for target in body.get("namespaces") or ():
        target = target["ResTarget"]
        name = target.get("name")
        if name is None:
            if has_default:
                raise PgError(SYNTAX_ERROR, "only one default namespace is allowed",
                              position=pstate.position(target.get("location")))
            has_default = True
        elif name in names:
            raise PgError(SYNTAX_ERROR, f'namespace name "{name}" is not unique',
                          position=pstate.position(target.get("location")))
        names.append(name)
        uris.append(_coerced(pstate, target["val"], TEXT))
    columns, paths, defaults = [], [], []
    seen_ordinality = False
    for raw in body.get("columns") or ():
        raw = raw["RangeTableFuncCol"]
        name = raw["colname"]
        if raw.get("for_ordinality"):
            if seen_ordinality:
                raise PgError(SYNTAX_ERROR, "only one FOR ORDINALITY column is allowed",
                              position=pstate.position(raw.get("location")))
            seen_ordinality = True
            column = XmlTableColumn(name, INT4, -1, ordinality=True)
            path = default = None
        else:
            type_oid, typmod = resolve_type_name(pstate, raw["typeName"])
            column = XmlTableColumn(name, type_oid, typmod,
                                    not_null=bool(raw.get("is_not_null")))
            path = _coerced(pstate, raw["colexpr"], TEXT) if raw.get("colexpr") else None
            default = _coerced(pstate, raw["coldefexpr"], type_oid, typmod) \
                if raw.get("coldefexpr") else None
        if any(c.name == name for c in columns):
            raise PgError(SYNTAX_ERROR, f'column name "{name}" is not unique',
                          position=pstate.position(raw.get("location")))
        columns.append(column)
        paths.append(path)
        defaults.append(default)
    return XmlTableCall((row_expr, document, *uris, *paths, *defaults), tuple(names),
                        tuple(columns))


def transform_range_table_func(pstate, body):
    """Analyse an XMLTABLE FROM item and add its range table entry."""
    from pgsnake.parser import lateral
    from pgsnake.parser.relation_resolution import ParseState
    from pgsnake.rewrite import tree_mapping
    child = ParseState(pstate.source, parent=pstate)
    child.expression_kind = "functions in FROM"
    with lateral.function_scope(pstate):
        call = _analyse(child, body)
    # `child` is no query level of its own (as for a function call in FROM)
    call = tree_mapping.map_expression(
        call, lambda var, depth: dataclasses.replace(var, levels_up=var.levels_up - 1)
        if var.levels_up > depth else None)
    alias_node = body.get("alias")
    alias = alias_node["aliasname"] if alias_node else "xmltable"
    names = [c.name for c in call.columns]
    column_aliases = [c["String"]["sval"] for c in (alias_node or {}).get("colnames", ())]
    if len(column_aliases) > len(names):
        raise PgError("42P10", f"XMLTABLE function has {len(names)} columns available but "
                      f"{len(column_aliases)} columns specified")
    names[:len(column_aliases)] = column_aliases
    rte = RangeTableEntry("function", alias, names, [c.type_oid for c in call.columns],
                          [c.typmod for c in call.columns],
                          explicit_alias=alias_node is not None, function=call)
    rtindex, ns_item = pstate._add(rte)
    rte.lateral_relids = lateral.lateral_relids_of_expression(call)
    return rtindex, ns_item


def deparse(call: XmlTableCall, render) -> str:
    """The call as get_tablefunc prints it (views, EXPLAIN VERBOSE's "Table Function
    Call"); render(expr) -> the text of one sub-expression."""
    from pgsnake.datatypes import registry
    from pgsnake.utils.setting_values import quote_identifier
    text = "XMLTABLE("
    if call.namespace_names:
        text += "XMLNAMESPACES (" + ", ".join(
            f"{render(uri)} AS {quote_identifier(name)}" if name is not None
            else f"DEFAULT {render(uri)}"
            for name, uri in zip(call.namespace_names, call.namespace_uris)) + "), "
    text += f"({render(call.row_expr)}) PASSING ({render(call.document)})"
    parts = []
    for column, path, default in zip(call.columns, call.paths, call.defaults):
        if column.ordinality:
            parts.append(f"{quote_identifier(column.name)} FOR ORDINALITY")
            continue
        part = f"{quote_identifier(column.name)} " \
            f"{registry.format_type(column.type_oid, column.typmod)}"
        if default is not None:
            part += f" DEFAULT ({render(default)})"
        if path is not None:
            part += f" PATH ({render(path)})"
        if column.not_null:
            part += " NOT NULL"
        parts.append(part)
    if parts:
        text += " COLUMNS " + ", ".join(parts)
    return text + ")"
