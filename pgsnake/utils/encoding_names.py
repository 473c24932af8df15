"""PostgreSQL's encodings by number (pg_enc) and name: what pg_encoding_to_char /
pg_char_to_encoding answer, and which encodings a server may store (PG_VALID_BE_ENCODING:
those up to KOI8U; the rest are client-only).

Entry points: ENCODINGS, encoding_to_char(number), char_to_encoding(name) (-1 if none),
is_server_encoding(number).

PostgreSQL: common/encnames.c, include/mb/pg_wchar.h (pg_enc).
"""
from __future__ import annotations

# PostgreSQL's encoding numbers (pg_enc), in order.
ENCODINGS = ("SQL_ASCII", "EUC_JP", "EUC_CN", "EUC_KR", "EUC_TW", "EUC_JIS_2004", "UTF8",
             "MULE_INTERNAL", "LATIN1", "LATIN2", "LATIN3", "LATIN4", "LATIN5", "LATIN6",
             "LATIN7", "LATIN8", "LATIN9", "LATIN10", "WIN1256", "WIN1258", "WIN866",
             "WIN874", "KOI8R", "WIN1251", "WIN1252", "ISO_8859_5", "ISO_8859_6",
             "ISO_8859_7", "ISO_8859_8", "WIN1250", "WIN1253", "WIN1254", "WIN1255",
             "WIN1257", "KOI8U", "SJIS", "BIG5", "GBK", "UHC", "GB18030", "JOHAB",
             "SHIFT_JIS_2004")


def encoding_to_char(number: int) -> str:
    return ENCODINGS[number] if 0 <= number < len(ENCODINGS) else ""


def char_to_encoding(name: str) -> int:
    wanted = name.upper().replace("-", "").replace("_", "")
    for number, encoding in enumerate(ENCODINGS):
        if encoding.replace("_", "") == wanted:
            return number
    return -1


def is_server_encoding(number: int) -> bool:
    return 0 <= number <= ENCODINGS.index("KOI8U")
