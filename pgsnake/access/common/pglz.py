"""pglz: PostgreSQL's own LZ compression, byte for byte, for compressed varlena values.

Format (what the decompressor reads): a control byte governs the next eight items, bit 0
first. A clear bit is one literal byte. A set bit is a 2- or 3-byte tag copying bytes
already written: T1's high nibble and T2 are a 12-bit offset back from the output
position (1..4095), T1's low nibble the length minus 3; a low nibble of 15 means a
third byte follows and the length is 18 + that byte (so 3..273).

Compressor (what makes our bytes equal PostgreSQL's, so that pageinspect shows the same
page for the same value): a hash of the next four input bytes (of the remaining bytes'
first one near the end; the bytes taken as *signed* chars, as C does) selects one of
512..8192 history lists, chosen by input length. Each list holds earlier positions with
that hash, newest first; only the last 4096 positions are kept, their entries recycled in
a ring. At each position the list is walked: the longest match wins, a match of at least
`good_match` (128, lowered by `good_drop` percent after each entry) ends the walk, and so
does an entry 4095 or more bytes back. A match of three or more bytes becomes a tag and
every position it covers enters the history; otherwise a literal does.

Strategy (PGLZ_strategy_default): inputs shorter than 32 bytes are not compressed; the
result must save at least 25%; if no match at all was found in the first 1024 output
bytes, compression is abandoned.

Entry points: compress(data) -> bytes | None, decompress(data, rawsize) -> bytes,
decompress_prefix(data, size) -> bytes (the first `size` bytes, for slices).

PostgreSQL: common/pg_lzcompress.c, include/common/pg_lzcompress.h.
"""
from __future__ import annotations

import numpy as np

from pgsnake.utils.errors import DATA_CORRUPTED, PgError

MIN_INPUT_SIZE = 32          # PGLZ_strategy_default
MIN_COMP_RATE = 25
FIRST_SUCCESS_BY = 1024
MATCH_SIZE_GOOD = 128
MATCH_SIZE_DROP = 10

MAX_MATCH = 273              # PGLZ_MAX_MATCH
HISTORY_SIZE = 4096          # PGLZ_HISTORY_SIZE
_MAX_OFFSET = 0x0FFF

def _hash_size(length: int) -> int:
    if length < 128:
        return 512
    if length < 256:
        return 1024
    if length < 512:
        return 2048
    if length < 1024:
        return 4096
    return 8192


def _match_length(data: bytes, hp: int, ip: int, end: int) -> int:
    """How many bytes at `ip` equal those at `hp` (fewer than MAX_MATCH and than the
    rest of the input: the caller tried the whole length first)."""
    limit = min(MAX_MATCH, end - ip)
    # Narrow down in halves, then finish byte by byte.
    low, high = 0, limit          # data[..low] equal, data[..high] not
    while high - low > 8:
        mid = (low + high) // 2
        if data[hp:hp + mid] == data[ip:ip + mid]:
            low = mid
        else:
            high = mid
    while low < high and data[hp + low] == data[ip + low]:
        low += 1
    return low


def _hashes(data: bytes, mask: int) -> list[int]:
    """pglz_hist_idx of every input position, computed at once (numpy): the next four
    bytes as signed chars, or the byte alone at the last three positions."""
    n = len(data)
    signed = np.frombuffer(data, dtype=np.int8).astype(np.int32)
    out = np.empty(n, dtype=np.int32)
    if n > 3:
        out[:n - 3] = ((signed[:-3] << 6) ^ (signed[1:-2] << 4) ^ (signed[2:-1] << 2)
                       ^ signed[3:]) & mask
    out[max(n - 3, 0):] = signed[max(n - 3, 0):] & mask
    return out.tolist()


