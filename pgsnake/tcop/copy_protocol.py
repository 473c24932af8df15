"""The COPY sub-protocol: COPY FROM STDIN and COPY TO STDOUT over the client connection.

Entry points:
    install(session)    give commands/copy.py its way to the client (set_client_channel)
    ClientCopy          the channel commands/copy.py drives:
        copy_in(binary, ncols)        CopyInResponse, then the CopyData bodies until CopyDone
        copy_out_begin(binary, ncols) CopyOutResponse
        copy_out(data)                one CopyData
        copy_out_end()                CopyDone

Rules (PostgreSQL's protocol, "COPY Operations"):
1. During copy-in, CopyData carries data, CopyDone ends it, CopyFail aborts the COPY with
   57014 "COPY from stdin failed: <the client's message>". Flush and Sync are ignored
   (a client may send them after Execute, in the extended protocol); any other message is
   a protocol violation (08P01) that fails the COPY and then ends the connection
   ("protocol synchronization was lost"), as in PostgreSQL: the error carries the FATAL
   as `then_fatal`, which backend_main sends after the error.
2. The connection ending during copy-in is FATAL 08P01, as in PostgreSQL.
3. After an error the client may go on sending CopyData / CopyDone: the message loop
   ignores them outside copy mode (backend_main), so the stream stays in step.
4. CopyInResponse is flushed at once: the client waits for it before sending data.

PostgreSQL: commands/copyfromparse.c (ReceiveCopyBegin, CopyGetData),
commands/copyto.c (SendCopyBegin, SendCopyEnd, CopySendEndOfRow).
"""
from __future__ import annotations

from pgsnake.commands import copy
from pgsnake.protocol import messages as m
from pgsnake.utils import errors, interrupts
from pgsnake.utils.errors import FatalError, PgError


class ClientCopy:
    def __init__(self, conn) -> None:
        self.conn = conn

    def copy_in(self, binary: bool, ncols: int):
        fmt = 1 if binary else 0
        conn = self.conn
        conn.send(m.copy_in_response(fmt, [fmt] * ncols))
        conn.flush()
        while True:
            interrupts.check_for_interrupts()
            try:
                msg_type, body = conn.read_message()
            except (EOFError, ConnectionError, OSError):
                raise FatalError(errors.PROTOCOL_VIOLATION,
                                 "unexpected EOF on client connection with an open "
                                 "transaction") from None
            if msg_type == b"d":
                yield body
            elif msg_type == b"c":
                return
            elif msg_type == b"f":
                message = m.decode_frontend(msg_type, body).message
                raise PgError(errors.QUERY_CANCELED, f"COPY from stdin failed: {message}")
            elif msg_type in (b"H", b"S"):
                continue
            else:
                # The message is not ours to read: its body is left unread, so the
                # stream is lost and the connection ends after the error (rule 1).
                error = PgError(errors.PROTOCOL_VIOLATION,
                                f"unexpected message type 0x{msg_type[0]:02X} during COPY from stdin")
                error.then_fatal = FatalError(
                    errors.PROTOCOL_VIOLATION,
                    "terminating connection because protocol synchronization was lost")
                raise error

    def copy_out_begin(self, binary: bool, ncols: int) -> None:
        fmt = 1 if binary else 0
        self.conn.send(m.copy_out_response(fmt, [fmt] * ncols))

    def copy_out(self, data: bytes) -> None:
        self.conn.send(m.copy_data(data))

    def copy_out_end(self) -> None:
        self.conn.send(m.copy_done())


def install(session) -> None:
    copy.set_client_channel(lambda: ClientCopy(session.conn))
