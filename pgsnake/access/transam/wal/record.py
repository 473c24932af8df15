"""The WAL record format: encode and decode one record. Pure functions, no I/O.

A record is laid out as PostgreSQL's XLogRecord:

    header (24 bytes)   xl_tot_len u32, xl_xid u32, xl_prev u64, xl_info u8, xl_rmid u8,
                        2 pad, xl_crc u32
    block headers       per block: id u8, fork_flags u8, data_length u16,
                        [image header: length u16, hole_offset u16, bimg_info u8]
                        [RelFileLocator: spcoid u32, dboid u32, relfilenode u32
                         unless BKPBLOCK_SAME_REL], block number u32
    main data header    255 + length u8 (short) or 254 + length u32 (long)
    payload             each block's image, then its data, in block order; then main data

xl_crc is CRC-32C over the payload part (everything after the header) followed by the
header bytes before xl_crc, exactly the order PostgreSQL feeds them, so the payload CRC
can be computed before the final position (xl_prev) is known (see insert.py).

Entry points: `encode_payload`, `finish_record`, `decode_record`, `record_crc_ok`.

PostgreSQL: access/transam/xloginsert.c (XLogRecordAssemble),
access/transam/xlogreader.c (DecodeXLogRecord, ValidXLogRecord),
include/access/xlogrecord.h.
"""
from __future__ import annotations

import dataclasses
import struct
from typing import NamedTuple

import crc32c

from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator

BLCKSZ = 8192
_HEADER = struct.Struct("<IIQBBxxI")
RECORD_HEADER_SIZE = _HEADER.size            # 24 (SizeOfXLogRecord)
CRC_OFFSET = 20                              # offsetof(XLogRecord, xl_crc)

XLR_MAX_BLOCK_ID = 32
XLR_BLOCK_ID_DATA_SHORT = 255
XLR_BLOCK_ID_DATA_LONG = 254
XLR_BLOCK_ID_ORIGIN = 253
XLR_BLOCK_ID_TOPLEVEL_XID = 252

BKPBLOCK_FORK_MASK = 0x0F
BKPBLOCK_HAS_IMAGE = 0x10
BKPBLOCK_HAS_DATA = 0x20
BKPBLOCK_WILL_INIT = 0x40
BKPBLOCK_SAME_REL = 0x80

BKPIMAGE_HAS_HOLE = 0x01
BKPIMAGE_APPLY = 0x02

XLR_INFO_MASK = 0x0F        # low bits of xl_info belong to the WAL machinery
XLR_RMGR_INFO_MASK = 0xF0   # high bits belong to the resource manager

_BLOCK_HEADER = struct.Struct("<BBH")
_IMAGE_HEADER = struct.Struct("<HHB")
_LOCATOR = struct.Struct("<III")
_BLOCKNO = struct.Struct("<I")


class BlockRef(NamedTuple):
    """A page a record changes. `page` is the buffer's 8 KB (for a full-page image);
    `data` is rmgr-specific per-block data; `will_init` means redo rebuilds the page
    from nothing, so no image is ever needed; `force_image` asks for an image whatever
    the page LSN and full_page_writes say (REGBUF_FORCE_IMAGE: log_new_page)."""
    block_id: int
    locator: RelFileLocator
    fork: int
    blockno: int
    page: memoryview | None = None
    data: bytes = b""
    will_init: bool = False
    force_image: bool = False


@dataclasses.dataclass(slots=True)
class DecodedBlock:
    block_id: int
    locator: RelFileLocator
    fork: int
    blockno: int
    image: bytes | None
    data: bytes
    will_init: bool
    apply_image: bool = True


@dataclasses.dataclass(slots=True)
class DecodedRecord:
    lsn: int                  # where the record starts
    end_lsn: int              # where the next record may start (MAXALIGNed end)
    xid: int
    rmid: int
    info: int
    main_data: bytes
    blocks: dict[int, DecodedBlock]
    prev_lsn: int
    total_length: int = 0

    def block(self, block_id: int) -> DecodedBlock | None:
        return self.blocks.get(block_id)


class InvalidRecord(Exception):
    """The bytes are not a valid record (the reader treats this as the end of WAL)."""


def encode_payload(main_data: bytes, blocks, images: dict[int, bytes]) -> bytes:
    """Everything after the 24-byte header. `images` maps block_id -> the 8 KB page
    image for the blocks that get a full-page image."""
    headers = bytearray()
    payload_parts: list[bytes] = []
    previous_locator = None
    seen = set()
    for block in blocks:
        if not 0 <= block.block_id <= XLR_MAX_BLOCK_ID or block.block_id in seen:
            raise ValueError(f"invalid or duplicate block id {block.block_id}")
        seen.add(block.block_id)
        image = images.get(block.block_id)
        if len(block.data) > 0xFFFF:
            raise ValueError("block data longer than 65535 bytes")
        flags = int(block.fork) & BKPBLOCK_FORK_MASK
        if image is not None:
            flags |= BKPBLOCK_HAS_IMAGE
        if block.data:
            flags |= BKPBLOCK_HAS_DATA
        if block.will_init:
            flags |= BKPBLOCK_WILL_INIT
        same_rel = block.locator == previous_locator
        if same_rel:
            flags |= BKPBLOCK_SAME_REL
        headers += _BLOCK_HEADER.pack(block.block_id, flags, len(block.data))
        if image is not None:
            # The "hole" between pd_lower and pd_upper is kept: simpler, and still correct.
            headers += _IMAGE_HEADER.pack(len(image), 0, BKPIMAGE_APPLY)
            payload_parts.append(image)
        if not same_rel:
            headers += _LOCATOR.pack(*block.locator[:3])
        headers += _BLOCKNO.pack(block.blockno)
        if block.data:
            payload_parts.append(bytes(block.data))
        previous_locator = block.locator
    if main_data:
        if len(main_data) < 256:
            headers += bytes((XLR_BLOCK_ID_DATA_SHORT, len(main_data)))
        else:
            headers += struct.pack("<BI", XLR_BLOCK_ID_DATA_LONG, len(main_data))
        payload_parts.append(bytes(main_data))
    return bytes(headers) + b"".join(payload_parts)


