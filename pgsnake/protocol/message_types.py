"""The one-byte message type codes of protocol v3, for both directions.

Entry points:
    FrontendType   bytes the client sends first in each message (Query b'Q', ...)
    BackendType    bytes the server sends first in each message (RowDescription b'T', ...)
    AuthRequest    the int32 codes carried inside an Authentication ('R') message
    SMALL_MESSAGE_LIMIT / LARGE_MESSAGE_LIMIT / AUTH_TOKEN_LIMIT   length caps per type

Both enums subclass `bytes`, so `FrontendType.QUERY == b"Q"` and a value can be written
straight onto the wire.

PostgreSQL: include/libpq/protocol.h (PG 17 names; PG 15 uses the literals),
tcop/postgres.c (SocketBackend), libpq/pqcomm.c (PQ_*_MESSAGE_LIMIT), libpq/auth.c.
"""
from __future__ import annotations

import enum


class FrontendType(bytes, enum.Enum):
    """Type bytes of messages from the client (after the startup packet)."""
    BIND = b"B"
    CLOSE = b"C"
    DESCRIBE = b"D"
    EXECUTE = b"E"
    FUNCTION_CALL = b"F"
    FLUSH = b"H"
    PARSE = b"P"
    QUERY = b"Q"
    SYNC = b"S"
    TERMINATE = b"X"
    COPY_FAIL = b"f"
    COPY_DONE = b"c"
    COPY_DATA = b"d"
    # PasswordMessage, SASLInitialResponse, SASLResponse and GSSResponse all share 'p'.
    PASSWORD_MESSAGE = b"p"


class BackendType(bytes, enum.Enum):
    """Type bytes of messages from the server."""
    PARSE_COMPLETE = b"1"
    BIND_COMPLETE = b"2"
    CLOSE_COMPLETE = b"3"
    NOTIFICATION_RESPONSE = b"A"
    COMMAND_COMPLETE = b"C"
    DATA_ROW = b"D"
    ERROR_RESPONSE = b"E"
    COPY_IN_RESPONSE = b"G"
    COPY_OUT_RESPONSE = b"H"
    EMPTY_QUERY_RESPONSE = b"I"
    BACKEND_KEY_DATA = b"K"
    NOTICE_RESPONSE = b"N"
    AUTHENTICATION = b"R"
    PARAMETER_STATUS = b"S"
    ROW_DESCRIPTION = b"T"
    FUNCTION_CALL_RESPONSE = b"V"
    COPY_BOTH_RESPONSE = b"W"
    READY_FOR_QUERY = b"Z"
    NO_DATA = b"n"
    PORTAL_SUSPENDED = b"s"
    PARAMETER_DESCRIPTION = b"t"
    NEGOTIATE_PROTOCOL_VERSION = b"v"
    COPY_DATA = b"d"
    COPY_DONE = b"c"


class AuthRequest(enum.IntEnum):
    """The request code inside an Authentication message."""
    OK = 0
    KERBEROS_V5 = 2
    CLEARTEXT_PASSWORD = 3
    MD5_PASSWORD = 5
    GSS = 7
    GSS_CONTINUE = 8
    SSPI = 9
    SASL = 10
    SASL_CONTINUE = 11
    SASL_FINAL = 12


# Length caps, counted as the wire length word counts (it includes itself).
# PostgreSQL lets only messages that may carry bulk data grow to MaxAllocSize - 1.
LARGE_MESSAGE_LIMIT = 0x3FFFFFFF - 1        # 1 GB - 2: PQ_LARGE_MESSAGE_LIMIT
SMALL_MESSAGE_LIMIT = 10000                 # PQ_SMALL_MESSAGE_LIMIT
AUTH_TOKEN_LIMIT = 65535                    # PG_MAX_AUTH_TOKEN_LENGTH (password/SASL packets)

# Which limit each frontend message type gets once the session is running.
MESSAGE_LIMITS: dict[bytes, int] = {
    b"Q": LARGE_MESSAGE_LIMIT,
    b"F": LARGE_MESSAGE_LIMIT,
    b"P": LARGE_MESSAGE_LIMIT,
    b"B": LARGE_MESSAGE_LIMIT,
    b"d": LARGE_MESSAGE_LIMIT,
    b"f": SMALL_MESSAGE_LIMIT,
    b"c": SMALL_MESSAGE_LIMIT,
    b"E": SMALL_MESSAGE_LIMIT,
    b"C": SMALL_MESSAGE_LIMIT,
    b"D": SMALL_MESSAGE_LIMIT,
    b"H": SMALL_MESSAGE_LIMIT,
    b"S": SMALL_MESSAGE_LIMIT,
    b"X": SMALL_MESSAGE_LIMIT,
    # 'p' is absent on purpose: after authentication PostgreSQL 15 treats it as an
    # invalid message type; authentication reads it with AUTH_TOKEN_LIMIT explicitly.
}
