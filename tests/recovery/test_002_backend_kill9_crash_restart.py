# Proves the crash-restart path of a running server: while K clients commit, one backend
# is killed with kill -9 in the middle of a transaction (rows inserted, its counter row
# updated, no COMMIT). The postmaster (same pid) must end every other session,
# reinitialise, replay WAL and accept connections again by itself; the clients reconnect
# and go on. Afterwards every acknowledged commit is present, the victim's transaction
# and every rollback left nothing, and cut-off transactions are all-or-nothing.
# Runs on pgsnake and on PostgreSQL 15.
from __future__ import annotations

import random
import signal
import time

import psycopg
import pytest

from harness import processes
from recovery import torture

SETTINGS = {"shared_buffers": "16", "checkpoint_timeout": "30s"}


def kill_one_backend_mid_transaction(server, history, victim_client: int, attempt: int,
                                     rng: random.Random) -> None:
    victim = server.connect()
    pid = victim.info.backend_pid
    parts = rng.randint(1, 5)
    history.txns[(victim_client, 0, attempt)] = torture.Txn(
        victim_client, 0, attempt, "rollback", parts, time.time())
    victim.execute("BEGIN")
    for part in range(parts):
        victim.execute("INSERT INTO torture VALUES (%s, 0, %s, %s, 'victim')",
                       (victim_client, attempt, part), prepare=False)
    victim.execute("UPDATE counters SET n = n + 1000000 WHERE client = %s", (victim_client,),
                   prepare=False)
    assert pid in server.child_pids()
    assert not processes.kill_and_wait([pid], signal.SIGKILL)
    with pytest.raises(psycopg.OperationalError):
        victim.execute("COMMIT")
    victim.close()


def run(server, *, seed, workdir, workloads, kills: int, clients: int,
        gap: tuple[float, float]) -> None:
    rng = random.Random(seed)
    torture.create_schema(server, clients + 1)
    postmaster = server.postmaster_pid()
    history = torture.History()
    history.clients = clients + 1
    workload = torture.Workload(server, clients=clients, rnd=1, seed=seed, workdir=workdir,
                                pad=200, reconnect=True, duration=3600)
    workloads.append(workload)
    workload.start()
    for attempt in range(1, kills + 1):
        workload.wait_for_acks(workload.acknowledged() + clients, timeout=90)
        time.sleep(rng.uniform(*gap))
        kill_one_backend_mid_transaction(server, history, clients, attempt, rng)
    # The clients must get through the last crash restart and commit again.
    workload.wait_for_acks(workload.acknowledged() + clients, timeout=90)
    workload.stop()
    journals = workload.wait(timeout=30)
    history.add(journals)
    history.clients = clients + 1
    lost_connections = sum(len(j.lost) for j in journals)
    assert lost_connections >= clients, "the crash restart did not end the other sessions"
    report = torture.verify(server, history)
    print(f"{kills} backend kills, {lost_connections} lost connections: {report.summary()}")
    torture.check_accepts_new_work(server)
    assert server.postmaster_pid() == postmaster and processes.is_alive(postmaster)


@pytest.mark.parametrize("kind", ["pgsnake", "oracle"])
def test_backend_kill9_mid_transaction(kind, torture_server, seed, tmp_path, workloads):
    server = torture_server(kind, settings=SETTINGS)
    run(server, seed=seed, workdir=str(tmp_path), workloads=workloads, kills=1, clients=3,
        gap=(0.5, 2.0))


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("kind", ["pgsnake", "oracle"])
def test_backend_kill9_mid_transaction_long(kind, torture_server, seed, tmp_path, workloads):
    server = torture_server(kind, settings=SETTINGS)
    run(server, seed=seed, workdir=str(tmp_path), workloads=workloads, kills=6, clients=4,
        gap=(0.5, 10.0))
