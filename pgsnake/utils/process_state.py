"""Facts about the current process that many subsystems read (PostgreSQL's globals
MyProcPid, MyDatabaseId, MyProcNumber, IsUnderPostmaster, ...).

They are set once, early in each process's life (by the postmaster, initdb, or the
backend's startup), and are private to the process: after fork each child overwrites
the ones that differ.

PostgreSQL: utils/init/globals.c.
"""
from __future__ import annotations

import os
import time

process_kind = "standalone"   # postmaster, backend, startup, checkpointer, background writer,
                              # walwriter, autovacuum launcher, bootstrap (initdb)
pid = os.getpid()
start_time = time.time()      # MyStartTime: for log_line_prefix's %c and %s
is_under_postmaster = False
is_bootstrap = False          # initdb's bootstrap mode: catalogs are being created
data_directory = "."
database_oid = 0              # MyDatabaseId; 0 before the backend has chosen a database
database_name = ""
user_oid = 0                  # the current user (GetUserId): SET ROLE, SECURITY DEFINER
user_name = ""
is_superuser = True           # of the current user
session_user_oid = 0          # the session user (GetSessionUserId); 0: same as user_oid
session_user_name = ""
proc_number = -1              # this process's slot in the proc array (MyProcNumber)
client_address = ""           # '[local]' or '127.0.0.1', for titles and pg_stat_activity
client_port = 0
debug_query_string = ""       # the client's statement being run: a STATEMENT line for log messages
server_address = ""           # this connection's local address (inet_server_addr), TCP only
server_port = 0


def after_fork(kind: str) -> None:
    """Called first thing in every forked child."""
    global process_kind, pid, is_under_postmaster, start_time
    process_kind = kind
    pid = os.getpid()
    start_time = time.time()
    is_under_postmaster = True
