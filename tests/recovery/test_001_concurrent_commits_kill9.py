# Proves that once COMMIT returns the transaction survives kill -9 of the postmaster and
# all its children at a random moment, and that a crash never leaves a half-visible
# transaction: K client processes commit small transactions (single and multi-row
# INSERTs, counter UPDATEs paired with a marker row, ROLLBACKs) while the server is killed;
# after each restart every journal is checked (see recovery/torture.py, verify()). Small
# shared_buffers force buffer evictions and background writes, a thread issues CHECKPOINT
# every 0.3-1.5 s (and checkpoint_timeout=30s adds timed ones) so kills land during
# checkpoints, and the slow variant's padding pushes
# WAL across page and segment boundaries. Runs on pgsnake and on PostgreSQL 15.
from __future__ import annotations

import os
import random
import time

import pytest

from recovery import torture

SETTINGS = {"shared_buffers": "16", "checkpoint_timeout": "30s"}


def run_rounds(server, *, seed: int, workdir: str, workloads: list, rounds: int,
               clients: int, run_time: tuple[float, float], pad: int,
               filler: bool = False) -> torture.History:
    rng = random.Random(seed)
    torture.create_schema(server, clients + filler)
    history = torture.History()
    for rnd in range(1, rounds + 1):
        workload = torture.Workload(server, clients=clients, rnd=rnd, seed=seed + rnd,
                                    workdir=workdir, pad=pad, filler=filler)
        workloads.append(workload)
        workload.start()
        checkpoints = torture.CheckpointLoop(server, seed + rnd)
        checkpoints.start()
        workload.wait_for_acks(clients, timeout=60)
        time.sleep(rng.uniform(*run_time))
        log_mark = server.log_size()
        server.kill_all_9()
        checkpoints.stop()
        history.add(workload.wait(timeout=60))
        server.start()
        report = torture.verify(server, history)
        torture.check_accepts_new_work(server)
        print(f"round {rnd}: {report.summary()}; {checkpoints.done} CHECKPOINTs "
              f"{checkpoints.unsupported}")
        if server.kind == "pgsnake":
            assert "automatic recovery in progress" in server.log_text(log_mark)
    return history


@pytest.mark.parametrize("kind", ["pgsnake", "oracle"])
def test_concurrent_commits_survive_kill9(kind, torture_server, seed, tmp_path, workloads):
    server = torture_server(kind, settings=SETTINGS)
    # The oracle round only proves the expectations; one is enough in the default tier.
    run_rounds(server, seed=seed, workdir=str(tmp_path), workloads=workloads,
               rounds=2 if kind == "pgsnake" else 1, clients=3, run_time=(1.0, 2.5), pad=200)


@pytest.mark.slow
@pytest.mark.timeout(1500)
@pytest.mark.parametrize("kind", ["pgsnake", "oracle"])
def test_concurrent_commits_survive_kill9_long(kind, torture_server, seed, tmp_path,
                                               workloads):
    rounds = int(os.environ.get("PGSNAKE_TORTURE_ROUNDS", "6"))
    server = torture_server(kind, settings=SETTINGS)
    history = run_rounds(server, seed=seed, workdir=str(tmp_path), workloads=workloads,
                         rounds=rounds, clients=4, run_time=(5.0, 35.0), pad=1500,
                         filler=True)
    segments = [f for f in os.listdir(os.path.join(server.datadir, "pg_wal"))
                if len(f) == 24]
    print(f"{history.counts()}; WAL segments now in pg_wal: {sorted(segments)}")
