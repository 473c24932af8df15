"""Starting, stopping and checking a server: `pgsnake start|stop|restart|status|serve`,
and `pgsnake postmaster`, the server process itself.

`start` runs `python -m pgsnake postmaster` in a new session with its output going to the
log file, then waits, as `pg_ctl start -w` does, until postmaster.pid says "ready" (exit
0) or the server exits (non-zero, showing the end of the log, where the reason is).

Where we differ from pg_ctl: without -l the log goes to DATADIR/log/server.log instead of
the terminal, so a script that captures `pgsnake start`'s output is not held open by the
server's inherited stdout.

PostgreSQL: bin/pg_ctl/pg_ctl.c (do_start, wait_for_postmaster_start, do_stop, do_status).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from pgsnake.postmaster.pid_file import pid_is_alive, read_pid_file

STOP_SIGNALS = {"smart": signal.SIGTERM, "s": signal.SIGTERM, "fast": signal.SIGINT, "f": signal.SIGINT,
                "immediate": signal.SIGQUIT, "i": signal.SIGQUIT}


def _require_datadir(args) -> str | None:
    if not args.datadir:
        print("pgsnake: no database directory specified and environment variable PGDATA unset",
              file=sys.stderr)
        return None
    return os.path.abspath(args.datadir)


def _server_options(args) -> list[str]:
    out = []
    if getattr(args, "port", None) is not None:
        out += ["-p", str(args.port)]
    for opt in getattr(args, "options", []) or []:
        out += ["-c", opt]
    if getattr(args, "socket_dir", None):
        out += ["-k", args.socket_dir]
    if getattr(args, "listen", None):
        out += ["-h", args.listen]
    return out


def running_pid(datadir: str) -> int | None:
    lines = read_pid_file(os.path.join(datadir, "postmaster.pid"))
    if not lines:
        return None
    try:
        pid = int(lines[0])
    except ValueError:
        return None
    return pid if pid_is_alive(pid) else None


def start_command(args) -> int:
    datadir = _require_datadir(args)
    if datadir is None:
        return 1
    if not os.path.exists(os.path.join(datadir, "PG_VERSION")):
        print(f'pgsnake: directory "{datadir}" is not a database cluster directory', file=sys.stderr)
        return 1
    other = running_pid(datadir)
    if other is not None:
        print(f"pgsnake: another server might be running (PID {other}); not starting", file=sys.stderr)
        return 1
    logfile = args.logfile or os.path.join(datadir, "log", "server.log")
    os.makedirs(os.path.dirname(os.path.abspath(logfile)), exist_ok=True)
    log_start = os.path.getsize(logfile) if os.path.exists(logfile) else 0
    with open(logfile, "ab") as log:
        proc = subprocess.Popen([sys.executable, "-m", "pgsnake", "postmaster", "-D", datadir]
                                + _server_options(args),
                                stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                start_new_session=True, close_fds=True)
    print("waiting for server to start....", end="", flush=True)
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        code = proc.poll()
        if code is not None:
            print(" stopped waiting", flush=True)
            print("pgsnake: could not start server\nExamine the log output:", file=sys.stderr)
            _show_log_tail(logfile, log_start)
            return 1
        lines = read_pid_file(os.path.join(datadir, "postmaster.pid"))
        if lines and len(lines) >= 8 and lines[0] == str(proc.pid) and lines[7].strip() == "ready":
            print(" done\nserver started", flush=True)
            return 0
        time.sleep(0.05)
    print(" stopped waiting", flush=True)
    print("pgsnake: server did not start in time", file=sys.stderr)
    _show_log_tail(logfile, log_start)
    return 1


def _show_log_tail(logfile: str, start: int) -> None:
    try:
        with open(logfile, "rb") as f:
            f.seek(start)
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return
    lines = text.splitlines()[-30:]
    for line in lines:
        print(line, file=sys.stderr)


def stop_command(args) -> int:
    datadir = _require_datadir(args)
    if datadir is None:
        return 1
    pid_path = os.path.join(datadir, "postmaster.pid")
    pid = running_pid(datadir)
    if pid is None:
        print(f'pgsnake: PID file "{pid_path}" does not exist\nIs server running?', file=sys.stderr)
        return 1
    os.kill(pid, STOP_SIGNALS[args.mode])
    print("waiting for server to shut down....", end="", flush=True)
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        if not pid_is_alive(pid) or _is_zombie(pid):
            print(" done\nserver stopped", flush=True)
            return 0
        time.sleep(0.05)
    print(" failed\npgsnake: server does not shut down", file=sys.stderr)
    return 1


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def restart_command(args) -> int:
    datadir = _require_datadir(args)
    if datadir is None:
        return 1
    if running_pid(datadir) is not None:
        if stop_command(args) != 0:
            return 1
    return start_command(args)


def status_command(args) -> int:
    datadir = _require_datadir(args)
    if datadir is None:
        return 1
    pid = running_pid(datadir)
    if pid is None:
        print("pgsnake: no server running")
        return 3
    print(f"pgsnake: server is running (PID: {pid})")
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            print(f.read().replace(b"\0", b" ").decode().strip())
    except OSError:
        pass
    return 0


def serve_command(args) -> int:
    datadir = os.path.abspath(args.datadir or os.environ.get("PGDATA") or _default_datadir())
    if not os.path.exists(os.path.join(datadir, "PG_VERSION")):
        from types import SimpleNamespace

        from pgsnake.cli.initdb import initdb_command
        # The C locale whatever the environment says: serve's cluster is a convenience,
        # and an environment locale pgsnake does not implement must not stop it.
        code = initdb_command(SimpleNamespace(datadir=datadir, username="postgres", auth="trust",
                                              pwfile=None, no_sync=False, no_locale=True))
        if code != 0:
            return code
    args.datadir = datadir
    from pgsnake.utils import elog
    from pgsnake.utils.errors import PgError
    try:
        _configure(args)
    except PgError as e:
        elog.log(e.message, "FATAL", detail=e.detail, hint=e.hint)
        return 1
    from pgsnake.utils import settings
    port = settings.get("port")
    sockdir = settings.get("unix_socket_directories").split(",")[0].strip()
    host = settings.get("listen_addresses").split(",")[0].strip() or "localhost"
    print(f"pgsnake: serving data directory {datadir}\n"
          f"Connect with:\n"
          f"    psql -h {host} -p {port} -U postgres postgres\n"
          f"    psql -h {sockdir} -p {port} -U postgres postgres\n"
          f"    postgresql://postgres@{host}:{port}/postgres\n"
          f"Press Ctrl-C to stop (fast shutdown).", flush=True)
    return _run_postmaster(datadir)


def _default_datadir() -> str:
    from pgsnake.cli.main import DEFAULT_DATA_DIRECTORY
    return DEFAULT_DATA_DIRECTORY


def _configure(args) -> None:
    """Settings in PostgreSQL's order of precedence (utils/settings.py rule 2): built-in
    default, PGPORT, postgresql.conf, postgresql.auto.conf, then the command line. A bad
    file or -c value raises PgError, reported as FATAL."""
    from pgsnake.utils import settings
    from pgsnake.utils.errors import PgError
    datadir = os.path.abspath(args.datadir)
    if os.environ.get("PGPORT"):
        settings.set_value("port", os.environ["PGPORT"], source="environment variable")
    settings.process_config_files(datadir)
    for opt in args.options or []:
        if "=" not in opt:
            raise PgError("42601", f"-c {opt} requires a value", severity="FATAL")
        name, value = opt.split("=", 1)
        settings.set_value(name.strip().replace("-", "_"), value, source="command line")
    if args.port is not None:
        settings.set_value("port", str(args.port), source="command line", check_context=False)
    if getattr(args, "socket_dir", None):
        settings.set_value("unix_socket_directories", args.socket_dir, source="command line",
                           check_context=False)
    if getattr(args, "listen", None):
        settings.set_value("listen_addresses", args.listen, source="command line", check_context=False)
    settings.set_value("data_directory", datadir, source="command line", check_context=False)


def postmaster_command(args) -> int:
    datadir = _require_datadir(args)
    if datadir is None:
        return 1
    if not os.path.exists(os.path.join(datadir, "PG_VERSION")):
        print(f'pgsnake: "{datadir}" is not a valid data directory', file=sys.stderr)
        return 1
    args.datadir = datadir
    from pgsnake.utils import elog
    from pgsnake.utils.errors import PgError
    try:
        _configure(args)
    except PgError as e:
        elog.log(e.message, "FATAL", detail=e.detail, hint=e.hint)
        return 1
    return _run_postmaster(datadir)


def _run_postmaster(datadir: str) -> int:
    from pgsnake.postmaster.postmaster import run_postmaster
    from pgsnake.utils import elog
    from pgsnake.utils.errors import PgError
    try:
        return run_postmaster(datadir)
    except PgError as e:
        elog.log(e.message, "FATAL", hint=e.hint)
        return 1
