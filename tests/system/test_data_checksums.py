# Proves data checksums as a user and an operator see them, on pgsnake and on PostgreSQL 15
# alike (every test runs on both; the oracle runs prove the expectations): initdb -k turns
# them on, says so as PostgreSQL's initdb does, records data checksum version 1 in
# pg_control (as PostgreSQL's pg_controldata reads it), and SHOW data_checksums says on
# (a fixed, internal setting); a byte changed in a table's page on disk makes a SELECT
# fail with PostgreSQL's WARNING (the calculated and stored checksums) and XX001 "invalid
# page in block B of relation base/...", and ignore_checksum_failure returns the rows
# after the WARNING, zero_damaged_pages reads on without that page; a cluster made
# without -k does not verify. PostgreSQL's own pg_checksums agrees with the server's pages: --check
# finds no failure after a workload and names the block we damaged; --enable turns
# checksums on for a cluster made without them, and the server then verifies them.
from __future__ import annotations

import os
import re
import struct
import subprocess

import psycopg
import pytest

from harness import servers
from harness.servers import PG_BIN_FALLBACK

from pgsnake.storage.page.checksum import page_checksum

BLCKSZ = 8192
ROWS = 2000


def _pg_checksums() -> str:
    path = os.path.join(PG_BIN_FALLBACK, "pg_checksums")
    if not os.access(path, os.X_OK):
        pytest.skip("PostgreSQL 15's pg_checksums is not installed")
    return path


def run_pg_checksums(server, *options: str) -> subprocess.CompletedProcess:
    """PostgreSQL's pg_checksums on a stopped cluster (as the oracle's OS user for its own)."""
    args = [_pg_checksums(), *options, "-D", server.datadir]
    if hasattr(server, "binaries"):
        return server.command(*args)
    return subprocess.run(args, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, LC_ALL="C"))


def fill_table(server) -> tuple[str, int]:
    """A table of ROWS rows on several pages, checkpointed; returns (its file relative to
    the data directory, the number of its last block)."""
    with server.connect() as conn:
        conn.execute("CREATE TABLE checked (id int, label text)")
        conn.execute(f"INSERT INTO checked SELECT g, 'row ' || g::text "
                     f"FROM generate_series(1, {ROWS}) g")
        conn.execute("UPDATE checked SET label = label || '!' WHERE id % 10 = 0")
        conn.execute("SELECT count(*) FROM checked")          # sets hint bits
        conn.execute("CHECKPOINT")
        (path,) = conn.execute("SELECT pg_relation_filepath('checked')").fetchone()
    return path, os.path.getsize(os.path.join(server.datadir, path)) // BLCKSZ - 1


