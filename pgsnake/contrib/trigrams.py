"""Trigrams as pg_trgm makes them, and the similarity measures over them.

A string's trigrams: every word (a run of alphanumeric characters: ASCII ones in a C
ctype database, Unicode ones otherwise, as t_isalnum) is lower-cased (the database's
lower()), padded with two spaces in front and one behind, and cut into every run of
three characters ("cat" -> "  c", " ca", "cat", "at "). A trigram is three bytes: its
UTF-8 bytes when they are three, else the first three bytes, in memory order on a
little-endian machine, of the legacy CRC-32 of its bytes (compact_trigram). Sets of trigrams
are sorted as PostgreSQL sorts them on x86 (byte by byte as signed chars) and made
distinct. show_trgm prints a trigram as its three characters when they are ASCII
letters, digits or spaces, else as 0x%06x of its bytes.

similarity(a, b) = common / (|A| + |B| - common), in float4 arithmetic (CALCSML).
word_similarity(a, b): the greatest similarity between a's trigram set and an extent of
b's trigram sequence (b's trigrams in order, with positions), found by
iterate_word_similarity's single pass; strict_word_similarity makes the extent start and
end at word bounds. `check_only` stops at the first extent over the threshold, as the
<% / %> operators do.

Wildcard trigrams (LIKE patterns, generate_wildcard_trgm): the trigrams every string
matching the pattern must contain: each part between wildcards, non-word characters and
escapes, padded only where it is bounded by a non-wildcard.

PostgreSQL: contrib/pg_trgm/trgm_op.c (generate_trgm, make_trigrams, compact_trigram,
cnt_sml, calc_word_similarity, iterate_word_similarity, get_wildcard_part,
generate_wildcard_trgm, show_trgm), trgm.h (CALCSML, ISPRINTABLETRGM).
"""
from __future__ import annotations

import functools
import struct

from pgsnake.datatypes import functions

_ASCII_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_PRINTABLE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ")
BOUND_LEFT, BOUND_RIGHT = 1, 2


def _c_ctype() -> bool:
    from pgsnake.utils import locale_names, settings
    return locale_names.is_c(settings.get("lc_ctype") or "C")


def _word_char(c_ctype: bool):
    if c_ctype:
        return _ASCII_ALNUM.__contains__
    return str.isalnum


def float4(value: float) -> float:
    return struct.unpack("f", struct.pack("f", value))[0]


def similarity_of(count: int, len1: int, len2: int) -> float:
    """CALCSML: count / (len1 + len2 - count) as float4."""
    return float4(count / (len1 + len2 - count))


def _reflected_crc_table() -> list[int]:
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ 0xEDB88320 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC_TABLE = _reflected_crc_table()


def legacy_crc32(data: bytes) -> int:
    """PostgreSQL's pre-9.5 "legacy" CRC-32: the reflected polynomial's table driven
    most-significant-byte first (pg_crc.h COMP_LEGACY_CRC32), not zlib's CRC-32."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _CRC_TABLE[((crc >> 24) ^ byte) & 0xFF] ^ ((crc << 8) & 0xFFFFFFFF)
    return crc ^ 0xFFFFFFFF


def _compact(chars: str) -> bytes:
    data = chars.encode()
    if len(data) == 3:
        return data
    return legacy_crc32(data).to_bytes(4, "little")[:3]


def sort_key(trigram: bytes) -> tuple:
    """CMPTRGM on x86: bytes compared as signed chars."""
    return tuple(b - 256 if b > 127 else b for b in trigram)


def _words(text: str, c_ctype: bool):
    is_word = _word_char(c_ctype)
    word = []
    for ch in text:
        if is_word(ch):
            word.append(ch)
        elif word:
            yield "".join(word)
            word = []
    if word:
        yield "".join(word)


def _padded_trigrams(padded: str) -> list[bytes]:
    return [_compact(padded[i:i + 3]) for i in range(len(padded) - 2)]


def trigram_sequence(text: str, with_bounds: bool = False):
    """generate_trgm_only: every word's trigrams in order (duplicates kept); with
    bounds, also each trigram's BOUND_LEFT / BOUND_RIGHT flags."""
    c_ctype = _c_ctype()
    out, bounds = [], []
    for word in _words(text, c_ctype):
        made = _padded_trigrams("  " + functions.lower_in(word, c_ctype) + " ")
        if with_bounds and made:
            flags = [0] * len(made)
            flags[0] |= BOUND_LEFT
            flags[-1] |= BOUND_RIGHT
            bounds.extend(flags)
        out.extend(made)
    return (out, bounds) if with_bounds else out


def trigram_set(text: str) -> list[bytes]:
    """generate_trgm: sorted, distinct."""
    return sorted(set(trigram_sequence(text)), key=sort_key)


@functools.lru_cache(maxsize=256)
def _cached_set(text: str, c_ctype: bool) -> tuple[bytes, ...]:
    return tuple(trigram_set(text))


