"""xpath(), xpath_exists() and XMLEXISTS: XPath 1.0 over an xml document, with the
results as libxml2 prints them.

Supported XPath: location paths (absolute and relative, / and //, the child, self,
parent, attribute and descendant(-or-self) axes and their abbreviations . .. @ //), name
tests (with namespace prefixes from the call's namespace array), *, text(), node(),
comment(), predicates (positions and expressions), union |, the operators or and = !=
< <= > >= + - * div mod, unary minus, number and string literals, and the functions
count, name, local-name, string, number, boolean, not, true, false, contains,
starts-with, string-length, normalize-space, sum, position, last, concat. Text that is
not XPath is 22000 "invalid XPath expression", as PostgreSQL says; an expression using
a feature outside this subset is 0A000 naming it.

Results (xml_xmlnodetoxmltype): an element, comment or processing instruction as its
markup (namespaces used inside and declared outside brought along as xmlns attributes),
a text or attribute node as its escaped text; a number, string or boolean result is
one value: numbers printed as XPath does (integers without a fraction, NaN, Infinity).

PostgreSQL: utils/adt/xml.c (xpath_internal, xml_xpathobjtoxmlarray,
xml_xmlnodetoxmltype, xmlexists).
"""
from __future__ import annotations

import math
import re
import xml.dom
import xml.dom.minidom
import xml.parsers.expat

from pgsnake.datatypes import xml_type
from pgsnake.utils.errors import PgError

_TOKEN = re.compile(r"""\s*(?:
    (?P<number>\d+(?:\.\d*)?|\.\d+)
  | (?P<string>"[^"]*"|'[^']*')
  | (?P<op>//|/|\.\.|\.|@|\(|\)|\[|\]|\||,|!=|<=|>=|=|<|>|\+|-|\*|::)
  | (?P<name>[A-Za-z_][\w.\-]*(?::(?:[A-Za-z_][\w.\-]*|\*))?)
)""", re.VERBOSE)


class _Invalid(Exception):
    pass


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise _Invalid
        kind = match.lastgroup
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


# ------------------------------------------------------------------ parsing

