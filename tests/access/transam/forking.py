# Helper for tests that fork children sharing the test's shared-memory segment: run a
# function in N children and collect each one's return value (pickled through a pipe).
from __future__ import annotations

import os
import pickle
import traceback

from pgsnake.storage.lmgr import lwlock
from pgsnake.utils import process_state


def run_in_children(fn, args_list, kind="backend"):
    children = []
    for args in args_list:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            code = 0
            try:
                lwlock.forget_held_after_fork()
                process_state.after_fork(kind)
                result = ("ok", fn(*args))
            except BaseException:
                result = ("error", traceback.format_exc())
                code = 1
            with os.fdopen(write_end, "wb") as fh:
                pickle.dump(result, fh)
            os._exit(code)
        os.close(write_end)
        children.append((pid, read_end))
    results = []
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as fh:
            status, value = pickle.load(fh)
        os.waitpid(pid, 0)
        if status != "ok":
            raise AssertionError(f"child failed:\n{value}")
        results.append(value)
    return results