def compress(data: bytes) -> bytes | None:
    """pglz_compress with the default strategy: the compressed bytes, or None when the
    input is too short or does not compress well enough."""
    data = bytes(data)
    slen = len(data)
    if slen < MIN_INPUT_SIZE:
        return None
    if slen > 0x7FFFFFFF // 100:
        result_max = (slen // 100) * (100 - MIN_COMP_RATE)
    else:
        result_max = (slen * (100 - MIN_COMP_RATE)) // 100
    mask = _hash_size(slen) - 1
    hashes = _hashes(data, mask)

    # History: a hash list head per slot (0 = empty) and a ring of HISTORY_SIZE entries
    # numbered from 1, each in one doubly linked list (prev -1 = it is the list head).
    heads = [0] * (mask + 1)
    nexts = [0] * (HISTORY_SIZE + 1)
    prevs = [-1] * (HISTORY_SIZE + 1)
    slots = [0] * (HISTORY_SIZE + 1)
    positions = [0] * (HISTORY_SIZE + 1)
    hist_next = 1
    recycle = False

    out = bytearray()
    append = out.append
    ctrl_pos = -1                 # index in `out` of the current control byte
    ctrlb = 0
    ctrl = 0
    found_match = False
    dp = 0
    end = slen

    while dp < end:
        written = len(out)
        if written >= result_max:
            return None
        if not found_match and written >= FIRST_SUCCESS_BY:
            return None

        # pglz_find_match: walk this hash's list, newest first.
        entry = heads[hashes[dp]]
        good_match = MATCH_SIZE_GOOD
        best_len = 0
        best_off = 0
        limit = end - dp
        if limit > MAX_MATCH:
            limit = MAX_MATCH
        while entry:
            hp = positions[entry]
            offset = dp - hp
            if offset >= _MAX_OFFSET:
                break
            # Only a match longer than the best so far matters: it must agree at the
            # best length's position first (a cheap test that skips most entries).
            if best_len < limit and data[hp + best_len] == data[dp + best_len]:
                # Most matches are short: count the first bytes one by one, and only
                # compare slices when they all agree.
                this_len = 0
                while this_len < 8 and this_len < limit and \
                        data[hp + this_len] == data[dp + this_len]:
                    this_len += 1
                if this_len == 8 and limit > 8:
                    if data[hp:hp + limit] == data[dp:dp + limit]:
                        this_len = limit
                    else:
                        this_len = _match_length(data, hp, dp, end)
                if this_len > best_len:
                    best_len = this_len
                    best_off = offset
            entry = nexts[entry]
            if entry:
                if best_len >= good_match:
                    break
                good_match -= (good_match * MATCH_SIZE_DROP) // 100

        # pglz_out_ctrl, then a tag or a literal
        if ctrl & 0xFF == 0:
            if ctrl_pos >= 0:
                out[ctrl_pos] = ctrlb
            ctrl_pos = len(out)
            append(0)
            ctrlb = 0
            ctrl = 1
        if best_len > 2:
            ctrlb |= ctrl
            ctrl <<= 1
            if best_len > 17:
                out += bytes((((best_off & 0xF00) >> 4) | 0x0F, best_off & 0xFF,
                              best_len - 18))
            else:
                out += bytes((((best_off & 0xF00) >> 4) | (best_len - 3), best_off & 0xFF))
            count = best_len
            found_match = True
        else:
            append(data[dp])
            ctrl <<= 1
            count = 1
        # pglz_hist_add for every input position consumed
        for pos in range(dp, dp + count):
            slot = hashes[pos]
            me = hist_next
            if recycle:
                prev = prevs[me]
                following = nexts[me]
                if prev < 0:
                    heads[slots[me]] = following
                else:
                    nexts[prev] = following
                if following:
                    prevs[following] = prev
            head = heads[slot]
            nexts[me] = head
            prevs[me] = -1
            slots[me] = slot
            positions[me] = pos
            if head:
                prevs[head] = me
            heads[slot] = me
            hist_next += 1
            if hist_next > HISTORY_SIZE:
                hist_next = 1
                recycle = True
        dp += count

    if ctrl_pos >= 0:
        out[ctrl_pos] = ctrlb
    if len(out) >= result_max:
        return None
    return bytes(out)


def decompress(data, rawsize: int) -> bytes:
    """pglz_decompress with check_complete: exactly `rawsize` bytes from all of `data`,
    else 'compressed pglz data is corrupt' (XX001)."""
    out, used = _decompress(data, rawsize)
    if len(out) != rawsize or used != len(data):
        raise PgError(DATA_CORRUPTED, "compressed pglz data is corrupt")
    return bytes(out)


def decompress_prefix(data, size: int) -> bytes:
    """The first `size` bytes of the raw data (a slice: the input need not be used up)."""
    return bytes(_decompress(data, size)[0])


def _decompress(data, rawsize: int) -> tuple[bytearray, int]:
    src = bytes(data)
    sp = 0
    send = len(src)
    out = bytearray()
    while sp < send and len(out) < rawsize:
        ctrl = src[sp]
        sp += 1
        for _ in range(8):
            if sp >= send or len(out) >= rawsize:
                break
            if ctrl & 1:
                if sp + 1 >= send:
                    raise PgError(DATA_CORRUPTED, "compressed pglz data is corrupt")
                length = (src[sp] & 0x0F) + 3
                offset = ((src[sp] & 0xF0) << 4) | src[sp + 1]
                sp += 2
                if length == 18:
                    if sp >= send:
                        raise PgError(DATA_CORRUPTED, "compressed pglz data is corrupt")
                    length += src[sp]
                    sp += 1
                length = min(length, rawsize - len(out))
                start = len(out) - offset
                if offset == 0 or start < 0:
                    raise PgError(DATA_CORRUPTED, "compressed pglz data is corrupt")
                if offset >= length:
                    out += out[start:start + length]
                else:                     # overlapping copy: the pattern repeats
                    pattern = out[start:]
                    reps = length // offset + 1
                    out += (pattern * reps)[:length]
            else:
                out.append(src[sp])
                sp += 1
            ctrl >>= 1
    return out, sp