def payload_crc(payload: bytes) -> int:
    return crc32c.crc32c(payload)


def finish_record(payload: bytes, crc_of_payload: int, xid: int, prev_lsn: int,
                  info: int, rmid: int) -> bytes:
    """The complete record: header with xl_tot_len, xl_prev and the final CRC."""
    total = RECORD_HEADER_SIZE + len(payload)
    prefix = _HEADER.pack(total, xid & 0xFFFFFFFF, prev_lsn, info, rmid, 0)[:CRC_OFFSET]
    crc = crc32c.crc32c(prefix, crc_of_payload)
    return prefix + struct.pack("<I", crc) + payload


def encode_record(rmid: int, info: int, main_data: bytes, blocks=(), xid: int = 0,
                  prev_lsn: int = 0, images: dict[int, bytes] | None = None) -> bytes:
    """Convenience: encode a whole record in one call (tests, tools)."""
    payload = encode_payload(main_data, blocks, images or {})
    return finish_record(payload, payload_crc(payload), xid, prev_lsn, info, rmid)


def record_header(data) -> tuple[int, int, int, int, int, int]:
    """(tot_len, xid, prev, info, rmid, crc) of the header at the start of `data`."""
    return _HEADER.unpack_from(data, 0)


def record_crc_ok(record) -> bool:
    stored = struct.unpack_from("<I", record, CRC_OFFSET)[0]
    crc = crc32c.crc32c(bytes(record[:CRC_OFFSET]), crc32c.crc32c(bytes(record[RECORD_HEADER_SIZE:])))
    return crc == stored


def decode_record(record: bytes, lsn: int = 0, end_lsn: int = 0) -> DecodedRecord:
    """Parse a complete record (its CRC already checked). Raises InvalidRecord."""
    if len(record) < RECORD_HEADER_SIZE:
        raise InvalidRecord("record too short")
    total, xid, prev, info, rmid, _crc = _HEADER.unpack_from(record, 0)
    if total != len(record):
        raise InvalidRecord("record length mismatch")
    pos = RECORD_HEADER_SIZE
    pending: list[tuple[DecodedBlock, int, int, bool]] = []   # block, image len, data len
    main_length = 0
    previous_locator = None
    payload_total = 0     # bytes of images/data/main data announced by the headers so far
    try:
        # Headers continue until the bytes left are exactly the announced payload
        # (as PostgreSQL's DecodeXLogRecord: "while (remaining > datatotal)").
        while total - pos > payload_total:
            block_id = record[pos]
            if block_id == XLR_BLOCK_ID_DATA_SHORT:
                main_length = record[pos + 1]
                pos += 2
                payload_total += main_length
                break
            if block_id == XLR_BLOCK_ID_DATA_LONG:
                main_length = struct.unpack_from("<I", record, pos + 1)[0]
                pos += 5
                payload_total += main_length
                break
            if block_id > XLR_MAX_BLOCK_ID:
                raise InvalidRecord(f"invalid block_id {block_id}")
            _, flags, data_length = _BLOCK_HEADER.unpack_from(record, pos)
            pos += _BLOCK_HEADER.size
            image_length = 0
            apply_image = True
            if flags & BKPBLOCK_HAS_IMAGE:
                image_length, hole_offset, bimg_info = _IMAGE_HEADER.unpack_from(record, pos)
                pos += _IMAGE_HEADER.size
                if bimg_info & BKPIMAGE_HAS_HOLE or image_length != BLCKSZ:
                    raise InvalidRecord("compressed or holed page images are not supported")
                apply_image = bool(bimg_info & BKPIMAGE_APPLY)
            if flags & BKPBLOCK_SAME_REL:
                if previous_locator is None:
                    raise InvalidRecord("BKPBLOCK_SAME_REL set but no previous rel")
                locator = previous_locator
            else:
                locator = RelFileLocator(*_LOCATOR.unpack_from(record, pos))
                pos += _LOCATOR.size
            blockno = _BLOCKNO.unpack_from(record, pos)[0]
            pos += _BLOCKNO.size
            previous_locator = locator
            payload_total += image_length + (data_length if flags & BKPBLOCK_HAS_DATA else 0)
            block = DecodedBlock(block_id, locator, ForkNumber(flags & BKPBLOCK_FORK_MASK), blockno,
                                 None, b"", bool(flags & BKPBLOCK_WILL_INIT), apply_image)
            pending.append((block, image_length, data_length, bool(flags & BKPBLOCK_HAS_DATA)))
        blocks: dict[int, DecodedBlock] = {}
        for block, image_length, data_length, has_data in pending:
            if image_length:
                block.image = bytes(record[pos:pos + image_length])
                pos += image_length
            if has_data:
                block.data = bytes(record[pos:pos + data_length])
                pos += data_length
            if block.block_id in blocks:
                raise InvalidRecord(f"duplicate block id {block.block_id}")
            blocks[block.block_id] = block
        main_data = bytes(record[pos:pos + main_length])
        pos += main_length
    except (struct.error, IndexError, ValueError) as exc:
        raise InvalidRecord(f"truncated record: {exc}") from None
    if pos != total:
        raise InvalidRecord("record length does not match its contents")
    return DecodedRecord(lsn, end_lsn, xid, rmid, info, main_data, blocks, prev, total)
