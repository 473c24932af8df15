# Prepared transactions survive a power failure, not only kill -9: test_004's scenario
# (one prepared transaction whose state is only in WAL, one moved to a pg_twophase file by
# a CHECKPOINT, one prepared after it; kill, restart, locks and invisibility kept, COMMIT
# and ROLLBACK PREPARED, clean restart) on a server whose unsynced writes are journalled,
# with the data directory rolled back to its fsynced state after the kill. The state file
# and its directory entry must have been fsynced before the checkpoint that made the WAL
# copy unnecessary, and every PREPARE record before its acknowledgement. pgsnake only: the
# file layer cannot reach PostgreSQL's I/O.
from __future__ import annotations

from harness.faults import make_faulty_server
from recovery.test_004_prepared_transactions_kill9 import SETTINGS, run


def test_prepared_transactions_survive_power_loss(make_pgsnake_server):
    server = make_faulty_server(make_pgsnake_server, power_loss=True, settings=SETTINGS)
    kill = server.kill_all_9
    undone = []

    def kill_and_lose_power() -> None:
        kill()
        undone.append(server.faults.power_loss(mode="drop"))

    server.kill_all_9 = kill_and_lose_power
    run(server)
    assert len(undone) == 1 and undone[0].records > 0