class _Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.pos = 0

    def peek(self, offset: int = 0):
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.pos += 1
        return token

    def accept(self, value: str) -> bool:
        if self.peek()[1] == value and self.peek()[0] in ("op", "name"):
            self.pos += 1
            return True
        return False

    def expect(self, value: str) -> None:
        if not self.accept(value):
            raise _Invalid

    def parse(self):
        expr = self.or_expr()
        if self.pos != len(self.tokens):
            raise _Invalid
        return expr

    def _binary(self, operand, operators):
        left = operand()
        while True:
            kind, value = self.peek()
            if value in operators and (kind == "op" or kind == "name" and value.isalpha()):
                self.pos += 1
                left = ("binary", value, left, operand())
            else:
                return left

    def or_expr(self):
        return self._binary(self.and_expr, ("or",))

    def and_expr(self):
        return self._binary(self.equality, ("and",))

    def equality(self):
        return self._binary(self.relational, ("=", "!="))

    def relational(self):
        return self._binary(self.additive, ("<", "<=", ">", ">="))

    def additive(self):
        return self._binary(self.multiplicative, ("+", "-"))

    def multiplicative(self):
        left = self.unary()
        while True:
            kind, value = self.peek()
            if (kind == "op" and value == "*") or (kind == "name" and value in ("div", "mod")):
                self.pos += 1
                left = ("binary", value, left, self.unary())
            else:
                return left

    def unary(self):
        if self.accept("-"):
            return ("negate", self.unary())
        return self.union()

    def union(self):
        left = self.path()
        while self.accept("|"):
            left = ("union", left, self.path())
        return left

    def path(self):
        kind, value = self.peek()
        if kind in ("number", "string") or (kind == "op" and value == "(") or \
                (kind == "name" and self.peek(1)[1] == "(" and
                 value not in ("text", "node", "comment", "processing-instruction")):
            primary = self.primary()
            predicates = self.predicates()
            steps = []
            if self.peek()[1] in ("/", "//"):
                steps = self.relative_steps(first_separator=True)
            return ("filter", primary, predicates, steps)
        if kind == "op" and value in ("/", "//"):
            if value == "/" and not self._step_follows(1):
                self.pos += 1
                return ("path", True, [])
            return ("path", True, self.relative_steps(first_separator=True))
        return ("path", False, self.relative_steps(first_separator=False))

    def _step_follows(self, offset: int) -> bool:
        kind, value = self.peek(offset)
        return kind == "name" or value in (".", "..", "@", "*")

    def relative_steps(self, first_separator: bool):
        steps = []
        if not first_separator:
            steps.append(self.step())
        while self.peek()[1] in ("/", "//") and self.peek()[0] == "op":
            separator = self.take()[1]
            if separator == "//":
                steps.append(("descendant-or-self", ("node",), []))
            steps.append(self.step())
        return steps

    def step(self):
        if self.accept("."):
            return ("self", ("node",), [])
        if self.accept(".."):
            return ("parent", ("node",), [])
        axis = "child"
        if self.accept("@"):
            axis = "attribute"
        elif self.peek()[0] == "name" and self.peek(1)[1] == "::":
            axis = self.take()[1]
            self.take()
            if axis not in ("child", "self", "parent", "attribute", "descendant",
                            "descendant-or-self", "ancestor", "ancestor-or-self"):
                raise NotImplementedError(axis)
        kind, value = self.take()
        if kind == "op" and value == "*":
            test = ("name", None, "*")
        elif kind == "name":
            if self.peek()[1] == "(":
                self.take()
                self.expect(")")
                if value not in ("text", "node", "comment"):
                    raise _Invalid
                test = (value,)
            else:
                prefix, _, local = value.rpartition(":")
                test = ("name", prefix or None, local)
        else:
            raise _Invalid
        return (axis, test, self.predicates())

    def predicates(self):
        out = []
        while self.accept("["):
            out.append(self.or_expr())
            self.expect("]")
        return out

    def primary(self):
        kind, value = self.take()
        if kind == "number":
            return ("literal", float(value))
        if kind == "string":
            return ("literal", value[1:-1])
        if kind == "op" and value == "(":
            expr = self.or_expr()
            self.expect(")")
            return expr
        if kind == "name":
            self.expect("(")
            args = []
            if not self.accept(")"):
                args.append(self.or_expr())
                while self.accept(","):
                    args.append(self.or_expr())
                self.expect(")")
            return ("call", value, args)
        raise _Invalid


# ------------------------------------------------------------------ evaluating

class _Context:
    def __init__(self, node, position: int, size: int, namespaces: dict):
        self.node, self.position, self.size, self.namespaces = node, position, size, namespaces


def _children(node):
    return list(node.childNodes) if node.nodeType in (node.ELEMENT_NODE,
                                                      node.DOCUMENT_NODE) else []


def _attributes(node):
    if node.nodeType != node.ELEMENT_NODE:
        return []
    return [a for a in node.attributes.values()
            if not (a.name == "xmlns" or a.name.startswith("xmlns:"))]


def _descendants(node):
    for child in _children(node):
        yield child
        yield from _descendants(child)


def _axis(node, axis):
    if axis == "child":
        return _children(node)
    if axis == "self":
        return [node]
    if axis == "parent":
        parent = node.ownerElement if node.nodeType == node.ATTRIBUTE_NODE else node.parentNode
        return [parent] if parent is not None else []
    if axis == "attribute":
        return _attributes(node)
    if axis == "descendant":
        return list(_descendants(node))
    if axis == "descendant-or-self":
        return [node] + list(_descendants(node))
    ancestors = []
    current = node.parentNode
    while current is not None:
        ancestors.append(current)
        current = current.parentNode
    return ([node] if axis == "ancestor-or-self" else []) + ancestors


def _matches(node, test, axis, namespaces) -> bool:
    kind = test[0]
    if kind == "node":
        return True
    if kind == "text":
        return node.nodeType in (node.TEXT_NODE, node.CDATA_SECTION_NODE)
    if kind == "comment":
        return node.nodeType == node.COMMENT_NODE
    principal = node.ATTRIBUTE_NODE if axis == "attribute" else node.ELEMENT_NODE
    if node.nodeType != principal:
        return False
    _kind, prefix, local = test
    if prefix is None and local == "*":
        return True                 # * is any element (or attribute), in any namespace
    if prefix is None:
        uri = None
    else:
        if prefix not in namespaces:
            raise _undefined_prefix()
        uri = namespaces[prefix]
    if (node.namespaceURI or None) != uri:
        return False
    return local == "*" or (node.localName or node.nodeName) == local


