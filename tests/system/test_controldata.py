# Proves pgsnake's global/pg_control is PostgreSQL 15's: PostgreSQL's own pg_controldata
# reads a freshly initdb'd pgsnake directory (exit 0, no CRC warning) and shows our system
# identifier (the one in the WAL's long page header), the "shut down" state and the
# checkpoint/REDO locations; a running server's file says "in production";
# `pgsnake controldata` prints exactly what pg_controldata prints for the same file; and
# `pgsnake waldump` lists the INSERT, COMMIT and CHECKPOINT records of the cluster's WAL.
import os
import re
import struct
import subprocess

import pytest

from harness.servers import PG_BIN_FALLBACK

from pgsnake.access.transam.wal import control_file


def _pg_controldata():
    path = os.path.join(PG_BIN_FALLBACK, "pg_controldata")
    if not os.access(path, os.X_OK):
        pytest.skip("PostgreSQL 15's pg_controldata is not installed")
    return path


def _run_pg_controldata(datadir: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, TZ="UTC", LC_ALL="C")
    return subprocess.run([_pg_controldata(), datadir], capture_output=True, text=True,
                          timeout=60, env=env)


def _value(report: str, label: str) -> str:
    match = re.search(rf"^{re.escape(label)}:\s*(.*)$", report, re.MULTILINE)
    assert match, f"{label!r} not in:\n{report}"
    return match.group(1)


def _wal_system_identifier(datadir: str) -> int:
    wal_dir = os.path.join(datadir, "pg_wal")
    first = sorted(f for f in os.listdir(wal_dir) if re.fullmatch(r"[0-9A-F]{24}", f))[0]
    with open(os.path.join(wal_dir, first), "rb") as fh:
        return struct.unpack_from("<Q", fh.read(40), 24)[0]     # xlp_sysid


def test_postgresql_pg_controldata_reads_a_fresh_pgsnake_cluster(make_pgsnake_server):
    server = make_pgsnake_server(start=False)
    done = _run_pg_controldata(server.datadir)
    assert done.returncode == 0, done.stderr
    report = done.stdout
    assert "WARNING" not in report
    assert _value(report, "pg_control version number") == "1300"
    assert _value(report, "Catalog version number") == "202209061"
    assert int(_value(report, "Database system identifier")) == _wal_system_identifier(server.datadir)
    assert _value(report, "Database cluster state") == "shut down"
    ours = control_file.read(os.path.join(server.datadir, "global", "pg_control"))
    checkpoint = f"{ours.checkpoint_lsn >> 32:X}/{ours.checkpoint_lsn & 0xFFFFFFFF:X}"
    redo = f"{ours.redo_lsn >> 32:X}/{ours.redo_lsn & 0xFFFFFFFF:X}"
    assert _value(report, "Latest checkpoint location") == checkpoint
    assert _value(report, "Latest checkpoint's REDO location") == redo
    assert _value(report, "Latest checkpoint's NextOID") == "16384"

    # Our own tool prints the same report, line for line.
    mine = server.command("controldata", "-D", server.datadir, env={"TZ": "UTC", "LC_ALL": "C"})
    assert mine.returncode == 0, mine.stderr
    assert mine.stdout == report


def test_running_cluster_is_in_production_and_waldump_lists_records(make_pgsnake_server):
    server = make_pgsnake_server()
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE TABLE cd_t (id int4, note text)")
        conn.execute("INSERT INTO cd_t VALUES (1, 'one'), (2, 'two')")
        conn.execute("CHECKPOINT")
    report = _run_pg_controldata(server.datadir)
    assert report.returncode == 0 and "WARNING" not in report.stdout
    assert _value(report.stdout, "Database cluster state") == "in production"
    mine = server.command("controldata", server.datadir, env={"TZ": "UTC", "LC_ALL": "C"})
    assert mine.stdout == report.stdout

    server.stop("fast")
    assert _value(_run_pg_controldata(server.datadir).stdout, "Database cluster state") == "shut down"
    dump = server.command("waldump", "-p", server.datadir)
    # Like pg_waldump, reading stops at the zeroes after the last record.
    assert "invalid record length" in dump.stderr, dump.stderr
    lines = dump.stdout.splitlines()
    assert lines and all(line.startswith("rmgr: ") for line in lines)
    text = "\n".join(lines)
    for kind in ("desc: INSERT", "desc: COMMIT", "desc: CHECKPOINT_ONLINE", "desc: CHECKPOINT_SHUTDOWN"):
        assert kind in text, kind
    assert "UNKNOWN" not in text
    # The last record is the shutdown checkpoint that pg_control points at.
    ours = control_file.read(os.path.join(server.datadir, "global", "pg_control"))
    assert f"lsn: {ours.checkpoint_lsn >> 32:X}/{ours.checkpoint_lsn & 0xFFFFFFFF:08X}" in lines[-1]
    assert "CHECKPOINT_SHUTDOWN" in lines[-1]

    # -n limits the count; STARTSEG names the segment to start in.
    first = sorted(f for f in os.listdir(os.path.join(server.datadir, "pg_wal"))
                   if re.fullmatch(r"[0-9A-F]{24}", f))[0]
    limited = server.command("waldump", "-p", server.datadir, "-n", "2", first)
    assert limited.returncode == 0 and len(limited.stdout.splitlines()) == 2
