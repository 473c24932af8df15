"""SQL/XML expressions: XMLELEMENT, XMLFOREST, XMLCONCAT, XMLPARSE, XMLPI, XMLROOT,
IS DOCUMENT (the grammar's XmlExpr) and XMLSERIALIZE, analysed into function calls
whose work is datatypes/xml_type.py's.

Rules (transformXmlExpr, transformXmlSerialize):
 1. XMLELEMENT's and XMLFOREST's names, and attribute names, are SQL identifiers mapped
    to XML names; an unnamed attribute or forest item must be a column reference (its
    column name), else 42601; an attribute name used twice is 42712.
 2. Content and attribute values are mapped from their SQL types (xml as it is, other
    values' text escaped); NULL content is left out, a NULL attribute too.
 3. XMLCONCAT's and XMLROOT's arguments are coerced to xml, XMLPARSE's and XMLPI's
    content to text; XMLSERIALIZE's result is the named string type.

PostgreSQL: parser/parse_expr.c (transformXmlExpr, transformXmlSerialize),
executor/execExprInterp.c (ExecEvalXmlExpr).
"""
from __future__ import annotations

from pgsnake.datatypes import registry, xml_type
from pgsnake.parser.expression_nodes import FuncExpr
from pgsnake.utils.errors import PgError

XML, TEXT, BOOL = 142, 25, 16


def transform_xml_expr(pstate, body):
    from pgsnake.parser.transform_expression import transform_expression
    from pgsnake.parser.coercion import coerce_or_error
    op = body["op"]
    position = pstate.position(body.get("location"))

    def coerced(node, type_oid, construct=_CONSTRUCTS.get(op, "XML")):
        return coerce_to_specific(pstate, transform_expression(pstate, node), type_oid,
                                  construct, node)

    if op in ("IS_XMLELEMENT", "IS_XMLFOREST"):
        names, exprs, locations = [], [], []
        for target in body.get("named_args") or ():
            target = target["ResTarget"]
            locations.append(target.get("location"))
            expr = transform_expression(pstate, target["val"])
            name = target.get("name")
            if name is None:
                column = target["val"].get("ColumnRef")
                if column is None or "String" not in column["fields"][-1]:
                    what = "attribute" if op == "IS_XMLELEMENT" else "element"
                    raise PgError("42601", f"unnamed XML {what} value must be a column "
                                  "reference", position=pstate.position(target.get("location")))
                name = column["fields"][-1]["String"]["sval"]
            names.append(xml_type.xml_name(name))
            exprs.append(_resolve_unknown(pstate, expr))
        if op == "IS_XMLFOREST":
            return _forest(names, exprs)
        seen = set()
        for name, location in zip(names, locations):
            if name in seen:
                raise PgError("42601", f'XML attribute name "{name}" appears more than once',
                              position=pstate.position(location))
            seen.add(name)
        contents = [_resolve_unknown(pstate, transform_expression(pstate, a))
                    for a in body.get("args") or ()]
        return _element(xml_type.xml_name(body["name"]), names, exprs, contents)
    args = body.get("args") or ()
    if op == "IS_XMLCONCAT":
        exprs = [coerced(a, XML) for a in args]
        return _call("xmlconcat", exprs, XML, lambda *values: xml_type.concat(list(values)))
    if op == "IS_XMLPARSE":
        document = body.get("xmloption") == "XMLOPTION_DOCUMENT"
        text = coerced(args[0], TEXT)
        return _call("xmlparse", [text], XML,
                     lambda value: None if value is None else xml_type.parse(value, document))
    if op == "IS_XMLPI":
        target = xml_type.xml_name(body["name"])
        exprs = [coerced(a, TEXT) for a in args]

        def make_pi(content=None):
            if exprs and content is None:
                xml_type.pi(target, "")             # the target is checked all the same
                return None
            return xml_type.pi(target, content)
        return _call("xmlpi", exprs, XML, make_pi)
    if op == "IS_XMLROOT":
        value = coerced(args[0], XML)
        version_node = args[1]
        version = None if version_node.get("A_Const", {}).get("isnull") else \
            coerced(version_node, TEXT)
        standalone = args[2]["A_Const"]["ival"].get("ival", 0)
        exprs = [value] + ([version] if version is not None else [])

        def make_root(xml_value, version_value=None):
            if xml_value is None:
                return None
            return xml_type.root(xml_value, version_value, standalone)
        return _call("xmlroot", exprs, XML, make_root)
    if op == "IS_DOCUMENT":
        value = coerced(args[0], XML)
        return _call("is_document", [value], BOOL,
                     lambda v: None if v is None else xml_type.is_document(v))
    raise PgError("0A000", f"XML expression {op} is not supported by pgsnake",
                  position=position)


