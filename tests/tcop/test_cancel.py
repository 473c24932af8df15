# Query cancel works as in PostgreSQL: a client's CancelRequest (sent on a new connection
# with the backend's key) interrupts a statement that is waiting for another transaction's
# row lock; the statement fails with 57014 and the session stays usable.
import threading
import time

import psycopg


def _cancel_blocked_update(server):
    with server.connect(autocommit=True) as setup:
        setup.execute("DROP TABLE IF EXISTS tcop_cancel")
        setup.execute("CREATE TABLE tcop_cancel (id int4, v int4)")
        setup.execute("INSERT INTO tcop_cancel VALUES (1, 0)")
    holder = server.connect(autocommit=False)
    waiter = server.connect(autocommit=True)
    try:
        holder.execute("UPDATE tcop_cancel SET v = 1 WHERE id = 1")   # holds the row
        timer = threading.Timer(1.0, waiter.cancel)
        timer.start()
        started = time.monotonic()
        try:
            waiter.execute("UPDATE tcop_cancel SET v = 2 WHERE id = 1")
            outcome = ("no error",)
        except psycopg.Error as e:
            outcome = (e.sqlstate, e.diag.message_primary)
        waited = time.monotonic() - started
        timer.join()
        still_usable = waiter.execute("SELECT v FROM tcop_cancel").fetchone()[0]
        holder.rollback()
        return outcome, waited < 30, still_usable
    finally:
        holder.close()
        waiter.close()
        with server.connect(autocommit=True) as cleanup:
            cleanup.execute("DROP TABLE tcop_cancel")


def test_cancel_interrupts_a_lock_wait(oracle, pgsnake_server):
    result = _cancel_blocked_update(pgsnake_server)
    assert result == _cancel_blocked_update(oracle)
    assert result[0][0] == "57014"
