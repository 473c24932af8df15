"""Throwaway database servers for tests: the oracle PostgreSQL 15 and pgsnake.

Both classes offer the same interface, so a system test can run against either
(running it against the oracle proves that the test itself is right):
    .initdb()  .start()  .stop(mode)  .status()  .connect()  .dsn  .port
    .datadir  .socket_dir  .postmaster_pid()  .child_pids()  .kill_all_9()
    .log_text(since=0)  .log_size()  .title_prefix  .cleanup()

Entry points:
    find_postgres_binaries()   locate initdb/pg_ctl/postgres 15 (None if missing)
    free_port()                a TCP port on 127.0.0.1 nobody listens on now
    OracleServer(...)          real PostgreSQL, run as the `postgres` OS user
    PgsnakeServer(...)         `python -m pgsnake initdb|start|stop|status`

PostgreSQL: bin/pg_ctl/pg_ctl.c (do_start, do_stop, do_status); bin/initdb/initdb.c
"""
from __future__ import annotations

import atexit
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import processes

REPO_ROOT = Path(__file__).resolve().parents[2]
PG_BIN_FALLBACK = "/usr/lib/postgresql/15/bin"


class ServerError(RuntimeError):
    """A server command failed; the message carries its output and the log."""


def free_port() -> int:
    """A port nobody listens on right now (the OS picks it, so parallel runs don't clash)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_postgres_binaries() -> dict[str, str] | None:
    """Paths of initdb, pg_ctl, postgres (major version 15) and psql, or None."""
    found = {}
    for name in ("initdb", "pg_ctl", "postgres", "psql"):
        path = os.path.join(PG_BIN_FALLBACK, name)
        if not os.access(path, os.X_OK):
            path = shutil.which(name) or ""
        if not path:
            return None
        found[name] = path
    try:
        version = subprocess.run([found["postgres"], "--version"], capture_output=True,
                                 text=True, timeout=30).stdout
    except OSError:
        return None
    if " 15." not in version and not version.strip().endswith(" 15"):
        return None
    return found


def _running_as_root() -> bool:
    return os.geteuid() == 0


# initdb arguments -> (template data directory, initdb's CompletedProcess): see
# PgsnakeServer.initdb. The templates live in one directory removed at exit.
_initdb_templates: dict[tuple, tuple[str, subprocess.CompletedProcess]] = {}
_template_root: list[str] = []


def _keep_template(datadir: str) -> str:
    if not _template_root:
        _template_root.append(tempfile.mkdtemp(prefix="pgsnake-initdb-templates-"))
        atexit.register(shutil.rmtree, _template_root[0], True)
    target = os.path.join(_template_root[0], str(len(_initdb_templates)))
    shutil.copytree(datadir, target, symlinks=True)
    return target


class ServerBase:
    """What both kinds of server share: addresses, pid file, processes, log."""

    title_prefix = ""          # 'postgres:' or 'pgsnake:'
    superuser = "postgres"

    def __init__(self, *, auth: str = "trust", password: str | None = None,
                 settings: dict[str, str] | None = None, port: int | None = None):
        self.base_dir = tempfile.mkdtemp(prefix=f"{self.kind}-test-")
        self.datadir = os.path.join(self.base_dir, "data")
        self.socket_dir = os.path.join(self.base_dir, "sock")
        self.logfile = os.path.join(self.base_dir, "server.log")
        self.auth = auth
        self.password = password
        self.settings = dict(settings or {})
        self.port = port or free_port()
        self.host = "127.0.0.1"
        self.user = self.superuser
        self.dbname = "postgres"
        # Every postmaster pid we ever saw: cleanup kills these and their children
        # even if the pid file is gone.
        self._known_postmasters: set[int] = set()
        os.makedirs(self.socket_dir)
        Path(self.logfile).touch()

    kind = "server"

    # -- addresses -----------------------------------------------------------
    @property
    def dsn(self) -> str:
        dsn = f"host={self.host} port={self.port} user={self.user} dbname={self.dbname}"
        if self.password:
            dsn += f" password={self.password}"
        return dsn

    def connect(self, **kwargs):
        """A psycopg connection (autocommit unless told otherwise)."""
        import psycopg
        params = dict(host=self.host, port=self.port, user=self.user, dbname=self.dbname,
                      connect_timeout=10, autocommit=True)
        if self.password:
            params["password"] = self.password
        params.update(kwargs)
        return psycopg.connect(**params)

    def connect_within(self, seconds: float = 60):
        """A connection that answers SELECT 1, retried every 0.2 s until `seconds` have
        passed (a server restarting after a crash); AssertionError if none came."""
        import psycopg
        deadline = time.monotonic() + seconds
        last = None
        while time.monotonic() < deadline:
            try:
                conn = self.connect(connect_timeout=5)
                conn.execute("SELECT 1")
                return conn
            except psycopg.Error as exc:
                last = exc
                time.sleep(0.2)
        raise AssertionError(f"no connection within {seconds} s: {last}")

    # -- processes -----------------------------------------------------------
    def pid_file(self) -> processes.PidFile | None:
        return processes.read_pid_file(os.path.join(self.datadir, "postmaster.pid"))

    def postmaster_pid(self) -> int | None:
        pid_file = self.pid_file()
        if pid_file is None:
            return None
        self._known_postmasters.add(pid_file.pid)
        return pid_file.pid

    def child_pids(self) -> list[int]:
        """Living direct children of the postmaster (backends and auxiliary processes)."""
        pid = self.postmaster_pid()
        return processes.children(pid) if pid else []

    def child_titles(self) -> dict[int, str]:
        return {pid: processes.process_title(pid) or "" for pid in self.child_pids()}

    def all_server_pids(self) -> list[int]:
        pids: set[int] = set()
        self.postmaster_pid()
        for postmaster in self._known_postmasters:
            if processes.is_alive(postmaster):
                pids.add(postmaster)
            pids.update(processes.descendants(postmaster))
        for pid in processes.all_pids():
            # A foreground server (`serve -D DIR`) whose pid file is gone.
            title = processes.process_title(pid) or ""
            if self.datadir in title and pid != os.getpid() and processes.is_alive(pid):
                pids.add(pid)
        return sorted(pids)

    def kill_all_9(self) -> None:
        """kill -9 the postmaster and every process below it; wait until all are gone."""
        pids = self.all_server_pids()
        survivors = processes.kill_and_wait(pids, signal.SIGKILL, timeout=15)
        if survivors:
            raise ServerError(f"processes survived kill -9: {survivors}")

    def is_running(self) -> bool:
        pid = self.postmaster_pid()
        return pid is not None and processes.is_alive(pid)

    # -- log -----------------------------------------------------------------
    def log_size(self) -> int:
        try:
            return os.path.getsize(self.logfile)
        except FileNotFoundError:
            return 0

    def log_text(self, since: int = 0) -> str:
        try:
            with open(self.logfile, "rb") as f:
                f.seek(since)
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    # -- teardown ------------------------------------------------------------
    def cleanup(self) -> None:
        """Stop the server whatever state it is in, then remove its files."""
        try:
            if self.is_running():
                try:
                    self.stop("immediate", check=False, timeout=30)
                except Exception:
                    pass
        finally:
            leftovers = self.all_server_pids()
            if leftovers:
                processes.kill_and_wait(leftovers, signal.SIGKILL, timeout=15)
            shutil.rmtree(self.base_dir, ignore_errors=True)

    def _fail(self, what: str, result: subprocess.CompletedProcess) -> ServerError:
        return ServerError(
            f"{what} failed (exit {result.returncode})\n--- stdout\n{result.stdout}\n"
            f"--- stderr\n{result.stderr}\n--- log\n{self.log_text()[-4000:]}")

    # subclasses: initdb(), start(), stop(), status()


class PgsnakeServer(ServerBase):
    """pgsnake driven through its command line, as a user would. `env`: extra environment
    for the commands that start the server (e.g. PGSNAKE_FAULT_INJECTION, see
    tests/harness/faults.py)."""

    kind = "pgsnake"
    title_prefix = "pgsnake:"

    def __init__(self, *, env: dict[str, str] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.env = dict(env or {})
        # Test servers run without autovacuum unless a test asks for it: a worker that
        # vacuums or analyzes a table the test just filled changes its plans and row
        # order at random moments (tests/regress/explain_support.py keeps the oracle's
        # tables out of autovacuum for the same reason). tests/postmaster/test_autovacuum.py
        # turns it on.
        self.settings.setdefault("autovacuum", "off")

    def command(self, *args: str, env: dict[str, str] | None = None, timeout: float = 120,
                cwd: str | None = None) -> subprocess.CompletedProcess:
        full_env = dict(os.environ)
        full_env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
        for name in ("PGDATA", "PGPORT", "PGHOST", "PGUSER", "PGDATABASE",
                     "PGSNAKE_FAULT_INJECTION"):
            full_env.pop(name, None)
        if env:
            full_env.update(env)
        return subprocess.run([sys.executable, "-m", "pgsnake", *args], capture_output=True,
                              text=True, timeout=timeout, env=full_env,
                              cwd=cwd or str(REPO_ROOT), stdin=subprocess.DEVNULL)

    def initdb(self, *extra: str) -> subprocess.CompletedProcess:
        # A cluster made by the same initdb arguments is the same cluster apart from its
        # system identifier, so the first one made is kept as a template and later ones
        # are copies (a copy takes ~0.05 s, initdb ~1.5 s, and the default test tier
        # makes a few hundred clusters). Arguments that name paths are never cached.
        key = (self.superuser, self.auth, self.password, extra)
        cacheable = not any(os.sep in arg for arg in extra) and not os.path.exists(self.datadir)
        template = _initdb_templates.get(key) if cacheable else None
        if template is not None:
            shutil.copytree(template[0], self.datadir, symlinks=True)
            return template[1]
        # The oracle's locale (OracleServer.initdb), whatever the environment says.
        args = ["initdb", "-D", self.datadir, "-U", self.superuser, "--auth", self.auth,
                "-E", "UTF8", "--locale=C"]
        if self.password is not None:
            pwfile = os.path.join(self.base_dir, "pwfile")
            Path(pwfile).write_text(self.password + "\n")
            args += ["--pwfile", pwfile]
        result = self.command(*args, *extra, timeout=300)
        if result.returncode != 0:
            raise self._fail("pgsnake initdb", result)
        if cacheable:
            _initdb_templates[key] = (_keep_template(self.datadir), result)
        return result

    def start_args(self) -> list[str]:
        args = ["-D", self.datadir, "-p", str(self.port), "-l", self.logfile,
                "-c", "listen_addresses=127.0.0.1",
                "-c", f"unix_socket_directories={self.socket_dir}"]
        for name, value in self.settings.items():
            args += ["-c", f"{name}={value}"]
        return args

    def start(self, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
        result = self.command("start", *self.start_args(), env=self.env, timeout=timeout)
        self.postmaster_pid()
        if check and result.returncode != 0:
            raise self._fail("pgsnake start", result)
        return result

    def stop(self, mode: str = "fast", check: bool = True,
             timeout: float = 120) -> subprocess.CompletedProcess:
        self.postmaster_pid()
        result = self.command("stop", "-D", self.datadir, "-m", mode, timeout=timeout)
        if check and result.returncode != 0:
            raise self._fail(f"pgsnake stop -m {mode}", result)
        return result

    def status(self) -> int:
        return self.command("status", "-D", self.datadir, timeout=60).returncode


class OracleServer(ServerBase):
    """Real PostgreSQL 15, run as the `postgres` OS user when we are root."""

    kind = "oracle"
    title_prefix = "postgres:"

    def __init__(self, binaries: dict[str, str], **kwargs):
        super().__init__(**kwargs)
        self.binaries = binaries
        if _running_as_root():
            entry = pwd.getpwnam("postgres")
            for path in (self.base_dir, self.socket_dir, self.logfile):
                os.chown(path, entry.pw_uid, entry.pw_gid)

    def command(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(LC_ALL="C", LANG="C")
        kwargs = {}
        if _running_as_root():
            kwargs = dict(user="postgres", group="postgres", extra_groups=[])
            env["HOME"] = self.base_dir
        return subprocess.run(list(args), capture_output=True, text=True, timeout=timeout,
                              env=env, cwd=self.base_dir, stdin=subprocess.DEVNULL, **kwargs)

    def initdb(self, *extra: str) -> subprocess.CompletedProcess:
        args = [self.binaries["initdb"], "-D", self.datadir, "-U", self.superuser,
                f"--auth={self.auth}", "-E", "UTF8", "--locale=C", "--no-sync"]
        if self.password is not None:
            pwfile = os.path.join(self.base_dir, "pwfile")
            Path(pwfile).write_text(self.password + "\n")
            if _running_as_root():
                entry = pwd.getpwnam("postgres")
                os.chown(pwfile, entry.pw_uid, entry.pw_gid)
            args.append(f"--pwfile={pwfile}")
        result = self.command(*args, *extra, timeout=300)
        if result.returncode != 0:
            raise self._fail("initdb", result)
        return result

    def start(self, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
        options = [f"-p {self.port}", f"-k {self.socket_dir}",
                   "-c listen_addresses=127.0.0.1", "-c fsync=off", "-c TimeZone=UTC"]
        options += [f"-c {name}={value}" for name, value in self.settings.items()]
        result = self.command(self.binaries["pg_ctl"], "start", "-w", "-t", str(int(timeout)),
                              "-D", self.datadir, "-l", self.logfile, "-o", " ".join(options),
                              timeout=timeout + 10)
        self.postmaster_pid()
        if check and result.returncode != 0:
            raise self._fail("pg_ctl start", result)
        return result

    def stop(self, mode: str = "fast", check: bool = True,
             timeout: float = 120) -> subprocess.CompletedProcess:
        self.postmaster_pid()
        result = self.command(self.binaries["pg_ctl"], "stop", "-w", "-t", str(int(timeout)),
                              "-D", self.datadir, "-m", mode, timeout=timeout + 10)
        if check and result.returncode != 0:
            raise self._fail(f"pg_ctl stop -m {mode}", result)
        return result

    def status(self) -> int:
        return self.command(self.binaries["pg_ctl"], "status", "-D", self.datadir).returncode
