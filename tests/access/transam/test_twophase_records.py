# The bytes of two-phase commit are PostgreSQL 15's: a state packed by pgsnake parses
# back to itself; a pg_twophase file written by the real PostgreSQL 15 parses with the
# right gid, xid, subxids, files to remove, invalidation flag and lock records, and
# (without invalidation messages) packs back to the same bytes; a corrupt file is
# refused; and PostgreSQL's own pg_waldump reads pgsnake's PREPARE / COMMIT_PREPARED /
# ABORT_PREPARED records exactly as pgsnake's waldump describes them.
import os
import re
import struct
import subprocess
import sys

import pytest

from pgsnake.access.transam import twophase_records as tr
from pgsnake.storage.lmgr import lock_modes, lock_tag
from pgsnake.storage.smgr.relation_path import RelFileLocator
from pgsnake.utils.errors import PgError

from harness.servers import PG_BIN_FALLBACK


def test_state_round_trip():
    state = tr.PreparedState(
        xid=1234, database=5, prepared_at=123456789, owner=10, gid="gid-é",
        subxids=(1235, 1236), commit_rels=(RelFileLocator(1663, 5, 16384),),
        abort_rels=(RelFileLocator(1663, 5, 16390), RelFileLocator(1663, 5, 16393)),
        catalog_changed=True,
        records=((tr.RM_LOCK, 0, tr.pack_lock_record(lock_tag.relation(5, 16384).pack(),
                                                     lock_modes.ACCESS_EXCLUSIVE)),
                 (tr.RM_PREDICATELOCK, 3, b"abc")))
    data = tr.pack_state(state)
    assert len(data) % 8 == 0 and struct.unpack_from("<I", data, 4)[0] == len(data) + 4
    assert tr.parse_state(data) == state
    assert tr.check_crc(tr.with_crc(data), 1234) == data
    described = tr.describe_prepare(data, lambda t: "T")
    assert described == ("gid gid-é: T; rels(commit): base/5/16384; rels(abort): base/5/16390 "
                         "base/5/16393; subxacts: 1235 1236; inval msgs: relcache 0")


def test_corrupt_states_are_refused():
    data = tr.with_crc(tr.pack_state(tr.PreparedState(9, 5, 0, 10, "g")))
    damaged = bytearray(data)
    damaged[20] ^= 1
    for bad, message in ((bytes(damaged), "calculated CRC checksum does not match"),
                         (data[:-1], "corrupted two-phase state file"),
                         (data[:10], "incorrect size of file")):
        with pytest.raises(PgError) as e:
            tr.check_crc(bad, 9)
        assert e.value.sqlstate == "XX001" and message in e.value.message
    with pytest.raises(PgError) as e:
        tr.parse_state(b"\0" * 80)
    assert e.value.sqlstate == "XX001"


def test_finish_record_round_trip():
    from types import SimpleNamespace
    from pgsnake.access.transam import xact_records as xr
    rels = (RelFileLocator(1663, 5, 16400),)
    has_info, data = xr.pack(42, subxids=(778, 779), rels=rels, twophase_xid=777)
    info = xr.XLOG_XACT_COMMIT_PREPARED | has_info
    parsed = xr.parse(info, data)
    assert (parsed.xact_time, parsed.twophase_xid, parsed.subxids, parsed.rels) == \
        (42, 777, (778, 779), rels)
    text = xr.describe(SimpleNamespace(info=info, main_data=data))
    assert text.startswith("777: ") and text.endswith("; rels: base/5/16400; subxacts: 778 779")


def _padding_offsets(data: bytes) -> set[int]:
    """Alignment bytes, which PostgreSQL leaves uninitialised: the header's pad byte, each
    section's tail up to 8-byte alignment, each record header's pad byte."""
    (_m, _t, _x, _d, _p, _o, nsub, ncommit, nabort, ncs, nas, ninval, _i, gidlen, _ol,
     _ot) = struct.unpack_from("<IIIIqIiiiiiiBxHQq", data, 0)
    out = {53}
    at = 72
    for size in (gidlen, 4 * nsub, 12 * ncommit, 12 * nabort, 12 * ncs, 12 * nas, 16 * ninval):
        padded = (size + 7) & ~7
        out.update(range(at + size, at + padded))
        at += padded
    while True:
        length, rmid, _info = struct.unpack_from("<IBxH", data, at)
        out.add(at + 5)
        at += 8
        if rmid == tr.RM_END:
            return out
        padded = (length + 7) & ~7
        out.update(range(at + length, at + padded))
        at += padded


