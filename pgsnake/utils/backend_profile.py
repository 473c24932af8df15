"""Developer aid: run a backend under cProfile and keep its profile when it exits.

Set PGSNAKE_PROFILE_DIR=<directory> in the environment of `pgsnake start`; every backend
forked afterwards runs its connection under cProfile and writes
<directory>/backend-<pid>.prof (pstats format) when the connection ends. Nothing happens
without the variable, and the cost then is one environment look-up per fork.
bench/profile_backend.py uses it; py-spy (bench/README.md) needs nothing.

Entry point: run(fn, *args) -> fn's result, profiled when the variable is set.

PostgreSQL has no counterpart (one profiles it with perf); it is here because the
backend runs in a forked child that an outside profiler may not be allowed to attach to.
"""
from __future__ import annotations

import os

ENV_VARIABLE = "PGSNAKE_PROFILE_DIR"


def run(fn, *args):
    directory = os.environ.get(ENV_VARIABLE)
    if not directory:
        return fn(*args)
    import cProfile
    profiler = cProfile.Profile()
    try:
        return profiler.runcall(fn, *args)
    finally:
        try:
            profiler.dump_stats(os.path.join(directory, f"backend-{os.getpid()}.prof"))
        except OSError:
            pass                       # a profile is never worth failing a connection