def damage_free_space(server, path: str, blockno: int) -> bytes:
    """Change one byte in the free space of a block (so the rows stay intact: only the
    checksum can tell). Returns the damaged page."""
    full = os.path.join(server.datadir, path)
    with open(full, "r+b") as fh:
        fh.seek(blockno * BLCKSZ)
        page = bytearray(fh.read(BLCKSZ))
        lower, upper = struct.unpack_from("<HH", page, 12)
        assert upper - lower > 16, "the last block should have free space"
        page[(lower + upper) // 2] ^= 0xA5
        fh.seek(blockno * BLCKSZ)
        fh.write(page)
    return bytes(page)


def expected_warning(page: bytes, blockno: int) -> str:
    stored = struct.unpack_from("<H", page, 8)[0]
    return (f"page verification failed, calculated checksum {page_checksum(page, blockno)} "
            f"but expected {stored}")


def collect_notices(conn) -> list:
    seen = []
    conn.add_notice_handler(lambda diag: seen.append((diag.severity, diag.sqlstate,
                                                      diag.message_primary)))
    return seen


def _checksum_line(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("Data page checksums"))


@pytest.mark.parametrize("options", [("-k",), ("--data-checksums",), ()])
def test_initdb_says_and_pg_control_records_whether_checksums_are_on(options, postgres_binaries):
    ours = servers.PgsnakeServer()
    theirs = servers.OracleServer(postgres_binaries)
    try:
        said = [_checksum_line(server.initdb(*options).stdout) for server in (ours, theirs)]
        assert said[0] == said[1] == ("Data page checksums are enabled." if options
                                      else "Data page checksums are disabled.")
        controldata = os.path.join(PG_BIN_FALLBACK, "pg_controldata")
        versions = [re.search(r"Data page checksum version:\s+(\d+)",
                              subprocess.run([controldata, server.datadir], capture_output=True,
                                             text=True, timeout=60).stdout).group(1)
                    for server in (ours, theirs)]
        assert versions[0] == versions[1] == ("1" if options else "0")
    finally:
        ours.cleanup()
        theirs.cleanup()


def test_initdb_k_turns_checksums_on_and_show_says_so(make_server):
    server = make_server(initdb_args=("-k",))
    with server.connect() as conn:
        assert conn.execute("SHOW data_checksums").fetchone() == ("on",)
        assert conn.execute("SELECT current_setting('data_checksums')").fetchone() == ("on",)
        with pytest.raises(psycopg.Error) as refused:
            conn.execute("SET data_checksums = off")
        assert refused.value.sqlstate == "55P02"
        assert refused.value.diag.message_primary == 'parameter "data_checksums" cannot be changed'


def test_without_k_checksums_are_off(shared_server):
    with shared_server.connect() as conn:
        assert conn.execute("SHOW data_checksums").fetchone() == ("off",)


def test_a_damaged_page_fails_with_xx001_and_ignore_checksum_failure_reads_it(make_server):
    server = make_server(initdb_args=("-k",))
    path, blockno = fill_table(server)
    server.stop()
    page = damage_free_space(server, path, blockno)
    server.start()
    with server.connect() as conn:
        notices = collect_notices(conn)
        with pytest.raises(psycopg.Error) as failure:
            conn.execute("SELECT count(*) FROM checked")
        assert failure.value.sqlstate == "XX001"
        assert failure.value.diag.severity == "ERROR"
        assert failure.value.diag.message_primary == \
            f"invalid page in block {blockno} of relation {path}"
        assert notices == [("WARNING", "XX001", expected_warning(page, blockno))]
        notices.clear()
        conn.execute("SET ignore_checksum_failure = on")
        assert conn.execute("SELECT count(*), sum(id) FROM checked").fetchone() == \
            (ROWS, ROWS * (ROWS + 1) // 2)
        assert notices == [("WARNING", "XX001", expected_warning(page, blockno))]
    assert expected_warning(page, blockno) in server.log_text()


def test_zero_damaged_pages_reads_on_without_the_damaged_page(make_server):
    server = make_server(initdb_args=("-k",))
    path, blockno = fill_table(server)
    server.stop()
    page = damage_free_space(server, path, blockno)
    server.start()
    with server.connect() as conn:
        notices = collect_notices(conn)
        conn.execute("SET zero_damaged_pages = on")
        (count,) = conn.execute("SELECT count(*) FROM checked").fetchone()
        assert 0 < count < ROWS                  # the rows of the zeroed block are gone
        assert notices == [
            ("WARNING", "XX001", expected_warning(page, blockno)),
            ("WARNING", "XX001", f"invalid page in block {blockno} of relation {path}; "
                                 f"zeroing out page")]


def test_a_cluster_without_checksums_does_not_verify(make_server):
    server = make_server()
    path, blockno = fill_table(server)
    server.stop()
    page = damage_free_space(server, path, blockno)
    assert struct.unpack_from("<H", page, 8)[0] == 0          # no checksum was written
    server.start()
    with server.connect() as conn:
        notices = collect_notices(conn)
        assert conn.execute("SELECT count(*) FROM checked").fetchone() == (ROWS,)
        assert notices == []


def test_pg_checksums_agrees_with_the_servers_pages(make_server):
    server = make_server(initdb_args=("-k",))
    path, blockno = fill_table(server)
    with server.connect() as conn:
        conn.execute("DELETE FROM checked WHERE id % 7 = 0")
        conn.execute("CREATE TABLE other (n int)")
        conn.execute("INSERT INTO other SELECT g FROM generate_series(1, 500) g")
    server.stop()
    clean = run_pg_checksums(server, "--check")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"Bad checksums:\s+0\b", clean.stdout)
    assert int(re.search(r"Blocks scanned:\s+(\d+)", clean.stdout).group(1)) > 100
    damage_free_space(server, path, blockno)
    damaged = run_pg_checksums(server, "--check")
    assert damaged.returncode == 1
    assert re.search(r"Bad checksums:\s+1\b", damaged.stdout)
    assert (f'checksum verification failed in file "{os.path.join(server.datadir, path)}", '
            f"block {blockno}:") in damaged.stderr


def test_pg_checksums_enable_on_a_cluster_made_without_them(make_server):
    server = make_server()
    path, blockno = fill_table(server)
    server.stop()
    enabled = run_pg_checksums(server, "--enable", "--no-sync")
    assert enabled.returncode == 0, enabled.stdout + enabled.stderr
    server.start()
    with server.connect() as conn:
        assert conn.execute("SHOW data_checksums").fetchone() == ("on",)
        assert conn.execute("SELECT count(*) FROM checked").fetchone() == (ROWS,)
    server.stop()
    page = damage_free_space(server, path, blockno)
    server.start()
    with server.connect() as conn:
        with pytest.raises(psycopg.Error) as failure:
            conn.execute("SELECT count(*) FROM checked")
        assert failure.value.sqlstate == "XX001"
    assert expected_warning(page, blockno) in server.log_text()
