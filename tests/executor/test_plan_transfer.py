# A plan fragment reaches a parallel worker as bytes: lambdas and closures (operators'
# implementations) travel by value and behave the same, module functions by name, and
# the executor's compiled code kept on plan nodes is left behind.
import operator

import pytest

from pgsnake.executor import plan_transfer
from pgsnake.optimizer.plan_nodes import Limit, SeqScan


def _adder(k):
    return lambda x: x + k


def test_closures_and_lambdas_travel_by_value():
    fns = plan_transfer.loads(plan_transfer.dumps([_adder(5), lambda a, b=2: a * b,
                                                   operator.eq, len]))
    assert fns[0](1) == 6 and fns[1](3) == 6 and fns[2](1, 1) and fns[3]("ab") == 2


def test_plan_nodes_lose_their_compiled_code():
    scan = SeqScan(rtindex=1, alias="t", qual=[("op", _adder(1))])
    scan._executor_code = object()          # (what plan_state.compiled_for keeps)
    scan._executor_node_code = (lambda row: row,)
    copy = plan_transfer.loads(plan_transfer.dumps(Limit(child=scan)))
    inner = copy.child
    assert isinstance(copy, Limit) and isinstance(inner, SeqScan) and inner.alias == "t"
    assert "_executor_code" not in inner.__dict__ and "_executor_node_code" not in inner.__dict__
    assert inner.qual[0][1](1) == 2


def test_what_cannot_travel_is_reported():
    import threading
    with pytest.raises(plan_transfer.PlanNotTransferable):
        plan_transfer.dumps([threading.Lock()])
