"""A plan fragment as bytes, for a parallel worker: pickle, plus what plain pickle cannot
send of our plans.

Expressions carry Python callables (an operator's implementation, a cast's function),
many of them lambdas or closures made when the expression was analysed; plain pickle
sends functions only by module and name. Here a function that cannot be found again by
name travels by value: its code object (marshal: leader and worker run the same Python
and the same pgsnake), its module (whose globals the worker has imported too; a function
compiled with its own globals dict sends the names its code reads), its defaults and the
contents of its closure cells. Compiled executor code kept on plan nodes
(plan_state.compiled_for, attributes starting with "_executor") is left out: the worker
compiles its own.

Anything else that does not pickle (an open file, a generated decoder holding a
struct.Struct) makes `dumps` raise PlanNotTransferable; the Gather then runs without
workers, which only costs speed.

Entry points: dumps(obj) -> bytes, loads(bytes).

PostgreSQL: nodes/outfuncs.c / readfuncs.c (nodeToString / stringToNode of the
PlannedStmt that ExecSerializePlan puts in the DSM).
"""
from __future__ import annotations

import builtins
import importlib
import io
import marshal
import pickle
import sys
import types

from pgsnake.optimizer.plan_nodes import Plan


class PlanNotTransferable(Exception):
    pass


_EMPTY = "<empty cell>"


def _found_by_name(fn) -> bool:
    module = sys.modules.get(fn.__module__ or "")
    if module is None:
        return False
    target = module
    for part in fn.__qualname__.split("."):
        target = getattr(target, part, None)
        if target is None:
            return False
    return target is fn


def _code_names(code) -> set:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _code_names(const)
    return names


def _rebuild_function(code_bytes, module_name, own_globals, name, defaults, kwdefaults,
                      cells, qualname):
    code = marshal.loads(code_bytes)
    if own_globals is None:
        __import__(module_name)
        namespace = sys.modules[module_name].__dict__
    else:
        namespace = dict(own_globals)
        namespace["__builtins__"] = builtins
    closure = None
    if cells is not None:
        closure = tuple(types.CellType() if value == _EMPTY else types.CellType(value)
                        for value in cells)
    fn = types.FunctionType(code, namespace, name, defaults, closure)
    fn.__kwdefaults__ = kwdefaults
    fn.__qualname__ = qualname
    return fn


def _rebuild_plan(cls, state):
    plan = cls.__new__(cls)
    plan.__dict__.update(state)
    return plan


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        if isinstance(obj, types.ModuleType):
            return importlib.import_module, (obj.__name__,)
        if isinstance(obj, types.FunctionType):
            if _found_by_name(obj):
                return NotImplemented
            module = sys.modules.get(obj.__module__ or "")
            own_globals = None
            if module is None or obj.__globals__ is not module.__dict__:
                own_globals = {k: obj.__globals__[k] for k in _code_names(obj.__code__)
                               if k in obj.__globals__}
            cells = None
            if obj.__closure__ is not None:
                cells = []
                for cell in obj.__closure__:
                    try:
                        cells.append(cell.cell_contents)
                    except ValueError:
                        cells.append(_EMPTY)
            return _rebuild_function, (marshal.dumps(obj.__code__), obj.__module__, own_globals,
                                       obj.__name__, obj.__defaults__, obj.__kwdefaults__,
                                       cells, obj.__qualname__)
        if isinstance(obj, Plan):
            state = {k: v for k, v in obj.__dict__.items() if not k.startswith("_executor")}
            return _rebuild_plan, (type(obj), state)
        return NotImplemented


def dumps(obj) -> bytes:
    out = io.BytesIO()
    try:
        _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError) as e:
        raise PlanNotTransferable(str(e)) from None
    return out.getvalue()


def loads(data: bytes):
    return pickle.loads(data)
