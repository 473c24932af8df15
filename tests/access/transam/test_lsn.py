# Proves LSN text form and WAL segment naming match PostgreSQL's: '0/16B3748' round trips,
# segment file names are timeline + segment number split per 4 GB, alignment is 8 bytes.
import pytest

from pgsnake.access.transam.wal import lsn


def test_format_and_parse_round_trip():
    assert lsn.format_lsn(0x16B3748) == "0/16B3748"
    assert lsn.format_lsn((5 << 32) | 0xABC) == "5/ABC"
    assert lsn.parse_lsn("0/16B3748") == 0x16B3748
    assert lsn.parse_lsn("1/0") == 1 << 32
    with pytest.raises(ValueError):
        lsn.parse_lsn("nonsense")


def test_segment_file_names_like_postgresql():
    sixteen_mb = 16 * 1024 * 1024
    assert lsn.segment_file_name(1, 1, sixteen_mb) == "000000010000000000000001"
    # 256 segments of 16 MB per 4 GB "xlogid".
    assert lsn.segment_file_name(1, 256, sixteen_mb) == "000000010000000100000000"
    assert lsn.segment_number(0x1000028, sixteen_mb) == 1
    assert lsn.parse_segment_file_name("000000010000000100000002", sixteen_mb) == (1, 258)


def test_align_is_maxalign():
    assert [lsn.align(x) for x in (0, 1, 8, 9, 23, 24)] == [0, 8, 8, 16, 24, 24]
