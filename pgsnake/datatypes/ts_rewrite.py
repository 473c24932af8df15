"""ts_rewrite(query, target, substitute): every occurrence of target in query replaced.

Entry points: rewrite(query, target, substitute) -> TsQuery; rewrite_many(query, pairs)
for ts_rewrite(query, select), every pair applied to one tree in turn.

The trees are first put in PostgreSQL's normal form: nested & (and |) nodes flattened
into one n-ary node, children sorted in tsquery btree order (QTNodeCompare: operators
before operands, an operand by the CRC of its text first). A node equal to the target is
replaced by the substitute; an n-ary & or | node whose children include all of the
target's children (the target being the same operator) loses them and gains the
substitute as a child (children re-sorted). The walk replaces first, then looks inside
the children of a node it did not replace; a substitute is never searched again. Nodes
left without children disappear, those with one (but NOT) become it; the tree is turned
back into binary nodes the way QTNBinary pairs them.

PostgreSQL: utils/adt/tsquery_rewrite.c (findeq, dofindsubquery, tsquery_rewrite),
tsquery_util.c (QT2QTN, QTNTernary, QTNSort, QTNBinary, QTNodeCompare).
"""
from __future__ import annotations

import functools

from pgsnake.datatypes import tsquery as tsq
from pgsnake.datatypes.tsquery import TsQuery


class _Node:
    """An n-ary tree node: kind ("v", "!", "&", "|", "<>"), the operand tuple or the
    phrase distance, and children in QT2QTN order (a binary node's right operand first)."""
    __slots__ = ("kind", "value", "children", "fresh")

    def __init__(self, kind, value, children):
        self.kind, self.value, self.children = kind, value, children
        self.fresh = False            # QTN_NOCHANGE: a substitute just put in


def _from_tuple(node) -> _Node:
    kind = node[0]
    if kind == "v":
        return _Node("v", node, [])
    if kind == "!":
        return _Node("!", None, [_from_tuple(node[1])])
    left, right = tsq.children(node)
    value = node[1] if kind == "<>" else None
    return _Node(kind, value, [_from_tuple(right), _from_tuple(left)])


def _flatten(node: _Node) -> None:
    for child in node.children:
        _flatten(child)
    if node.kind not in ("&", "|"):
        return
    flat = []
    for child in node.children:
        if child.kind == node.kind:
            flat.extend(child.children)
        else:
            flat.append(child)
    node.children = flat


def _compare_nodes(a: _Node, b: _Node) -> int:
    ta, tb = (1 if a.kind == "v" else 2), (1 if b.kind == "v" else 2)
    if ta != tb:
        return -1 if ta > tb else 1
    if ta == 1:
        return tsq._node_compare(a.value, b.value)
    oa, ob = tsq._OPER_CODE[a.kind], tsq._OPER_CODE[b.kind]
    if oa != ob:
        return -1 if oa > ob else 1
    if a.kind == "<>" and a.value != b.value:
        return -1 if a.value > b.value else 1
    if len(a.children) != len(b.children):
        return -1 if len(a.children) > len(b.children) else 1
    for x, y in zip(a.children, b.children):
        result = _compare_nodes(x, y)
        if result:
            return result
    return 0


def _sort(node: _Node) -> None:
    for child in node.children:
        _sort(child)
    if node.kind in ("&", "|") and len(node.children) > 1:
        node.children.sort(key=functools.cmp_to_key(_compare_nodes))


def _copy(node: _Node | None) -> _Node | None:
    if node is None:
        return None
    return _Node(node.kind, node.value, [_copy(child) for child in node.children])


def _fresh_copy(node: _Node | None) -> _Node | None:
    copy = _copy(node)
    if copy is not None:
        copy.fresh = True
    return copy


def _replace(node: _Node, target: _Node, substitute: _Node | None) -> _Node | None:
    """findeq: the node, its replacement, or itself less the target's children plus
    the substitute (re-sorted)."""
    if node.fresh or node.kind != target.kind and not (node.kind == "v" == target.kind):
        return node
    if node.kind == "v" or len(node.children) == len(target.children):
        return _fresh_copy(substitute) if _compare_nodes(node, target) == 0 else node
    if node.kind in ("&", "|") and len(node.children) > len(target.children):
        matched = set()
        i = j = 0
        while i < len(node.children) and j < len(target.children):
            order = _compare_nodes(node.children[i], target.children[j])
            if order == 0:
                matched.add(i)
                i += 1
                j += 1
            elif order < 0:
                i += 1
            else:
                break
        if len(matched) == len(target.children):
            node.children = [c for k, c in enumerate(node.children) if k not in matched]
            if substitute is not None:
                node.children.append(_fresh_copy(substitute))
            _sort(node)                  # QTNSort: the whole subtree, substitute included
    return node


def _walk(node: _Node, target: _Node, substitute: _Node | None) -> _Node | None:
    """dofindsubquery: replace here, else inside; operators left with no child vanish,
    with one child (other than NOT) become that child."""
    node = _replace(node, target, substitute)
    if node is None or node.fresh or node.kind == "v":
        return node
    node.children = [c for c in (_walk(child, target, substitute)
                                 for child in node.children) if c is not None]
    if not node.children:
        return None
    if len(node.children) == 1 and node.kind != "!":
        return node.children[0]
    return node


def _to_tuple(node: _Node):
    if node.kind == "v":
        return node.value
    if node.kind == "!":
        return ("!", _to_tuple(node.children[0]))
    children = list(node.children)
    while len(children) > 2:             # QTNBinary's pairing
        paired = _Node(node.kind, node.value, [children[0], children[1]])
        children[0] = paired
        children[1] = children[-1]
        children.pop()
    right, left = children
    if node.kind == "<>":
        return ("<>", node.value, _to_tuple(left), _to_tuple(right))
    return (node.kind, _to_tuple(left), _to_tuple(right))


def rewrite(query: TsQuery, target: TsQuery, substitute: TsQuery) -> TsQuery:
    if query.root is None or target.root is None:
        return query
    tree = _from_tuple(query.root)
    _flatten(tree)
    _sort(tree)
    wanted = _from_tuple(target.root)
    _flatten(wanted)
    _sort(wanted)
    replacement = None if substitute.root is None else _from_tuple(substitute.root)
    tree = _walk(tree, wanted, replacement)
    return TsQuery(None if tree is None else _to_tuple(tree))


def rewrite_many(query: TsQuery, pairs) -> TsQuery:
    """ts_rewrite(query, select): each (target, substitute) pair applied in turn to one
    flattened tree, whose substitutes stay unsearched by later pairs; a pair with a
    NULL or empty target or a NULL substitute is skipped (tsquery_rewrite_query)."""
    if query.root is None:
        return query
    tree = _from_tuple(query.root)
    _flatten(tree)
    _sort(tree)
    for target, substitute in pairs:
        if tree is None:
            break
        if target is None or substitute is None or target.root is None:
            continue
        wanted = _from_tuple(target.root)
        _flatten(wanted)
        _sort(wanted)
        replacement = None if substitute.root is None else _from_tuple(substitute.root)
        tree = _walk(tree, wanted, replacement)
        if tree is not None:
            _sort(tree)     # re-sorted after each pair (the oracle's order shows it)
    return TsQuery(None if tree is None else _to_tuple(tree))
