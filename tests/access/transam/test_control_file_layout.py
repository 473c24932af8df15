# Proves global/pg_control is PostgreSQL 15's ControlFileData byte for byte: a pg_control
# written by real PostgreSQL 15's initdb (embedded below) decodes to the values its
# pg_controldata printed and re-encodes to the identical bytes; fields sit at PostgreSQL's
# x86-64 offsets; every field round-trips; and `pgsnake controldata`'s report has
# pg_controldata's lines, including its warnings for a damaged file.
import struct

import crc32c

from pgsnake.access.transam.wal import control_file
from pgsnake.cli import controldata

# The first 296 bytes (sizeof(ControlFileData)) of a PostgreSQL 15.18 initdb's pg_control.
POSTGRES_PG_CONTROL = bytes.fromhex(
    "db329631091b046b1405000025770d0c0100000000000000091b046b0000000018075001"
    "00000000180750010000000001000000010000000100000000000000d402000000000000"
    "043500000100000000000000cc02000001000000010000000100000000000000091b046b"
    "0000000000000000000000000000000000000000e8030000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000100000000000000"
    "64000000080000000a000000000000004000000000000000080000000000000087d63241"
    "002000000000020000200000000000014000000020000000cc0700000008000001000000"
    "000000005a9eb2fc9e73cc23a80cb9beb2cb0f7ace6281518236ed5b312e289d41b0d6dc"
    "07ff6d0a00000000"
)


def _postgres_file() -> bytes:
    return POSTGRES_PG_CONTROL + bytes(8192 - len(POSTGRES_PG_CONTROL))


def test_a_postgresql_pg_control_decodes_to_what_pg_controldata_printed():
    cf = control_file.decode(_postgres_file())
    assert cf.system_identifier == 7711318188265714395
    assert cf.pg_control_version == 1300 and cf.catalog_version == 202209061
    assert cf.state == control_file.DBState.SHUTDOWNED
    assert cf.checkpoint_lsn == 0x1500718 and cf.redo_lsn == 0x1500718
    assert (cf.timeline, cf.prev_timeline, cf.full_page_writes) == (1, 1, True)
    assert (cf.next_xid, cf.next_oid, cf.oldest_xid, cf.oldest_xid_db) == (724, 13572, 716, 1)
    assert cf.unlogged_lsn == 0x3E8
    assert cf.wal_level == control_file.WalLevel.REPLICA
    assert (cf.max_connections, cf.max_worker_processes, cf.max_wal_senders,
            cf.max_prepared_xacts, cf.max_locks_per_xact) == (100, 8, 10, 0, 64)
    assert (cf.max_align, cf.float_format, cf.block_size, cf.relseg_size) == (8, 1234567.0, 8192, 131072)
    assert (cf.wal_block_size, cf.wal_segment_size, cf.name_data_len, cf.index_max_keys) == \
        (8192, 16 << 20, 64, 32)
    assert (cf.toast_max_chunk_size, cf.large_object_chunk_size, cf.float8_by_value) == (1996, 2048, True)
    assert cf.mock_authentication_nonce.hex() == \
        "5a9eb2fc9e73cc23a80cb9beb2cb0f7ace6281518236ed5b312e289d41b0d6dc"


def test_re_encoding_a_postgresql_pg_control_gives_the_same_bytes():
    assert control_file.encode(control_file.decode(_postgres_file())) == _postgres_file()


def test_fields_sit_at_postgresql_offsets(tmp_path):
    cf = control_file.ControlFile(system_identifier=0x1122334455667788,
                                  state=control_file.DBState.IN_PRODUCTION,
                                  checkpoint_lsn=0xAB000028, redo_lsn=0xAB000000,
                                  wal_level=control_file.WalLevel.LOGICAL, max_connections=77,
                                  data_checksum_version=1, mock_authentication_nonce=bytes(range(32)))
    data = control_file.encode(cf)
    assert len(data) == 8192 and data[296:] == bytes(8192 - 296)
    assert struct.unpack_from("<Q", data, 0)[0] == 0x1122334455667788
    assert struct.unpack_from("<I", data, 16)[0] == 6                 # state
    assert struct.unpack_from("<Q", data, 32)[0] == 0xAB000028        # checkPoint
    assert struct.unpack_from("<Q", data, 40)[0] == 0xAB000000        # checkPointCopy.redo
    assert struct.unpack_from("<i", data, 172)[0] == 2                # wal_level
    assert struct.unpack_from("<i", data, 180)[0] == 77               # MaxConnections
    assert struct.unpack_from("<d", data, 208)[0] == 1234567.0        # floatFormat
    assert struct.unpack_from("<I", data, 228)[0] == 16 << 20         # xlog_seg_size
    assert struct.unpack_from("<I", data, 252)[0] == 1                # data_checksum_version
    assert data[256:288] == bytes(range(32))                          # mock nonce
    assert struct.unpack_from("<I", data, 288)[0] == crc32c.crc32c(data[:288])


def test_every_field_round_trips(tmp_path):
    path = str(tmp_path / "global" / "pg_control")
    cf = control_file.ControlFile(
        system_identifier=2**63 + 5, state=control_file.DBState.IN_CRASH_RECOVERY,
        checkpoint_lsn=0x2_0000_0028, redo_lsn=0x2_0000_0000, timeline=3, prev_timeline=2,
        next_xid=(1 << 32) | 900, next_oid=40000, full_page_writes=False, checkpoint_time=12345,
        oldest_active_xid=899, unlogged_lsn=5000, min_recovery_point=0x3000,
        min_recovery_point_tli=2, backup_start_point=0x10, backup_end_point=0x20,
        backup_end_required=True, wal_level=0, wal_log_hints=True, max_connections=5,
        max_worker_processes=3, max_wal_senders=0, max_prepared_xacts=7, max_locks_per_xact=128,
        track_commit_timestamp=True, wal_segment_size=1 << 20, data_checksum_version=1)
    control_file.write(cf, path)
    assert control_file.read(path) == cf


def test_report_has_pg_controldata_lines():
    text = controldata.describe(_postgres_file())
    lines = text.splitlines()
    assert len(lines) == 50 and not text.startswith("WARNING")
    assert "Database system identifier:           7711318188265714395" in lines
    assert "Database cluster state:               shut down" in lines
    assert "Latest checkpoint's REDO WAL file:    000000010000000000000001" in lines
    assert "Latest checkpoint's NextXID:          0:724" in lines
    assert "Latest checkpoint's oldestCommitTsXid:0" in lines
    assert "Fake LSN counter for unlogged rels:   0/3E8" in lines
    assert "wal_level setting:                    replica" in lines
    assert lines[-1] == ("Mock authentication nonce:            "
                         "5a9eb2fc9e73cc23a80cb9beb2cb0f7ace6281518236ed5b312e289d41b0d6dc")


def test_report_on_a_damaged_file_warns_like_pg_controldata():
    data = bytearray(_postgres_file())
    data[16] = 9                                   # an unknown state
    data[228:232] = struct.pack("<I", 3 << 20)     # not a power of two
    text = controldata.describe(bytes(data))
    assert text.startswith("WARNING: Calculated CRC checksum does not match value stored in file.\n")
    assert "WARNING: invalid WAL segment size\n" in text
    assert "Database cluster state:               unrecognized status code" in text