def cached_trigram_set(text: str) -> tuple[bytes, ...]:
    return _cached_set(text, _c_ctype())


def show(trigram: bytes) -> str:
    if all(b in _PRINTABLE for b in trigram):
        return trigram.decode()
    return "0x%06x" % int.from_bytes(trigram, "big")


def as_int(trigram: bytes) -> int:
    """trgm2int: the GIN key."""
    return int.from_bytes(trigram, "big")


def similarity(a: str, b: str) -> float:
    set1, set2 = cached_trigram_set(a), cached_trigram_set(b)
    if not set1 or not set2:
        return 0.0
    count = len(set(set1) & set(set2))
    return similarity_of(count, len(set1), len(set2))


def word_similarity(pattern: str, text: str, *, strict: bool = False,
                    check_only: bool = False, threshold: float = 0.0) -> float:
    """calc_word_similarity + iterate_word_similarity."""
    trg1 = trigram_sequence(pattern)
    trg2, bounds = trigram_sequence(text, with_bounds=True)
    # Number each distinct trigram (sorted order), mark those in the pattern.
    distinct = sorted(set(trg1) | set(trg2), key=sort_key)
    number = {t: i for i, t in enumerate(distinct)}
    found = [False] * len(distinct)
    for t in trg1:
        found[number[t]] = True
    ulen1 = sum(found)
    indexes = [number[t] for t in trg2]
    return _iterate(indexes, found, ulen1, bounds, strict, check_only, threshold)


def _iterate(indexes, found, ulen1, bounds, strict, check_only, threshold) -> float:
    lastpos = [-1] * len(found)
    ulen2 = count = 0
    upper = -1
    lower = 0 if strict else -1
    best = 0.0
    for i, trgindex in enumerate(indexes):
        if lower >= 0 or found[trgindex]:
            if lastpos[trgindex] < 0:
                ulen2 += 1
                if found[trgindex]:
                    count += 1
            lastpos[trgindex] = i
        if not ((bounds[i] & BOUND_RIGHT) if strict else found[trgindex]):
            continue
        upper = i
        if lower == -1:
            lower = i
            ulen2 = 1
        current = similarity_of(count, ulen1, ulen2)
        tmp_count, tmp_ulen2, prev_lower = count, ulen2, lower
        tmp_lower = lower
        while tmp_lower <= upper:
            if not strict or bounds[tmp_lower] & BOUND_LEFT:
                candidate = similarity_of(tmp_count, ulen1, tmp_ulen2)
                if candidate > current:
                    current, ulen2, lower, count = candidate, tmp_ulen2, tmp_lower, tmp_count
                if check_only and current >= threshold:
                    break
            tmp_trgindex = indexes[tmp_lower]
            if lastpos[tmp_trgindex] == tmp_lower:
                tmp_ulen2 -= 1
                if found[tmp_trgindex]:
                    tmp_count -= 1
            tmp_lower += 1
        best = max(best, current)
        if check_only and best >= threshold:
            break
        for tmp_lower in range(prev_lower, lower):
            tmp_trgindex = indexes[tmp_lower]
            if lastpos[tmp_trgindex] == tmp_lower:
                lastpos[tmp_trgindex] = -1
    return best


# ---- LIKE patterns --------------------------------------------------------------------------

def _wildcard_parts(pattern: str, c_ctype: bool):
    """get_wildcard_part, repeatedly: each part with its padding."""
    is_word = _word_char(c_ctype)
    pos, n = 0, len(pattern)
    in_escape = False
    while pos < n:
        leading_wildcard = False
        while pos < n:
            ch = pattern[pos]
            if in_escape:
                if is_word(ch):
                    break
                in_escape = False
                leading_wildcard = False
            elif ch == "\\":
                in_escape = True
            elif ch in "%_":
                leading_wildcard = True
            elif is_word(ch):
                break
            else:
                leading_wildcard = False
            pos += 1
        if pos >= n:
            return
        part = [] if leading_wildcard else [" ", " "]
        trailing_wildcard = False
        while pos < n:
            ch = pattern[pos]
            if in_escape:
                if is_word(ch):
                    part.append(ch)
                else:
                    pos -= 1       # restart from the escape character
                    break
                in_escape = False
            elif ch == "\\":
                in_escape = True
            elif ch in "%_":
                trailing_wildcard = True
                break
            elif is_word(ch):
                part.append(ch)
            else:
                break
            pos += 1
        if not trailing_wildcard:
            part.append(" ")
        yield "".join(part)


def wildcard_trigrams(pattern: str) -> list[bytes]:
    """generate_wildcard_trgm: sorted, distinct."""
    c_ctype = _c_ctype()
    out = []
    for part in _wildcard_parts(pattern, c_ctype):
        out.extend(_padded_trigrams(functions.lower_in(part, c_ctype)))
    return sorted(set(out), key=sort_key)
