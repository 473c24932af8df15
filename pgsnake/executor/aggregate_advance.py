"""One compiled function that advances all of an Aggregate node's aggregates for a row.

An Aggregate advances every aggregate of the node for each input row, in order
(PostgreSQL's advance_aggregates, which its expression compiler turns into one
program of steps per node: ExecBuildAggTrans). Calling each aggregate's generic
`advance` method per row costs a method call, a FILTER test, a list of argument values
and a strictness test per aggregate per row; here the node's aggregates are compiled
into one Python function instead, with arguments that are plain input columns read
straight from the row and the transition functions called directly:

    advance(slots, row, ex)          every aggregate, one row (grouped input)
    advance_batch(slots, batch, ex)  every aggregate, each row of a batch in order
                                     (the one group of an aggregate without GROUP BY)
    advance_known(groups, batch, start, ex, group_key) -> (index, key)
                                     hashed grouping: the rows of a batch from `start`
                                     whose group is in `groups` (key -> slots), up to
                                     the first that is not (its index and its key,
                                     computed once, are returned; the caller makes the
                                     group, or spills the row, and goes on from the
                                     next one)

`slots[i]` is aggregate i's per-group state ([transition value, DISTINCT set]), as
upper_nodes._AggregateCall keeps it. An aggregate with FILTER or DISTINCT is advanced
through its own `advance` inside the same row loop, so rows and aggregates are visited
in exactly the order the per-aggregate loop visits them: argument values, NULL skipping
(the first argument of a strict aggregate) and errors come out the same. Transition
functions that say how (datatypes/aggregates.py: count's `inline_count`, an integer
sum's `inline_sum_range`) are written inline, the call made only to raise on overflow.

Entry point: compile_advance(calls) -> (advance, advance_batch, advance_known).

PostgreSQL: executor/execExpr.c (ExecBuildAggTrans), executor/nodeAgg.c
(advance_aggregates).
"""
from __future__ import annotations


def compile_advance(calls: list, key_positions: tuple | None = None):
    """(advance, advance_batch, advance_known) for the aggregates `calls`
    (upper_nodes._AggregateCall); `key_positions`: the input columns that are the
    group key, when it is plain columns (the `positions` of its key tuple function)."""
    env: dict = {}
    row_lines: list[str] = []          # the body for one row, states in locals st<i>
    for i, call in enumerate(calls):
        env[f"c{i}"] = call
        if call.filter is not None or call.distinct:
            row_lines.append(f"c{i}.advance(slots[{i}], row, ex)")
            continue
        transition = env[f"t{i}"] = call.aggregate.transition
        if call.star:
            row_lines.append(f"st{i} += 1" if getattr(transition, "inline_count", False)
                             else f"st{i} = t{i}(st{i}, True)")
            continue
        names = []
        for j, (fn, column) in enumerate(zip(call.args, call.arg_columns)):
            name = f"v{i}_{j}"
            if column is not None:
                row_lines.append(f"{name} = row[{column}]")
            else:
                env[f"a{i}_{j}"] = fn
                row_lines.append(f"{name} = a{i}_{j}(row, ex)")
            names.append(name)
        step = f"st{i} = t{i}(st{i}, {', '.join(names)})"
        sum_range = getattr(transition, "inline_sum_range", None)
        if getattr(transition, "inline_count", False):
            step = f"st{i} += 1"
        elif sum_range is not None and len(names) == 1:
            # the transition's own test and call, only on the way out of range
            low, high = sum_range
            step = (f"st{i} = {names[0]} if st{i} is None else st{i} + {names[0]}\n"
                    f"if st{i} < {low} or st{i} > {high}: st{i} = t{i}(st{i} - {names[0]}, "
                    f"{names[0]})")
        if names and getattr(call.aggregate, "strict", True):
            row_lines += [f"if {names[0]} is not None:"] + \
                ["    " + line for line in step.split("\n")]
        else:
            row_lines += step.split("\n")
    direct = [i for i, call in enumerate(calls)
              if call.filter is None and not call.distinct]
    load = [f"st{i} = slots[{i}][0]" for i in direct]
    store = [f"slots[{i}][0] = st{i}" for i in direct]
    lines = ["def advance(slots, row, ex):"]
    lines += ["    " + line for line in load + row_lines + store]
    if len(lines) == 1:
        lines.append("    pass")
    lines.append("def advance_batch(slots, batch, ex):")
    lines += ["    " + line for line in load]
    lines.append("    try:")
    lines.append("        for row in batch:")
    lines += ["            " + line for line in row_lines or ["pass"]]
    lines.append("    finally:")
    lines += ["        " + line for line in store or ["pass"]]
    # advance_known: a batch's rows from `start` whose group is already in the hash
    # table, until one that is not (or whose key cannot be looked up: an array)
    lines.append("def advance_known(groups, batch, start, ex, group_key):")
    lines.append("    get = groups.get")
    lines.append("    for index in range(start, len(batch)):")
    lines.append("        row = batch[index]")
    if key_positions:       # plain columns: hash_keys.key_tuple_function's tuple, inline
        lines.append("        key = (" + "".join(f"row[{p}], " for p in key_positions) + ")")
    else:
        lines.append("        key = group_key(row, ex)")
    lines.append("        try:")
    lines.append("            slots = get(key)")
    lines.append("        except TypeError:")
    lines.append("            return index, key")
    lines.append("        if slots is None:")
    lines.append("            return index, key")
    lines += ["        " + line for line in load + row_lines + store]
    lines.append("    return len(batch), None")
    source = "\n".join(lines)
    exec(compile(source, "<aggregate advance>", "exec"), env)
    env["advance"].source = source
    return env["advance"], env["advance_batch"], env["advance_known"]
