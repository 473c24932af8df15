"""Profile one workload inside a pgsnake backend with cProfile.

    python bench/profile_backend.py copy_from [--size N] [--top 40] [--sort tottime]

Starts a throwaway pgsnake server with PGSNAKE_PROFILE_DIR set
(pgsnake/utils/backend_profile.py), runs the workload's setup on one connection and its
timed part on a fresh one, closes it, and prints the backend's profile of the run.
Timings under cProfile are inflated (about 2x for call-heavy code); read the shares.

Entry point: main(argv)
"""
from __future__ import annotations

import argparse
import glob
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench import servers  # noqa: E402
from bench.workloads import WORKLOADS  # noqa: E402
from bench.workloads.base import Target  # noqa: E402
from tests.harness.servers import PgsnakeServer  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workload", choices=sorted(WORKLOADS))
    parser.add_argument("--size", type=int, default=None)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--save", metavar="FILE", help="also copy the raw profile to FILE")
    args = parser.parse_args(argv)
    workload = WORKLOADS[args.workload]
    size = args.size or workload.quick_size
    with tempfile.TemporaryDirectory() as profile_dir:
        os.chmod(profile_dir, 0o777)
        server = PgsnakeServer(settings=servers.COMMON_SETTINGS,
                               env={"PGSNAKE_PROFILE_DIR": profile_dir})
        try:
            server.initdb()
            server.start()
            target = Target("pgsnake", server.host, server.port, server.user, server.dbname)
            with target.connect() as conn:
                workload.setup(conn, size)
            for old in glob.glob(os.path.join(profile_dir, "*.prof")):
                os.unlink(old)
            with target.connect() as conn:
                pid = conn.info.backend_pid
                started = time.perf_counter()
                workload.run(conn, target, size)
                elapsed = time.perf_counter() - started
            path = os.path.join(profile_dir, f"backend-{pid}.prof")
            last_size = -1
            for _ in range(200):        # the backend writes the file as it exits
                size_now = os.path.getsize(path) if os.path.exists(path) else -1
                if size_now > 0 and size_now == last_size:
                    break
                last_size = size_now
                time.sleep(0.2)
            print(f"{args.workload}: {size} rows in {elapsed:.2f} s (under cProfile)")
            pstats.Stats(path).sort_stats(args.sort).print_stats(args.top)
            if args.save:
                shutil.copyfile(path, args.save)
        finally:
            server.stop(check=False)
            server.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
