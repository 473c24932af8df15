"""A pgsnake server whose durable-file operations a test can fault, and power-loss
simulation after kill -9 (pgsnake/storage/file/: fault_injection.py, power_loss.py).

    server = make_faulty_server(make_pgsnake_server, power_loss=False, settings=...)
    server.faults.arm(Fault("ENOSPC", op="extend", path="base/*"))   # takes effect at once
    server.faults.disarm()
    server.faults.statistics()          # per armed fault: hits, fired, bytes
    server.kill_all_9(); server.faults.power_loss(mode="random", seed=7); server.start()

The control directory is `<server base dir>/faults`, next to the data directory; the
server gets PGSNAKE_FAULT_INJECTION pointing at it when it starts (initdb runs without).
Only pgsnake can be faulted: the oracle's file I/O is out of reach of this layer.
"""
from __future__ import annotations

import os

from pgsnake.storage.file import fault_injection
from pgsnake.storage.file import power_loss as simulation
from pgsnake.storage.file.fault_injection import Fault  # noqa: F401  (re-exported for tests)


class FaultControl:
    def __init__(self, directory: str, data_directory: str) -> None:
        self.directory = directory
        self.data_directory = data_directory

    def arm(self, *faults: Fault, power_loss: bool | None = None) -> None:
        fault_injection.arm(self.directory, *faults, power_loss=power_loss)

    def disarm(self, *, power_loss: bool | None = None) -> None:
        fault_injection.disarm(self.directory, power_loss=power_loss)

    def statistics(self) -> list[fault_injection.FaultStatistics]:
        return fault_injection.statistics(self.directory)

    def fired(self, index: int = 0) -> int:
        stats = self.statistics()
        return stats[index].fired if index < len(stats) else 0

    def power_loss(self, *, mode: str = "drop", seed: int | None = None) -> simulation.PowerLossReport:
        """Roll the data directory back as a power failure would (every server process
        must be dead: call after kill_all_9)."""
        return simulation.power_loss(self.directory, self.data_directory, mode=mode, seed=seed)


def make_faulty_server(make_pgsnake_server, *, power_loss: bool = False, start: bool = True,
                       **kwargs):
    """A private pgsnake server (from the make_pgsnake_server fixture) with the fault
    facility enabled; `power_loss` journals unsynced writes from its first start."""
    server = make_pgsnake_server(start=False, **kwargs)
    directory = os.path.join(server.base_dir, "faults")
    server.faults = FaultControl(directory, server.datadir)
    server.faults.arm(power_loss=power_loss)
    server.env["PGSNAKE_FAULT_INJECTION"] = directory
    if start:
        server.start()
    return server
