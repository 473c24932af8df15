# Proves which Seq Scan filters give a keyed catalog scan (executor/catalog_scan_keys.py):
# `column = constant` (either side; a parameter's value at scan start) on a catalog's
# leading fixed-width column does, and the prefilter accepts exactly the raw tuples
# holding that value; a non-catalog table, a column after a variable-width one, another
# operator, or a parameter without executor state or with a NULL value do not.
from __future__ import annotations

import dataclasses
import types

import pytest

from pgsnake.catalog import definitions as d
from pgsnake.executor import catalog_scan_keys
from pgsnake.optimizer.plan_nodes import SeqScan
from pgsnake.parser.expression_nodes import Const, OpExpr, Param, ScalarArrayOpExpr, Var
from pgsnake.utils import process_state


@pytest.fixture
def database(monkeypatch):
    monkeypatch.setattr(process_state, "database_oid", 5)


def _equals(left, right, operator_oid=607):
    return OpExpr("=", operator_oid, lambda a, b: a == b, (left, right), 16)


def _scan(catalog: str, *qual) -> SeqScan:
    return SeqScan(rtindex=1, relation=d.catalog_relation(catalog), qual=list(qual))


def _raw(first: int, second: int = 0) -> bytes:
    # t_hoff 24 at byte 22, then two 4-byte columns
    return bytes(22) + bytes([24, 0]) + first.to_bytes(4, "little") + second.to_bytes(4, "little")


def test_oid_equal_to_a_constant_gives_a_prefilter(database):
    prefilter = catalog_scan_keys.prefilter_for(
        _scan("pg_attribute", _equals(Var(1, 1, 26), Const(26, 16384))))
    assert prefilter(_raw(16384)) and not prefilter(_raw(16385))
    # the constant on the left, a second column (pg_index.indrelid, after indexrelid)
    prefilter = catalog_scan_keys.prefilter_for(
        _scan("pg_index", _equals(Const(26, 42), Var(1, 2, 26))))
    assert prefilter(_raw(7, 42)) and not prefilter(_raw(42, 7))


def test_a_name_equal_to_a_constant_gives_a_prefilter(database):
    prefilter = catalog_scan_keys.prefilter_for(
        _scan("pg_class", _equals(Var(1, 2, 19), Const(19, "t"), operator_oid=93)))
    row = bytes(22) + bytes([24, 0]) + (1259).to_bytes(4, "little")
    assert prefilter(row + b"t".ljust(64, b"\x00"))
    assert not prefilter(row + b"tt".ljust(64, b"\x00"))
    collated = dataclasses.replace(      # an explicit COLLATE: maybe not bytewise
        _equals(Var(1, 2, 19), Const(25, "T"), operator_oid=254), input_collation=12345)
    assert catalog_scan_keys.prefilter_for(_scan("pg_class", collated)) is None


def test_a_parameter_serves_with_its_value_at_the_start_of_the_scan(database):
    plan = _scan("pg_class", _equals(Var(1, 1, 26), Param(0, 26, kind="exec")))
    estate = types.SimpleNamespace(exec_params={0: 1259})
    prefilter = catalog_scan_keys.prefilter_for(plan, estate)
    assert prefilter(_raw(1259)) and not prefilter(_raw(1247))
    estate.exec_params[0] = None                 # NULL: the filter alone decides
    assert catalog_scan_keys.prefilter_for(plan, estate) is None


def test_in_lists_and_any_arrays_give_a_prefilter(database):
    column = Var(1, 1, 26)
    in_list = ScalarArrayOpExpr("=", None, column, (Const(26, 1259), Const(26, 1247)), True, 26)
    any_param = ScalarArrayOpExpr("=", None, column, (), True, 26,
                                  array=Param(0, 1028, kind="exec"))
    estate = types.SimpleNamespace(exec_params={0: [1249]})
    for clause, wanted in ((in_list, {1259, 1247}), (any_param, {1249})):
        prefilter = catalog_scan_keys.prefilter_for(_scan("pg_class", clause), estate)
        assert {oid for oid in (1247, 1249, 1259, 2615) if prefilter(_raw(oid))} == wanted
    not_in = dataclasses.replace(in_list, use_or=False)          # <> ALL: no key
    with_null = dataclasses.replace(in_list, items=(Const(26, 1259), Const(26, None)))
    for clause in (not_in, with_null):
        assert catalog_scan_keys.prefilter_for(_scan("pg_class", clause), estate) is None


def test_other_filters_give_none(database):
    user_table = dataclasses.replace(d.catalog_relation("pg_class"), oid=16384)
    for plan in [
        _scan("pg_class", _equals(Var(1, 1, 26), Const(26, 1), operator_oid=609)),  # <
        _scan("pg_class", _equals(Var(1, 1, 26), Param(1, 26))),   # no executor state
        _scan("pg_class", _equals(Var(2, 1, 26), Const(26, 1))),    # another FROM item
        _scan("pg_attrdef", _equals(Var(1, 4, 25), Const(25, "x"), operator_oid=98)),
        _scan("pg_class"),
        SeqScan(rtindex=1, relation=user_table, qual=[_equals(Var(1, 1, 26), Const(26, 1))]),
    ]:
        assert catalog_scan_keys.prefilter_for(plan) is None
