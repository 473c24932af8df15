"""The checkpoint's two log lines (log_checkpoints, on by default in PostgreSQL 15):

    LOG:  checkpoint starting: immediate force wait
    LOG:  checkpoint complete: wrote 254 buffers (1.6%); 0 WAL file(s) added, 0 removed,
          0 recycled; write=0.025 s, sync=0.559 s, total=0.605 s; sync files=118,
          longest=0.012 s, average=0.005 s; distance=5287 kB, estimate=27879 kB

The "starting" words are the checkpoint's flags (why it runs and how): shutdown,
end-of-recovery, immediate, force, wait, wal, time, flush-all, in PostgreSQL's order and
with its bit values. distance is how far the redo point moved since the previous
checkpoint; estimate is the running estimate of that distance (raised at once to a larger
distance, else decayed by a tenth towards it), which PostgreSQL uses to size WAL
recycling. pgsnake creates WAL segments as they fill and never recycles one, so "added"
and "recycled" stay 0; "removed" counts the segments the checkpoint removed.

PostgreSQL: access/transam/xlog.c (LogCheckpointStart, LogCheckpointEnd,
UpdateCheckPointDistanceEstimate), include/access/xlog.h (CHECKPOINT_* flags).
"""
from __future__ import annotations

import time

from pgsnake.utils import elog, settings

IS_SHUTDOWN = 0x0001
END_OF_RECOVERY = 0x0002
IMMEDIATE = 0x0004
FORCE = 0x0008
FLUSH_ALL = 0x0010
WAIT = 0x0020
REQUESTED = 0x0040
CAUSE_WAL = 0x0080
CAUSE_TIME = 0x0100
_WORDS = ((IS_SHUTDOWN, "shutdown"), (END_OF_RECOVERY, "end-of-recovery"),
          (IMMEDIATE, "immediate"), (FORCE, "force"), (WAIT, "wait"), (CAUSE_WAL, "wal"),
          (CAUSE_TIME, "time"), (FLUSH_ALL, "flush-all"))

# Kept by the process that runs checkpoints (the checkpointer), as PostgreSQL keeps it.
_distance_estimate = [0.0]


class CheckpointProgress:
    """Times and counts of one checkpoint, for its "complete" line."""

    def __init__(self, flags: int):
        self.flags = flags
        self.started = time.monotonic()
        self.write_started = self.sync_started = self.sync_ended = self.started
        self.buffers_written = 0
        self.sync_files = 0
        self.segments_removed = 0

    def log_start(self) -> None:
        if settings.get("log_checkpoints"):
            words = "".join(f" {word}" for bit, word in _WORDS if self.flags & bit)
            elog.log(f"checkpoint starting:{words}")

    def log_end(self, distance_bytes: int, total_buffers: int) -> None:
        estimate = _update_distance_estimate(distance_bytes)
        if not settings.get("log_checkpoints"):
            return
        ended = time.monotonic()
        write = self.sync_started - self.write_started
        sync = self.sync_ended - self.sync_started
        # Per-file sync times are not measured one by one: the longest and the average
        # are both the mean over the files synced.
        average = sync / self.sync_files if self.sync_files else 0.0
        percent = 100.0 * self.buffers_written / total_buffers if total_buffers else 0.0
        elog.log(f"checkpoint complete: wrote {self.buffers_written} buffers ({percent:.1f}%); "
                 f"0 WAL file(s) added, {self.segments_removed} removed, 0 recycled; "
                 f"write={write:.3f} s, sync={sync:.3f} s, total={ended - self.started:.3f} s; "
                 f"sync files={self.sync_files}, longest={average:.3f} s, "
                 f"average={average:.3f} s; distance={distance_bytes // 1024} kB, "
                 f"estimate={int(estimate) // 1024} kB")


def _update_distance_estimate(distance: int) -> float:
    if _distance_estimate[0] < distance:
        _distance_estimate[0] = float(distance)
    else:
        _distance_estimate[0] = 0.90 * _distance_estimate[0] + 0.10 * distance
    return _distance_estimate[0]
