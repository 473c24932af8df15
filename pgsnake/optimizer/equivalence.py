"""Equivalence classes: sets of columns (and at most one constant) known to be equal.

`a.x = b.y AND b.y = c.z` puts a.x, b.y and c.z in one class, so a join of a and c can use
a.x = c.z even though no such clause was written; `a.x = b.y AND a.x = 5` gives b.y = 5 at
the scan of b and no join clause at all. Each join then gets exactly one clause per class
(between a member of each input), which also keeps the class's selectivity from being
counted once per redundant clause.

Entry points:
    EquivalenceClasses.add(qual) -> bool     take an `=` qual into a class (False: not one)
    EquivalenceClasses.finish() -> (classes, base clauses)
    EquivalenceClass.join_clause(outer_relids, inner_relids)   the clause a join gets

Invariants:
1. Members are Vars and Consts (or PARAM_EXEC Params, constant within a scan) of one
   type whose `=` is a btree equality
   (join_paths._mergeable_types); a class's operator is that type's `=`.
2. Members keep PostgreSQL's order (a qual's left side, then its right side; a merged
   class appends the other's members), which decides the clause a join is given.
3. A class with a constant produces only scan quals `member = constant`; a class with
   two different constants is "broken" and its original quals are used as written.

PostgreSQL: optimizer/path/equivclass.c (process_equivalence,
generate_base_implied_equalities, generate_join_implied_equalities,
have_relevant_eclass_joinclause).
"""
from __future__ import annotations

import dataclasses

from pgsnake.optimizer.join_paths import mergeable_types
from pgsnake.parser.expression_nodes import Const, OpExpr, Param, Var


@dataclasses.dataclass(eq=False)
class EquivalenceClass:
    members: list                   # Var and Const nodes, in PostgreSQL's order
    sources: list                   # the quals that built the class
    operator: OpExpr                # a source qual: the template for derived ones
    has_const: bool = False
    is_broken: bool = False
    # (member count, relids): worked out again only when a merge added members.
    _relids: tuple | None = dataclasses.field(default=None, repr=False)
    # (id(outer member), id(inner member)) -> the clause join_clause derived for them,
    # so every join pair using the same two members gets the same clause object and
    # the join search's per-clause selectivity cache hits (equivclass.c's ec_derives).
    _derived: dict = dataclasses.field(default_factory=dict, repr=False)

    @property
    def relids(self) -> frozenset:
        cached = self._relids
        if cached is None or cached[0] != len(self.members):
            cached = self._relids = (len(self.members), frozenset(
                m.rtindex for m in self.members if isinstance(m, Var)))
        return cached[1]

    def derive(self, left, right) -> OpExpr:
        return dataclasses.replace(self.operator, args=(left, right))

    def join_clause(self, outer_relids: frozenset, inner_relids: frozenset):
        """`outer member = inner member` for a join of the two sides, or None when the
        class has no member on one side (or is made of constants)
        (generate_join_implied_equalities: the first pair of members wins). The same
        pair of members always gives the same clause object (callers never change it)."""
        if self.has_const or self.is_broken:
            return None
        outer = next((m for m in self.members if m.rtindex in outer_relids), None)
        if outer is None:
            return None
        inner = next((m for m in self.members if m.rtindex in inner_relids), None)
        if inner is None:
            return None
        key = (id(outer), id(inner))
        clause = self._derived.get(key)
        if clause is None:
            clause = self._derived[key] = self.derive(outer, inner)
        return clause


def _is_constant(expr) -> bool:
    """A Const, or a PARAM_EXEC Param (an outer query's or a nested loop's value), which
    is constant during one scan: PostgreSQL's pseudoconstant EC members."""
    return isinstance(expr, Const) or (isinstance(expr, Param) and expr.kind == "exec")


def _member_key(expr):
    if isinstance(expr, Var):
        return ("var", expr.rtindex, expr.attnum)
    if isinstance(expr, Param):
        return ("param", expr.number)
    return ("const", expr.type_oid, expr.value)


def _is_equivalence_qual(qual) -> bool:
    if not (isinstance(qual, OpExpr) and qual.operator_name == "=" and len(qual.args) == 2):
        return False
    a, b = qual.args
    for side in (a, b):
        if isinstance(side, Var):
            if side.attnum <= 0:
                return False
        elif isinstance(side, Param) and side.kind == "exec":
            continue
        elif isinstance(side, Const):
            if side.value is None:
                return False
            try:
                hash(side.value)
            except TypeError:
                return False
        else:
            return False
    if not (isinstance(a, Var) or isinstance(b, Var)):
        return False
    if _member_key(a) == _member_key(b):
        return False
    return a.type_oid == b.type_oid and mergeable_types(a.type_oid, b.type_oid)


class EquivalenceClasses:
    def __init__(self) -> None:
        self.classes: list[EquivalenceClass] = []
        self._by_key: dict = {}

    def add(self, qual) -> bool:
        """Merge `qual` into the classes when it is an equality they can hold
        (process_equivalence); False leaves it an ordinary qual."""
        if not _is_equivalence_qual(qual):
            return False
        a, b = qual.args
        key_a, key_b = _member_key(a), _member_key(b)
        ec_a, ec_b = self._by_key.get(key_a), self._by_key.get(key_b)
        if ec_a is not None and ec_b is not None:
            ec_a.sources.append(qual)
            if ec_a is not ec_b:
                ec_a.members.extend(ec_b.members)
                ec_a.sources[-1:-1] = ec_b.sources
                for member in ec_b.members:
                    self._by_key[_member_key(member)] = ec_a
                self.classes.remove(ec_b)
        elif ec_a is not None:
            ec_a.members.append(b)
            ec_a.sources.append(qual)
            self._by_key[key_b] = ec_a
        elif ec_b is not None:
            ec_b.members.append(a)
            ec_b.sources.append(qual)
            self._by_key[key_a] = ec_b
        else:
            ec = EquivalenceClass([a, b], [qual], qual)
            self.classes.append(ec)
            self._by_key[key_a] = self._by_key[key_b] = ec
        return True

    def finish(self) -> tuple[list, list]:
        """(classes, base clauses): the base clauses are (qual, relids) pairs to evaluate
        at a scan (or, for the quals of a broken class, wherever they belong)
        (generate_base_implied_equalities)."""
        base: list = []
        for ec in self.classes:
            constants = [m for m in ec.members if _is_constant(m)]
            columns = [m for m in ec.members if isinstance(m, Var)]
            if constants:
                ec.has_const = True
                if len(ec.members) == 2 and len(ec.sources) == 1:
                    base.append(ec.sources[0])
                elif len(constants) > 1:
                    ec.is_broken = True
                    base.extend(ec.sources)
                else:
                    base.extend(ec.derive(column, constants[0]) for column in columns)
                continue
            first_of_rel: dict[int, Var] = {}
            for column in columns:
                if column.rtindex in first_of_rel:
                    base.append(ec.derive(first_of_rel[column.rtindex], column))
                else:
                    first_of_rel[column.rtindex] = column
        return [ec for ec in self.classes if len(ec.members) > 1], base