def _undefined_prefix() -> PgError:
    return PgError("XX000", "could not create XPath object",
                   detail="Undefined namespace prefix")


def check_prefixes(expression, namespaces: dict) -> None:
    """libxml refuses an expression naming a prefix that is not registered before it
    looks at any node."""
    if isinstance(expression, (tuple, list)):
        if len(expression) == 3 and expression[0] == "name" and expression[1] is not None \
                and expression[1] not in namespaces:
            raise _undefined_prefix()
        for part in expression:
            check_prefixes(part, namespaces)


def _document_order(nodes):
    seen, out = set(), []
    for node in nodes:
        if id(node) not in seen:
            seen.add(id(node))
            out.append(node)
    if len(out) < 2:
        return out
    root = out[0]
    while True:
        parent = root.ownerElement if root.nodeType == root.ATTRIBUTE_NODE \
            else root.parentNode
        if parent is None:
            break
        root = parent
    order = _order_of(root)
    return sorted(out, key=lambda n: order.get(id(n), 0))


def _order_of(root) -> dict:
    """id(node) -> its position in document order, computed once per tree (kept on its
    root: XMLTABLE evaluates many paths over one document)."""
    order = getattr(root, "_pgsnake_order", None)
    if order is not None:
        return order
    order = {}
    stack = [root]
    while stack:                    # pre-order, attributes right after their element
        node = stack.pop()
        order[id(node)] = len(order)
        for attribute in _attributes(node):
            order[id(attribute)] = len(order)
        stack.extend(reversed(_children(node)))
    try:
        root._pgsnake_order = order
    except AttributeError:
        pass
    return order


def _evaluate(expr, context: _Context):
    kind = expr[0]
    if kind == "literal":
        return expr[1]
    if kind == "negate":
        return -_number(_evaluate(expr[1], context))
    if kind == "union":
        left, right = _evaluate(expr[1], context), _evaluate(expr[2], context)
        if not isinstance(left, list) or not isinstance(right, list):
            raise PgError("22000", "invalid XPath expression")
        return _document_order(left + right)
    if kind == "path":
        _kind, absolute, steps = expr
        start = context.node
        if absolute:
            while start.parentNode is not None:
                start = start.parentNode
        return _walk([start], steps, context.namespaces)
    if kind == "filter":
        _kind, primary, predicates, steps = expr
        value = _evaluate(primary, context)
        if predicates or steps:
            if not isinstance(value, list):
                raise PgError("22000", "invalid XPath expression")
            for predicate in predicates:
                value = _filter(value, predicate, context.namespaces)
            value = _walk(value, steps, context.namespaces)
        return value
    if kind == "call":
        return _call(expr[1], expr[2], context)
    if kind == "binary":
        return _binary(expr[1], expr[2], expr[3], context)
    raise _Invalid


def _walk(nodes, steps, namespaces):
    for axis, test, predicates in steps:
        result = []
        for node in nodes:
            selected = [n for n in _axis(node, axis) if _matches(n, test, axis, namespaces)]
            if axis in ("ancestor", "ancestor-or-self", "parent"):
                selected = list(selected)
            for predicate in predicates:
                selected = _filter(selected, predicate, namespaces,
                                   reverse=axis in ("ancestor", "ancestor-or-self"))
            result.extend(selected)
        # from one node, a forward axis gives its nodes in document order already
        nodes = result if len(nodes) == 1 and axis in _FORWARD_AXES \
            else _document_order(result)
    return nodes


_FORWARD_AXES = frozenset(("child", "self", "attribute", "descendant", "descendant-or-self"))


def _filter(nodes, predicate, namespaces, reverse: bool = False):
    out = []
    size = len(nodes)
    for index, node in enumerate(nodes):
        position = size - index if reverse else index + 1
        value = _evaluate(predicate, _Context(node, position, size, namespaces))
        if isinstance(value, float) and not isinstance(value, bool):
            keep = value == position
        else:
            keep = _boolean(value)
        if keep:
            out.append(node)
    return out


