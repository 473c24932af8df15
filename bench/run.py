"""Run every benchmark workload on pgsnake and on PostgreSQL 15, and compare.

    python bench/run.py [--quick] [--only NAME[,NAME]] [--size N] [--repeats N] [--json FILE]
                        [--server pgsnake|postgresql] [--pause] [--list]

Starts both servers in temporary directories with the same durability settings
(bench/servers.py), runs each workload on both through psycopg over TCP, alternating
servers workload by workload, and prints: workload, rows, pgsnake time, PostgreSQL time,
ratio (pgsnake / PostgreSQL) and rows/s. Times are the best of --repeats runs. Nothing
here asserts a speed: benchmarks report, tests assert.

Entry point: main(argv)

PostgreSQL: src/bin/pgbench/pgbench.c (main), as the model of a benchmark driver
"""
from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
import traceback
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench import report, servers  # noqa: E402
from bench.workloads import WORKLOADS  # noqa: E402
from bench.workloads.base import Timed  # noqa: E402

SERVER_NAMES = ("pgsnake", "postgresql")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="small sizes and one repeat (under a minute)")
    parser.add_argument("--only", metavar="NAME[,NAME]",
                        help="run only these workloads (see --list)")
    parser.add_argument("--repeats", type=int, default=None,
                        help="runs per workload and server; the best counts "
                             "(default 3, or 1 with --quick)")
    parser.add_argument("--size", type=int, default=None,
                        help="rows (or calls) for every chosen workload instead of its "
                             "quick/full size, e.g. --only copy_from --size 1000000")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--server", choices=SERVER_NAMES, action="append",
                        help="run on this server only (repeatable; default both)")
    parser.add_argument("--pause", action="store_true",
                        help="before each timed pgsnake run, print the backend pid and wait "
                             "for Enter (attach `py-spy record -p PID` meanwhile)")
    parser.add_argument("--list", action="store_true", help="list the workloads and exit")
    args = parser.parse_args(argv)
    if args.only:
        wanted = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in wanted if n not in WORKLOADS]
        if unknown:
            parser.error(f"unknown workload(s) {', '.join(unknown)}; "
                         f"choose from {', '.join(WORKLOADS)}")
        args.workloads = wanted
    else:
        args.workloads = list(WORKLOADS)
    if args.repeats is None:
        args.repeats = 1 if args.quick else 3
    args.servers = args.server or list(SERVER_NAMES)
    return args


def backend_pid(conn) -> str:
    """From BackendKeyData (psycopg keeps it), so no server function is needed."""
    pid = conn.info.backend_pid
    return str(pid) if pid else "unknown (see `ps` for 'pgsnake: postgres ... idle')"


def measure(workload, target, size: int, repeats: int, pause: bool) -> report.Measurement:
    """Set up once (or before every repeat when the workload asks), run `repeats` times."""
    m = report.Measurement(workload=workload.name, server=target.name, rows=0)
    try:
        with target.connect() as conn:
            for repeat in range(repeats):
                if repeat == 0 or workload.reset_each_run:
                    workload.setup(conn, size)
                if pause and target.name == "pgsnake":
                    input(f"  [{workload.name}] pgsnake backend pid {backend_pid(conn)}; "
                          "press Enter to run ")
                start = time.perf_counter()
                outcome = workload.run(conn, target, size)
                elapsed = time.perf_counter() - start
                if isinstance(outcome, Timed):
                    rows, elapsed = outcome.rows, outcome.seconds
                else:
                    rows = outcome
                m.rows = rows
                m.seconds.append(elapsed)
    except Exception as e:    # report it and go on with the next workload
        m.error = f"{type(e).__name__}: {e}"
        m.traceback = traceback.format_exc()
    return m


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.list:
        for workload in WORKLOADS.values():
            print(f"{workload.name:18} quick {workload.quick_size:>7,}  full "
                  f"{workload.full_size:>7,}  {workload.measures}")
        return 0

    started_at = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    mode = "quick" if args.quick else "full"
    print(f"pgsnake benchmark, {mode} mode, best of {args.repeats}, {started_at}, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    running = servers.start_servers(args.servers)
    try:
        settings = {}
        for name, (_server, target) in running.items():
            with target.connect() as conn:
                settings[name] = servers.effective_settings(conn)
        _print_settings(settings)

        by_workload = []
        for name in args.workloads:
            workload = WORKLOADS[name]
            size = args.size or (workload.quick_size if args.quick else workload.full_size)
            results = {}
            for server_name in args.servers:
                _server, target = running[server_name]
                print(f"  {name} on {server_name} (size {size:,}) ...", end="", flush=True)
                results[server_name] = measure(workload, target, size, args.repeats, args.pause)
                m = results[server_name]
                print(" ERROR " + m.error if m.error
                      else " " + ", ".join(f"{s:.3f}s" for s in m.seconds))
            by_workload.append((name, results.get("pgsnake"), results.get("postgresql")))
    finally:
        servers.stop_servers(running)

    elapsed = time.perf_counter() - t0
    print()
    print(report.format_table(by_workload))
    print(f"\nratio = pgsnake time / PostgreSQL time (lower is better for pgsnake); "
          f"total {elapsed:.0f} s")
    if args.json:
        report.write_json(args.json, mode=mode, repeats=args.repeats, settings=settings,
                          pairs=by_workload, started=started_at, elapsed=elapsed)
        print(f"results written to {args.json}")
    print(f"load average now {os.getloadavg()[0]:.1f} (other work on the machine skews times)")
    return 1 if any((s and s.error) or (o and o.error) for _, s, o in by_workload) else 0


def _print_settings(settings: dict[str, dict[str, str]]) -> None:
    names = list(settings)
    keys = servers.SHOWN_SETTINGS
    width = max(len(k) for k in keys)
    column = {n: max([len(n)] + [len(settings[n].get(k, "-")) for k in keys]) for n in names}
    print(("settings" + " " * (width - 6)
           + "".join(f"  {n:<{column[n]}}" for n in names)).rstrip())
    for key in keys:
        print((f"  {key:<{width}}"
               + "".join(f"  {settings[n].get(key, '-'):<{column[n]}}" for n in names)).rstrip())


if __name__ == "__main__":
    sys.exit(main())
