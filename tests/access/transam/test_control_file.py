# Proves pg_control is 8192 bytes with its content inside one 512-byte sector, round-trips
# every field, and that a corrupted byte is reported as a bad checksum.
import pytest

from pgsnake.access.transam.wal import control_file
from pgsnake.utils.errors import PgError


def test_round_trip_and_size(tmp_path):
    path = str(tmp_path / "global" / "pg_control")
    cf = control_file.ControlFile(system_identifier=7312345678901234567,
                                  state=control_file.DBState.IN_PRODUCTION,
                                  checkpoint_lsn=0x1000028, redo_lsn=0x1000028, timeline=1,
                                  next_xid=735, next_oid=24576, wal_segment_size=16 << 20)
    control_file.write(cf, path)
    data = open(path, "rb").read()
    assert len(data) == 8192 and data[512:] == bytes(8192 - 512)
    back = control_file.read(path)
    assert back == cf
    assert back.pg_control_version == 1300 and back.catalog_version == 202209061
    assert back.state.describe() == "in production"


def test_corruption_is_detected(tmp_path):
    path = str(tmp_path / "pg_control")
    control_file.write(control_file.ControlFile(system_identifier=1), path)
    data = bytearray(open(path, "rb").read())
    data[40] ^= 0xFF
    open(path, "wb").write(bytes(data))
    with pytest.raises(PgError, match="incorrect checksum in control file"):
        control_file.read(path)
