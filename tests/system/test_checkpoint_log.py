# log_checkpoints (on by default in PostgreSQL 15): each checkpoint writes a "starting"
# line naming why it runs (CHECKPOINT: immediate force wait; pg_backup_start: force wait,
# or immediate force wait when fast; shutdown: shutdown immediate) and a "complete" line
# with its counts, times and WAL distance, in PostgreSQL 15's format, on both servers.
from __future__ import annotations

import re

import pytest

COMPLETE = re.compile(
    r"checkpoint complete: wrote \d+ buffers \(\d+\.\d%\); \d+ WAL file\(s\) added, \d+ removed, "
    r"\d+ recycled; write=\d+\.\d{3} s, sync=\d+\.\d{3} s, total=\d+\.\d{3} s; sync files=\d+, "
    r"longest=\d+\.\d{3} s, average=\d+\.\d{3} s; distance=\d+ kB, estimate=\d+ kB$")


def _checkpoint_lines(server) -> list[str]:
    start = server.log_size()
    with server.connect() as conn:
        conn.execute("CREATE TABLE ckpt_logged AS SELECT generate_series(1, 500) AS x")
        conn.execute("CHECKPOINT")
        for fast in (False, True):
            conn.execute("SELECT pg_backup_start(%s, %s)", (f"label {fast}", fast))
            conn.execute("SELECT pg_backup_stop()")
    server.stop()
    lines = [line.split("LOG:  ", 1)[1] for line in server.log_text(since=start).splitlines()
             if "LOG:  checkpoint " in line]
    for line in lines:
        assert line.startswith("checkpoint starting:") or COMPLETE.match(line), line
    return lines


@pytest.mark.timeout(300)
def test_checkpoint_log_lines_match_postgresql(make_pgsnake_server, make_oracle_server):
    ours = _checkpoint_lines(make_pgsnake_server())
    theirs = _checkpoint_lines(make_oracle_server())
    starting = [line for line in ours if line.startswith("checkpoint starting:")]
    assert starting == [line for line in theirs if line.startswith("checkpoint starting:")]
    assert starting == ["checkpoint starting: immediate force wait",
                        "checkpoint starting: force wait",
                        "checkpoint starting: immediate force wait",
                        "checkpoint starting: shutdown immediate"]
    assert len(ours) == len(theirs) == 8