def test_postgresql_state_files_parse(make_oracle_server):
    server = make_oracle_server(settings={"max_prepared_transactions": "3"})
    with server.connect() as conn:
        conn.execute("CREATE TABLE old (a int4)")
        (old_path,) = conn.execute("SELECT pg_relation_filepath('old')").fetchone()
        conn.execute("CREATE TABLE plain (a int4)")
        (plain_oid,) = conn.execute("SELECT 'plain'::regclass::oid").fetchone()
        conn.execute("BEGIN")
        conn.execute("INSERT INTO plain VALUES (1)")
        conn.execute("PREPARE TRANSACTION 'dml'")
        conn.execute("BEGIN")
        conn.execute("SAVEPOINT s")
        conn.execute("DROP TABLE old")
        conn.execute("CREATE TABLE new (a int4)")
        (new_path,) = conn.execute("SELECT pg_relation_filepath('new')").fetchone()
        conn.execute("PREPARE TRANSACTION 'ddl'")
        conn.execute("CHECKPOINT")
        xids = dict(conn.execute("SELECT gid, transaction::text::int8 FROM pg_prepared_xacts").fetchall())
        (database,) = conn.execute("SELECT oid FROM pg_database WHERE datname = 'postgres'").fetchone()
        (owner,) = conn.execute("SELECT oid FROM pg_authid WHERE rolname = current_user").fetchone()
    states = {}
    for gid, xid in xids.items():
        with open(os.path.join(server.datadir, "pg_twophase", f"{xid:08X}"), "rb") as f:
            content = f.read()
        states[gid] = (content, tr.parse_state(tr.check_crc(content, xid)))

    content, dml = states["dml"]
    assert (dml.gid, dml.xid, dml.database, dml.owner, dml.subxids) == ("dml", xids["dml"], database, owner, ())
    assert not dml.catalog_changed and not dml.commit_rels and not dml.abort_rels
    locks = sorted(tr.unpack_lock_record(data) for rmid, _, data in dml.records if rmid == tr.RM_LOCK)
    assert locks == sorted([(lock_tag.relation(database, plain_oid).pack(), lock_modes.ROW_EXCLUSIVE),
                            (lock_tag.transaction(xids["dml"]).pack(), lock_modes.EXCLUSIVE)])
    repacked = tr.with_crc(tr.pack_state(dml))
    assert len(repacked) == len(content)
    differing = {i for i in range(len(content) - 4) if content[i] != repacked[i]}
    assert differing <= _padding_offsets(content), sorted(differing)

    _, ddl = states["ddl"]
    assert ddl.gid == "ddl" and len(ddl.subxids) == 1 and ddl.catalog_changed
    assert [f"base/{r.dboid}/{r.relfilenode}" for r in ddl.commit_rels] == [old_path]
    assert [f"base/{r.dboid}/{r.relfilenode}" for r in ddl.abort_rels] == [new_path]


def test_postgresql_waldump_reads_pgsnake_two_phase_records(make_pgsnake_server):
    pg_waldump = os.path.join(PG_BIN_FALLBACK, "pg_waldump")
    if not os.access(pg_waldump, os.X_OK):
        pytest.skip("PostgreSQL 15's pg_waldump is not installed")
    server = make_pgsnake_server(settings={"max_prepared_transactions": "3"})
    with server.connect() as conn:
        conn.execute("CREATE TABLE gone (a int4)")
        conn.execute("BEGIN")
        conn.execute("CREATE TABLE made (a int4)")
        conn.execute("SAVEPOINT s")
        conn.execute("INSERT INTO made VALUES (1)")
        conn.execute("DROP TABLE gone")
        conn.execute("PREPARE TRANSACTION 'one'")
        conn.execute("COMMIT PREPARED 'one'")
        conn.execute("BEGIN")
        conn.execute("CREATE TABLE undone (a int4)")
        conn.execute("PREPARE TRANSACTION 'two'")
        conn.execute("ROLLBACK PREPARED 'two'")
    server.stop("fast")
    wal_dir = os.path.join(server.datadir, "pg_wal")
    first = sorted(f for f in os.listdir(wal_dir) if re.fullmatch(r"[0-9A-F]{24}", f))[0]
    env = dict(os.environ, TZ="UTC")
    theirs = subprocess.run([pg_waldump, "-p", wal_dir, first], capture_output=True, text=True,
                            timeout=120, env=env).stdout
    ours = subprocess.run([sys.executable, "-m", "pgsnake", "waldump", "-p", wal_dir, first],
                          capture_output=True, text=True, timeout=120, env=env).stdout

    def two_phase_lines(text):
        kinds = r"desc: (PREPARE|COMMIT_PREPARED|ABORT_PREPARED) "
        # Timestamps are printed with different trailing-zero rules; everything else must match.
        return [re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? UTC", "TIME", line)
                for line in text.splitlines() if re.search(kinds, line)]

    mine = two_phase_lines(ours)
    assert [re.search(r"desc: (\w+)", line).group(1) for line in mine] == [
        "PREPARE", "COMMIT_PREPARED", "PREPARE", "ABORT_PREPARED"]
    assert "rels(commit): base/5/" in mine[0] and "rels(abort): base/5/" in mine[0]
    assert "subxacts: " in mine[0] and "inval msgs: relcache 0" in mine[0]
    assert two_phase_lines(theirs) == mine
