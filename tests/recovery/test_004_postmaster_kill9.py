# Proves that kill -9 of the postmaster alone, its children left running, loses no
# acknowledged commit and cannot put two servers on one data directory: while K clients
# commit, one backend is frozen (SIGSTOP) so that an old process certainly outlives the
# postmaster, and the postmaster is killed. A start attempted then must be refused with
# PostgreSQL's "pre-existing shared memory block ... is still in use" FATAL and hint;
# once the frozen backend runs again (SIGCONT), every old process, auxiliary ones
# included, must exit by itself (they wake on the postmaster-alive pipe); then the start
# runs crash recovery and every acknowledged commit is there (torture.verify).
# Runs on pgsnake and on PostgreSQL 15.
from __future__ import annotations

import os
import random
import re
import signal
import time

import pytest

from harness import processes
from recovery import torture

SETTINGS = {"shared_buffers": "16", "checkpoint_timeout": "30s"}
AUXILIARY = ("checkpointer", "background writer", "walwriter", "autovacuum launcher",
             "logical replication launcher", "startup")


def _is_backend(server, pid: int) -> bool:
    title = processes.process_title(pid) or ""
    return title.startswith(server.title_prefix) and not any(
        title.endswith(f"{server.title_prefix} {kind}") for kind in AUXILIARY)


def _refusal(log: str) -> list[str]:
    """The FATAL and HINT of a refused start, with the numbers and paths taken out."""
    lines = [re.sub(r"^.*? (FATAL|HINT):  ", r"\1:  ", line) for line in log.splitlines()
             if " FATAL:  " in line or " HINT:  " in line]
    return [re.sub(r"\(key \d+, ID \d+\)", "(key K, ID I)", re.sub(r'"/[^"]*"', '"DIR"', line))
            for line in lines]


def kill_postmaster_alone(server, rng: random.Random) -> list[str]:
    """Freeze one backend, kill -9 the postmaster, check the refused start, thaw, and
    wait for every old process to exit by itself. Returns the refusal's lines."""
    postmaster = server.postmaster_pid()
    old = server.child_pids()
    frozen = rng.choice([pid for pid in old if _is_backend(server, pid)])
    os.kill(frozen, signal.SIGSTOP)
    try:
        os.kill(postmaster, signal.SIGKILL)
        deadline = time.monotonic() + 30
        # PostgreSQL's own pid-file test counts a zombie as alive: wait for the reaper.
        while processes.exists(postmaster) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not processes.exists(postmaster)
        log_mark = server.log_size()
        refused = server.start(check=False, timeout=60)
        assert refused.returncode != 0, "a second postmaster started beside a live backend"
        assert processes.is_alive(frozen)
        refusal = _refusal(server.log_text(log_mark))
    finally:
        os.kill(frozen, signal.SIGCONT)
    deadline = time.monotonic() + 30
    while any(processes.is_alive(pid) for pid in old) and time.monotonic() < deadline:
        time.sleep(0.05)
    survivors = [(pid, processes.process_title(pid)) for pid in old if processes.is_alive(pid)]
    assert not survivors, f"old server processes outlived their postmaster: {survivors}"
    return refusal


def run_rounds(server, *, seed: int, workdir: str, workloads: list, rounds: int, clients: int,
               run_time: tuple[float, float], pad: int) -> list[list[str]]:
    rng = random.Random(seed)
    torture.create_schema(server, clients)
    history = torture.History()
    refusals = []
    for rnd in range(1, rounds + 1):
        workload = torture.Workload(server, clients=clients, rnd=rnd, seed=seed + rnd,
                                    workdir=workdir, pad=pad)
        workloads.append(workload)
        workload.start()
        workload.wait_for_acks(clients, timeout=60)
        time.sleep(rng.uniform(*run_time))
        old = server.child_pids()
        try:
            refusals.append(kill_postmaster_alone(server, rng))
        finally:
            processes.kill_and_wait([pid for pid in old if processes.is_alive(pid)],
                                    signal.SIGKILL, timeout=15)
        history.add(workload.wait(timeout=60))
        log_mark = server.log_size()
        server.start()
        report = torture.verify(server, history)
        torture.check_accepts_new_work(server)
        print(f"round {rnd}: {report.summary()}")
        if server.kind == "pgsnake":
            assert "automatic recovery in progress" in server.log_text(log_mark)
    return refusals


def test_postmaster_kill9_loses_no_commit_and_refuses_a_second_start(
        torture_server, seed, tmp_path, workloads):
    for kind in ("pgsnake", "oracle"):
        (tmp_path / kind).mkdir()
    ours = torture_server("pgsnake", settings=SETTINGS)
    our_refusals = run_rounds(ours, seed=seed, workdir=str(tmp_path / "pgsnake"),
                              workloads=workloads, rounds=1, clients=3, run_time=(1.0, 2.5),
                              pad=200)
    theirs = torture_server("oracle", settings=SETTINGS)
    their_refusals = run_rounds(theirs, seed=seed, workdir=str(tmp_path / "oracle"),
                                workloads=workloads, rounds=1, clients=3,
                                run_time=(1.0, 2.5), pad=200)
    assert our_refusals == their_refusals
    assert their_refusals[0], "the oracle's refusal was not found in its log"


@pytest.mark.slow
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("kind", ["pgsnake", "oracle"])
def test_postmaster_kill9_long(kind, torture_server, seed, tmp_path, workloads):
    rounds = int(os.environ.get("PGSNAKE_TORTURE_ROUNDS", "6"))
    server = torture_server(kind, settings=SETTINGS)
    refusals = run_rounds(server, seed=seed, workdir=str(tmp_path), workloads=workloads,
                          rounds=rounds, clients=4, run_time=(2.0, 20.0), pad=800)
    assert all(refusals)
