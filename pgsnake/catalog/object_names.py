"""The names PostgreSQL makes up for unnamed indexes, constraints and sequences.

An unnamed object is called name1_name2_label (table, columns, a kind such as "pkey",
"key", "check", "fkey", "seq"), cut to fit NAMEDATALEN by shortening the longer of name1
and name2 first, and numbered label1, label2, ... until the name is free. What "free"
means depends on the kind of object: an index or a sequence is a relation and must not
clash with any relation of the schema (ChooseRelationName), and the index of a PRIMARY
KEY / UNIQUE / EXCLUDE constraint not with any constraint either; a CHECK or FOREIGN
KEY constraint has no relation of its own and must not clash with another constraint of
the schema (ChooseConstraintName). So a table may share its name with a constraint.

Entry points: make_object_name, choose_relation_name, choose_constraint_name,
constraint_name_used.

PostgreSQL: commands/indexcmds.c (makeObjectName, ChooseRelationName),
catalog/pg_constraint.c (ChooseConstraintName).
"""
from __future__ import annotations

from typing import Callable

from pgsnake.catalog import catalog_cache as cc

NAME_DATA_LENGTH = 64          # NAMEDATALEN: identifiers keep 63 bytes


def make_object_name(name1: str, name2: str, label: str) -> str:
    """name1_name2_label in at most 63 bytes, shortening the longer of name1 and name2
    first (makeObjectName)."""
    budget = NAME_DATA_LENGTH - 1 - len(label.encode()) - (1 if label else 0) \
        - (1 if name2 else 0)
    part1, part2 = name1.encode(), name2.encode()
    while len(part1) + len(part2) > budget:
        if len(part1) > len(part2):
            part1 = part1[:-1]
        else:
            part2 = part2[:-1]
    pieces = [part1.decode(errors="ignore")]
    if name2:
        pieces.append(part2.decode(errors="ignore"))
    if label:
        pieces.append(label)
    return "_".join(pieces)


def _first_free(name1: str, name2: str, label: str, is_taken: Callable[[str], bool]) -> str:
    counter = 0
    while True:
        name = make_object_name(name1, name2, label if counter == 0 else f"{label}{counter}")
        if not is_taken(name):
            return name
        counter += 1


def choose_relation_name(name1: str, name2: str, label: str, namespace_oid: int,
                         taken=frozenset(), is_constraint: bool = False) -> str:
    """A name no relation of the schema has (nor any in `taken`, names chosen earlier in
    the same command and not yet in the catalog); `is_constraint` (the index of a
    PRIMARY KEY, UNIQUE or EXCLUDE constraint, which takes its name): no constraint of
    the schema has it either."""
    return _first_free(name1, name2, label, lambda name: name in taken
                       or cc.relation_oid_in(namespace_oid, name) is not None
                       or (is_constraint and constraint_name_used(name, namespace_oid)))


def constraint_name_used(name: str, namespace_oid: int) -> bool:
    """Has a constraint of the schema this name (ConstraintNameExists)?"""
    # pg_constraint_conname_nsp_index, per name
    return any(r.connamespace == namespace_oid
               for r in cc.scan_catalog("pg_constraint", key=("conname", name)))


def choose_constraint_name(name1: str, name2: str, label: str, namespace_oid: int,
                           taken=frozenset()) -> str:
    """A name no constraint of the schema has (nor any in `taken`)."""
    return _first_free(name1, name2, label, lambda name: name in taken
                       or constraint_name_used(name, namespace_oid))