_CONSTRUCTS = {"IS_XMLCONCAT": "XMLCONCAT", "IS_XMLPARSE": "XMLPARSE", "IS_XMLPI": "XMLPI",
               "IS_XMLROOT": "XMLROOT", "IS_DOCUMENT": "IS DOCUMENT"}


def coerce_to_specific(pstate, expr, type_oid: int, construct: str, node):
    """coerce_to_specific_type: an implicit coercion, else 42804 naming the construct
    (also for a set-returning expression)."""
    from pgsnake.parser.coercion import expression_returns_set, coerce_to_type
    from pgsnake.parser.transform_expression import leftmost_location
    if expression_returns_set(expr):
        raise PgError("42804", f"argument of {construct} must not return a set",
                      position=pstate.position(leftmost_location(node)))
    result = coerce_to_type(pstate, expr, type_oid, -1, "implicit")
    if result is None:
        raise PgError("42804", f"argument of {construct} must be type "
                      f"{registry.format_type(type_oid)}, not type "
                      f"{registry.format_type(expr.type_oid)}",
                      position=pstate.position(leftmost_location(node)))
    return result


def _refuse_indent(pstate, body) -> None:
    """XMLSERIALIZE's [NO] INDENT is PostgreSQL 16's (the parser knows it): PostgreSQL
    15's grammar stops at that word, 42601."""
    import re
    source = pstate.source
    if source is None:
        return
    text = source.text
    start = source.char_offset(body["typeName"].get("location", 0))
    depth, end = 0, len(text)
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            if depth == 0:
                end = i
                break
            depth -= 1
    found = re.compile(r"\b(no)\s+indent\b|\b(indent)\b", re.IGNORECASE).search(
        text, start, end)
    if found is not None:
        group = 1 if found.group(1) else 2
        raise PgError("42601", f'syntax error at or near "{found.group(group)}"',
                      position=found.start(group) + 1)


def transform_xml_serialize(pstate, body):
    from pgsnake.parser.transform_expression import transform_expression, resolve_type_name
    from pgsnake.parser.coercion import coerce_or_error
    _refuse_indent(pstate, body)
    position = pstate.position(body.get("location"))
    value = coerce_to_specific(pstate, transform_expression(pstate, body["expr"]), XML,
                               "XMLSERIALIZE", body["expr"])
    type_oid, typmod = resolve_type_name(pstate, body["typeName"])
    document = body.get("xmloption") == "XMLOPTION_DOCUMENT"
    serialized = _call("xmlserialize", [value], TEXT,
                       lambda v: None if v is None else xml_type.serialize(v, document))
    return coerce_or_error(pstate, serialized, type_oid, typmod, "explicit", position)


def _resolve_unknown(pstate, expr):
    from pgsnake.parser.coercion import resolve_unknown_to_text
    return resolve_unknown_to_text(pstate, expr)


def _mapper(type_oid: int, escape_strings: bool = True):
    output = registry.get_type(type_oid).output
    return lambda value: None if value is None else \
        xml_type.value_text(value, type_oid, output, escape_strings)


def _element(name: str, attribute_names, attribute_exprs, contents):
    attribute_maps = [_mapper(e.type_oid, False) for e in attribute_exprs]
    content_maps = [_mapper(e.type_oid) for e in contents]
    count = len(attribute_exprs)

    def make(*values):
        attributes = []
        for attribute, mapper, value in zip(attribute_names, attribute_maps, values[:count]):
            text = mapper(value)
            attributes.append((attribute, None if text is None else
                               xml_type.escape_attribute(text)))
        contents_text = [mapper(v) for mapper, v in zip(content_maps, values[count:])]
        return xml_type.element(name, attributes, contents_text)
    return _call("xmlelement", list(attribute_exprs) + list(contents), XML, make)


def _forest(names, exprs):
    maps = [_mapper(e.type_oid) for e in exprs]

    def make(*values):
        parts = [f"<{name}>{mapper(value)}</{name}>" if value is not None else None
                 for name, mapper, value in zip(names, maps, values)]
        present = [p for p in parts if p is not None]
        return "".join(present) if present else None
    return _call("xmlforest", exprs, XML, make)


def _call(name: str, args, type_oid: int, fn):
    return FuncExpr(name, 0, fn, tuple(args), type_oid, strict=False, volatility="s")
