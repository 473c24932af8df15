# Proves that an acknowledged COMMIT survives a power failure, not just kill -9: the server
# runs with the durable-file layer journalling every write no fsync has made durable yet
# (pgsnake/storage/file/power_loss.py); at a random moment every server process is killed
# with SIGKILL and the data directory is rolled back to what a power failure could leave:
# "drop" keeps only what was fsynced (and names a directory fsync made durable), "random"
# also keeps, per file, a random prefix of the unsynced writes and tears the next one at a
# sector boundary (WAL-before-data must hold for every such mix). Some rounds are a plain
# kill -9 whose unsynced writes stay in the journal, so a later power failure checks that
# crash recovery made durable what it had replayed and let clients see; in "recovery"
# rounds the startup process itself dies at a random write of its replay or its
# end-of-recovery checkpoint, and the power fails then. After each restart
# recovery/torture.py's verify() checks every journal: no acknowledged commit lost, no
# half-visible transaction, counters atomic with their markers, decided outcomes stable.
# Runs on pgsnake only: the file layer cannot reach PostgreSQL's own I/O.
from __future__ import annotations

import os
import random
import time

import pytest

from harness.faults import Fault, make_faulty_server
from recovery import torture

SETTINGS = {"shared_buffers": "16", "checkpoint_timeout": "30s"}
MODES = ("kill9", "random", "drop", "recovery")


def run_rounds(server, *, seed: int, workdir: str, workloads: list, rounds: int,
               clients: int, run_time: tuple[float, float], pad: int,
               filler: bool = False) -> torture.History:
    rng = random.Random(seed)
    torture.create_schema(server, clients + filler)
    history = torture.History()
    # The first rounds are a plain kill -9 (its unsynced writes stay in the journal for
    # the next power failure to undo), then both roll-back modes; then modes at random.
    modes = list(MODES) + [rng.choice(MODES) for _ in range(max(0, rounds - len(MODES)))]
    for rnd, mode in enumerate(modes[:rounds], 1):
        workload = torture.Workload(server, clients=clients, rnd=rnd, seed=seed + rnd,
                                    workdir=workdir, pad=pad, filler=filler)
        workloads.append(workload)
        workload.start()
        checkpoints = torture.CheckpointLoop(server, seed + rnd)
        checkpoints.start()
        workload.wait_for_acks(clients, timeout=60)
        time.sleep(rng.uniform(*run_time))
        server.kill_all_9()
        checkpoints.stop()
        history.add(workload.wait(timeout=60))
        log_mark = server.log_size()
        if mode == "kill9":
            undone = "nothing undone (kill -9 only)"
        elif mode == "recovery":
            undone = crash_recovery_then_lose_power(server, seed * 100 + rnd)
        else:
            undone = server.faults.power_loss(mode=mode, seed=seed * 100 + rnd).summary()
        server.start()
        report = torture.verify(server, history)
        torture.check_accepts_new_work(server)
        print(f"round {rnd} ({mode}): {undone}; {report.summary()}; "
              f"{checkpoints.done} CHECKPOINTs")
        assert "automatic recovery in progress" in server.log_text(log_mark)
    return history


def crash_recovery_then_lose_power(server, seed: int) -> str:
    """Start the killed server with its startup process set to SIGKILL itself at one of
    its data-file writes (chosen at random), then roll back as a power failure would."""
    server.faults.arm(Fault("crash", op=("write", "extend"), path="base/*",
                            process="startup", probability=0.1, seed=seed, times=1))
    server.start(check=False)
    crashed = server.faults.fired()
    deadline = time.monotonic() + 60
    while server.is_running() and crashed:      # the postmaster gives up after the crash
        assert time.monotonic() < deadline, "the server did not stop after its startup crash"
        time.sleep(0.1)
    server.kill_all_9()                          # if it never fired, recovery finished
    server.faults.disarm()
    where = "startup process killed in recovery" if crashed else "recovery not interrupted"
    return f"{where}; " + server.faults.power_loss(mode="drop", seed=seed).summary()


def test_commits_survive_power_loss(make_pgsnake_server, seed, tmp_path, workloads):
    # With data checksums (initdb -k): a torn page that no full-page image repairs would
    # also fail its checksum (XX001) when verify() reads it.
    server = make_faulty_server(make_pgsnake_server, power_loss=True, settings=SETTINGS,
                                initdb_args=("-k",))
    run_rounds(server, seed=seed, workdir=str(tmp_path), workloads=workloads, rounds=4,
               clients=3, run_time=(0.8, 2.0), pad=200)


@pytest.mark.slow
@pytest.mark.timeout(2400)
def test_commits_survive_power_loss_long(make_pgsnake_server, seed, tmp_path, workloads):
    rounds = int(os.environ.get("PGSNAKE_TORTURE_ROUNDS", "8"))
    server = make_faulty_server(make_pgsnake_server, power_loss=True, settings=SETTINGS)
    history = run_rounds(server, seed=seed, workdir=str(tmp_path), workloads=workloads,
                         rounds=rounds, clients=4, run_time=(5.0, 30.0), pad=1500,
                         filler=True)
    print(history.counts())
