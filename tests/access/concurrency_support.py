"""Running an index concurrency test's threads: writers that insert, and watchers (a
scanner, a summariser, ...) that loop until the writers are done.

    run_writers_and_watchers(writer, writers, watchers)

writer(n) runs in `writers` threads (n = 0, 1, ...); each watcher(done) runs in a
thread of its own, started first, and loops until `done` (a threading.Event) is set,
which happens once every writer has returned. An exception in any thread is re-raised
in the calling (test) thread, the first one raised, after all have stopped.
"""
from __future__ import annotations

import threading
from typing import Callable


def run_writers_and_watchers(writer: Callable[[int], None], writers: int,
                             watchers: list[Callable[[threading.Event], None]],
                             writer_timeout: float = 600,
                             watcher_timeout: float = 120) -> None:
    errors: list[BaseException] = []
    done = threading.Event()

    def guarded(fn, *args) -> None:
        try:
            fn(*args)
        except BaseException as exc:      # reported by the test's thread
            errors.append(exc)

    watching = [threading.Thread(target=guarded, args=(watcher, done)) for watcher in watchers]
    writing = [threading.Thread(target=guarded, args=(writer, n)) for n in range(writers)]
    for thread in watching + writing:
        thread.start()
    for thread in writing:
        thread.join(timeout=writer_timeout)
    done.set()
    for thread in watching:
        thread.join(timeout=watcher_timeout)
    if errors:
        raise errors[0]