def _string_value(node) -> str:
    if node.nodeType in (node.TEXT_NODE, node.CDATA_SECTION_NODE, node.COMMENT_NODE,
                         node.PROCESSING_INSTRUCTION_NODE):
        return node.data
    if node.nodeType == node.ATTRIBUTE_NODE:
        return node.value
    return "".join(n.data for n in _descendants(node)
                   if n.nodeType in (n.TEXT_NODE, n.CDATA_SECTION_NODE))


def _string(value) -> str:
    if isinstance(value, list):
        return _string_value(value[0]) if value else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_text(value)
    return value


def _number(value) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    text = _string(value).strip()
    try:
        return float(text) if re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", text) else math.nan
    except ValueError:
        return math.nan


def _boolean(value) -> bool:
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value != 0 and not math.isnan(value)
    return bool(value)


def number_text(value: float) -> str:
    """xmlXPathCastNumberToString."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _compare(operator: str, left, right) -> bool:
    import operator as ops
    test = {"=": ops.eq, "!=": ops.ne, "<": ops.lt, "<=": ops.le, ">": ops.gt,
            ">=": ops.ge}[operator]
    if isinstance(left, list) or isinstance(right, list):
        if isinstance(left, list) and isinstance(right, list):
            return any(test(_string_value(a), _string_value(b)) if operator in ("=", "!=")
                       else test(_number(_string_value(a)), _number(_string_value(b)))
                       for a in left for b in right)
        nodes, other = (left, right) if isinstance(left, list) else (right, left)
        swapped = not isinstance(left, list)
        for node in nodes:
            text = _string_value(node)
            if isinstance(other, bool):
                a, b = _boolean(nodes), other
            elif isinstance(other, float) or operator not in ("=", "!="):
                a, b = _number(text), _number(other)
            else:
                a, b = text, other
            if test(b, a) if swapped else test(a, b):
                return True
        return False
    if operator in ("=", "!="):
        if isinstance(left, bool) or isinstance(right, bool):
            return test(_boolean(left), _boolean(right))
        if isinstance(left, float) or isinstance(right, float):
            return test(_number(left), _number(right))
        return test(left, right)
    return test(_number(left), _number(right))


def _binary(operator, left_expr, right_expr, context):
    if operator == "or":
        return _boolean(_evaluate(left_expr, context)) or \
            _boolean(_evaluate(right_expr, context))
    if operator == "and":
        return _boolean(_evaluate(left_expr, context)) and \
            _boolean(_evaluate(right_expr, context))
    left, right = _evaluate(left_expr, context), _evaluate(right_expr, context)
    if operator in ("=", "!=", "<", "<=", ">", ">="):
        return _compare(operator, left, right)
    a, b = _number(left), _number(right)
    if operator == "+":
        return a + b
    if operator == "-":
        return a - b
    if operator == "*":
        return a * b
    if operator == "div":
        if b == 0:
            return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a) * \
                math.copysign(1, b)
        return a / b
    if operator == "mod":
        return math.fmod(a, b) if b != 0 else math.nan
    raise _Invalid


def _call(name: str, args, context: _Context):
    values = [_evaluate(a, context) for a in args]
    if name == "count":
        if len(values) != 1 or not isinstance(values[0], list):
            raise PgError("22000", "invalid XPath expression")
        return float(len(values[0]))
    if name in ("name", "local-name"):
        nodes = values[0] if values else [context.node]
        if not nodes:
            return ""
        node = nodes[0]
        if node.nodeType not in (node.ELEMENT_NODE, node.ATTRIBUTE_NODE):
            return ""
        return node.nodeName if name == "name" else (node.localName or node.nodeName)
    if name == "string":
        return _string(values[0] if values else [context.node])
    if name == "number":
        return _number(values[0] if values else [context.node])
    if name == "boolean":
        return _boolean(values[0])
    if name == "not":
        return not _boolean(values[0])
    if name == "true":
        return True
    if name == "false":
        return False
    if name == "contains":
        return _string(values[1]) in _string(values[0])
    if name == "starts-with":
        return _string(values[0]).startswith(_string(values[1]))
    if name == "string-length":
        return float(len(_string(values[0] if values else [context.node])))
    if name == "normalize-space":
        return " ".join(_string(values[0] if values else [context.node]).split())
    if name == "concat":
        return "".join(_string(v) for v in values)
    if name == "sum":
        return float(sum(_number(_string_value(n)) for n in values[0]))
    if name == "position":
        return float(context.position)
    if name == "last":
        return float(context.size)
    raise NotImplementedError(name)


# ------------------------------------------------------------------ results

def _node_markup(node, inherited: dict) -> str:
    """xmlNodeDump of a copy of the node: namespaces it uses that are declared outside
    it come along as declarations on it."""
    if node.nodeType in (node.TEXT_NODE, node.CDATA_SECTION_NODE):
        return xml_type.escape(node.data).replace("\r", "&#13;")
    if node.nodeType == node.COMMENT_NODE:
        return f"<!--{node.data}-->"
    if node.nodeType == node.PROCESSING_INSTRUCTION_NODE:
        return f"<?{node.target} {node.data}?>" if node.data else f"<?{node.target}?>"
    if node.nodeType == node.ATTRIBUTE_NODE:
        return xml_type.escape(node.value)
    if node.nodeType == node.DOCUMENT_NODE:
        return "".join(_node_markup(c, {}) for c in node.childNodes)
    own = {}
    attributes = []
    for attribute in node.attributes.values():
        if attribute.name == "xmlns":
            own[""] = attribute.value
        elif attribute.name.startswith("xmlns:"):
            own[attribute.name[6:]] = attribute.value
        else:
            attributes.append(attribute)
    declarations = [("xmlns" if p == "" else f"xmlns:{p}", uri) for p, uri in own.items()]
    scope = dict(inherited)
    scope.update(own)
    missing = {}
    for prefix, uri in _used_namespaces(node):
        if scope.get(prefix) != uri and prefix not in missing:
            missing[prefix] = uri
    for prefix, uri in missing.items():
        declarations.append(("xmlns" if prefix == "" else f"xmlns:{prefix}", uri))
        scope[prefix] = uri
    text = "<" + node.tagName
    for name, uri in declarations:
        text += f' {name}="{xml_type.escape_attribute(uri)}"'
    for attribute in attributes:
        text += f' {attribute.name}="{xml_type.escape_attribute(attribute.value)}"'
    children = node.childNodes
    if not children:
        return text + "/>"
    return text + ">" + "".join(_node_markup(c, scope) for c in children) + \
        f"</{node.tagName}>"


def _used_namespaces(node):
    """(prefix, uri) of the namespaces an element and its descendants use."""
    if node.nodeType != node.ELEMENT_NODE:
        return
    if node.namespaceURI:
        yield (node.prefix or ""), node.namespaceURI
    for attribute in node.attributes.values():
        if attribute.namespaceURI and attribute.prefix and attribute.prefix != "xmlns":
            yield attribute.prefix, attribute.namespaceURI
    for child in node.childNodes:
        yield from _used_namespaces(child)


def _namespace_map(namespaces) -> dict:
    mapping = {}
    if namespaces is None:
        return mapping
    rows = namespaces
    if rows and not isinstance(rows[0], list):
        if len(rows) == 0:
            return mapping
        raise PgError("22000", "invalid array for XML namespace mapping",
                      detail="The array must be two-dimensional with length of the second "
                             "axis equal to 2.")
    for row in rows:
        if len(row) != 2:
            raise PgError("22000", "invalid array for XML namespace mapping",
                          detail="The array must be two-dimensional with length of the "
                                 "second axis equal to 2.")
        prefix, uri = row
        if prefix is None or uri is None:
            raise PgError("22004", "neither namespace name nor URI may be null")
        mapping[prefix] = uri
    return mapping


def evaluate(path: str, document: str, namespaces=None):
    """The XPath result: a list of nodes, or a float / str / bool."""
    if path == "":
        raise PgError("22000", "empty XPath expression")
    mapping = _namespace_map(namespaces)
    try:
        tree = xml.dom.minidom.parseString(document.encode("utf-8"))
    except (xml.parsers.expat.ExpatError, ValueError):
        raise PgError("2200M", "could not parse XML document") from None
    if any(set(a.value) & set('<>"{}|\\^` ') for a in _namespace_declarations(tree)):
        # libxml refuses a namespace name that is not a URI
        raise PgError("2200M", "could not parse XML document")
    try:
        expression = _Parser(_tokens(path)).parse()
    except _Invalid:
        raise PgError("22000", "invalid XPath expression") from None
    except NotImplementedError as unsupported:
        raise PgError("0A000", f"XPath feature {unsupported} is not supported by pgsnake") \
            from None
    check_prefixes(expression, mapping)
    try:
        return _evaluate(expression, _Context(tree, 1, 1, mapping))
    except _Invalid:
        raise PgError("22000", "invalid XPath expression") from None
    except NotImplementedError as unsupported:
        raise PgError("0A000", f"XPath function {unsupported}() is not supported by pgsnake") \
            from None


# ------------------------------------------------------------------ XMLTABLE's pieces

def compile_path(path: str, sqlstate: str):
    """A parsed XPath expression; 'invalid XPath expression' with `sqlstate` (XMLTABLE's
    row filter says 42601, its column filters 22000) when it is not XPath."""
    try:
        return _Parser(_tokens(path)).parse()
    except _Invalid:
        raise PgError(sqlstate, "invalid XPath expression", detail="Invalid expression") \
            from None
    except NotImplementedError as unsupported:
        raise PgError("0A000", f"XPath feature {unsupported} is not supported by pgsnake") \
            from None


def parse_document(document: str):
    """The tree of an xml value that must be one document (XMLTABLE's PASSING value)."""
    try:
        return xml.dom.minidom.parseString(document.encode("utf-8"))
    except (xml.parsers.expat.ExpatError, ValueError):
        raise PgError("2200M", "could not parse XML document") from None


def evaluate_at(expression, node, namespaces: dict):
    """A compiled expression's result with `node` as the context node: a list of nodes
    in document order, or a float / str / bool."""
    try:
        return _evaluate(expression, _Context(node, 1, 1, namespaces))
    except _Invalid:
        raise PgError("22000", "invalid XPath expression") from None
    except NotImplementedError as unsupported:
        raise PgError("0A000", f"XPath function {unsupported}() is not supported by pgsnake") \
            from None


def node_string(node) -> str:
    """A node's XPath string value (xmlXPathCastNodeToString)."""
    return _string_value(node)


def node_xml(node) -> str:
    """A node as an xml value (xml_xmlnodetoxmltype): an element (or the document) as
    markup, any other node as its escaped string value."""
    if node.nodeType == node.DOCUMENT_NODE:
        return "".join(_node_markup(c, {}) for c in node.childNodes) + "\n"
    if node.nodeType == node.ELEMENT_NODE:
        return _node_markup(node, _inherited_scope(node))
    return xml_type.escape(_string_value(node))


def xpath(path: str, document: str, namespaces=None) -> list:
    result = evaluate(path, document, namespaces)
    if isinstance(result, list):
        return [_node_markup(node, _inherited_scope(node)) for node in result]
    if isinstance(result, bool):
        return ["true" if result else "false"]
    if isinstance(result, float):
        return [number_text(result)]
    return [xml_type.escape(result)]


def _namespace_declarations(tree):
    for node in _descendants(tree):
        if node.nodeType == node.ELEMENT_NODE:
            for attribute in node.attributes.values():
                if attribute.name == "xmlns" or attribute.name.startswith("xmlns:"):
                    yield attribute


def _inherited_scope(node) -> dict:
    """The namespace declarations in force at a node's parent (empty: a copy has none)."""
    return {}


def xpath_exists(path: str, document: str, namespaces=None) -> bool:
    result = evaluate(path, document, namespaces)
    if isinstance(result, list):
        return bool(result)
    return True


def xmlexists(path: str, document: str) -> bool:
    return xpath_exists(path, document)


def register_functions() -> None:
    from pgsnake.datatypes import functions
    XML, TEXT, TEXT_ARRAY, XML_ARRAY, BOOL = 142, 25, 1009, 143, 16
    functions.register("xpath", [TEXT, XML, TEXT_ARRAY], XML_ARRAY, xpath, oid=2931)
    functions.register("xpath", [TEXT, XML], XML_ARRAY, xpath, oid=2932)
    functions.register("xpath_exists", [TEXT, XML, TEXT_ARRAY], BOOL, xpath_exists,
                       oid=3049)
    functions.register("xpath_exists", [TEXT, XML], BOOL, xpath_exists, oid=3050)
    functions.register("xmlexists", [TEXT, XML], BOOL, xmlexists, oid=2614)
