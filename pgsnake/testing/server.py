"""A throwaway pgsnake server for a test suite: initdb into a temporary directory, start,
hand out connection strings, make and drop databases, stop and remove everything.

    with pgsnake.testing.Server() as server:
        dsn = server.dsn()                      # 'host=127.0.0.1 port=... user=postgres dbname=postgres'
        name = server.create_database()         # a fresh copy of template1
        engine = create_engine(server.url(name))

The server runs in its own processes (`python -m pgsnake start`), as a real PostgreSQL
would, so a test that crashes its client leaves the server running for the next one.
It listens on 127.0.0.1 (a free port) and on a Unix socket in its own directory, with
trust authentication for its superuser: it is for tests, never for data that matters,
and `stop()` deletes the data directory.

initdb runs once per pgsnake version (and source state, user and locale environment):
its result is kept under the user's cache directory (~/.cache/pgsnake/initdb) and copied
for each server, as testing.postgresql's cache_initialized_db does, so a test session
pays a directory copy, not a bootstrap. `Server(initdb_cache=False)` always runs initdb.

A new database is CREATE DATABASE ... TEMPLATE <template>: a file copy of the template,
which is what makes a database per test cheap. Make the template once per session (run
migrations in a database, then pass it as `template=`); no session may be connected to a
template while it is copied (PostgreSQL's rule, 55006).

PostgreSQL: the pattern of src/test/perl/PostgreSQL/Test/Cluster.pm (init, start,
connstr, stop, teardown), with CREATE DATABASE ... TEMPLATE for per-test isolation.
"""
from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile

from pgsnake.testing.admin_client import AdminConnection

_database_numbers = itertools.count(1)
START_ATTEMPTS = 5


class ServerError(RuntimeError):
    """initdb or start failed; the message carries the command's output."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Server:
    """One pgsnake cluster in a temporary directory. Not started until start() / `with`."""

    def __init__(self, *, settings: dict[str, str] | None = None, user: str = "postgres",
                 base_dir: str | None = None, initdb_cache: bool = True):
        self.user = user
        self.initdb_cache = initdb_cache
        self.settings = dict(settings or {})
        self._base_dir = base_dir
        self.directory: str | None = None
        self.port: int | None = None

    # -- life cycle -------------------------------------------------------------

    @property
    def datadir(self) -> str:
        return os.path.join(self._require_directory(), "data")

    @property
    def socket_dir(self) -> str:
        return self._require_directory()

    @property
    def running(self) -> bool:
        return self.port is not None

    def start(self) -> "Server":
        if self.running:
            return self
        # A short path: a Unix socket path must fit in 107 bytes.
        self.directory = tempfile.mkdtemp(prefix="pgsnake-", dir=self._base_dir)
        try:
            self._initdb()
            self._start_on_free_port()
        except BaseException:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None
            raise
        return self

    def stop(self) -> None:
        """Stop the server at once (its data is thrown away) and remove its directory."""
        if self.directory is None:
            return
        if self.running:
            self._run("stop", "-D", self.datadir, "-m", "immediate", check=False)
            self.port = None
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory = None

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- connecting ---------------------------------------------------------------

    def dsn(self, dbname: str = "postgres", **params: str) -> str:
        """A libpq keyword/value connection string (psycopg, psycopg2, psql, asyncpg)."""
        fields = {"host": "127.0.0.1", "port": str(self._require_port()), "user": self.user,
                  "dbname": dbname, **params}
        return " ".join(f"{key}={_quote_dsn_value(value)}" for key, value in fields.items())

    def url(self, dbname: str = "postgres", driver: str = "") -> str:
        """A postgresql:// URL; driver='psycopg' gives 'postgresql+psycopg://...' (SQLAlchemy)."""
        scheme = "postgresql+" + driver if driver else "postgresql"
        return f"{scheme}://{self.user}@127.0.0.1:{self._require_port()}/{dbname}"

    def execute(self, sql: str, dbname: str = "postgres") -> None:
        """Run one statement that returns no rows, as the superuser (for set-up)."""
        with AdminConnection(self.socket_dir, self._require_port(), self.user, dbname) as conn:
            conn.execute(sql)

    # -- databases ------------------------------------------------------------------

    def create_database(self, name: str | None = None, template: str = "template1") -> str:
        """Make a database as a copy of `template`; returns its name."""
        if name is None:
            name = f"test_{os.getpid()}_{next(_database_numbers)}"
        self.execute(f"CREATE DATABASE {_quote_ident(name)} TEMPLATE {_quote_ident(template)}")
        return name

    def drop_database(self, name: str) -> None:
        """Drop a database, ending the sessions still connected to it (WITH (FORCE))."""
        self.execute(f"DROP DATABASE IF EXISTS {_quote_ident(name)} WITH (FORCE)")

    # -- internals -------------------------------------------------------------------

    def _initdb(self) -> None:
        cached = _cached_cluster(self.user) if self.initdb_cache else None
        if cached is None:
            self._run("initdb", "-D", self.datadir, "-U", self.user, "--auth", "trust")
            return
        if not os.path.exists(os.path.join(cached, "PG_VERSION")):
            # Build it beside the cache entry and rename it into place: concurrent test
            # processes (pytest-xdist workers) may race, and one rename wins.
            building = tempfile.mkdtemp(prefix="building-", dir=os.path.dirname(cached))
            try:
                self._run("initdb", "-D", os.path.join(building, "data"), "-U", self.user,
                          "--auth", "trust")
                try:
                    os.rename(os.path.join(building, "data"), cached)
                except OSError:
                    pass            # another process put its copy there first
                _prune_cache(os.path.dirname(cached), keep=cached)
            finally:
                shutil.rmtree(building, ignore_errors=True)
        try:
            shutil.copytree(cached, self.datadir, symlinks=True)
        except OSError:             # pruned by another process meanwhile: do it ourselves
            shutil.rmtree(self.datadir, ignore_errors=True)
            self._run("initdb", "-D", self.datadir, "-U", self.user, "--auth", "trust")
            return
        os.chmod(self.datadir, 0o700)

    def _start_on_free_port(self) -> None:
        # Another process can take a free port between our probe and the postmaster's
        # bind: try again on another one.
        options = [item for name, value in self.settings.items()
                   for item in ("-c", f"{name}={value}")]
        logfile = os.path.join(self.socket_dir, "server.log")
        for attempt in range(START_ATTEMPTS):
            port = _free_port()
            result = self._run("start", "-D", self.datadir, "-p", str(port), "-k", self.socket_dir,
                               "-h", "127.0.0.1", "-l", logfile, *options,
                               check=attempt == START_ATTEMPTS - 1)
            if result.returncode == 0:
                self.port = port
                return

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-m", "pgsnake", *args], capture_output=True,
                                text=True, stdin=subprocess.DEVNULL, timeout=300)
        if check and result.returncode != 0:
            raise ServerError(f"pgsnake {args[0]} failed ({result.returncode}):\n"
                              f"{result.stdout}{result.stderr}")
        return result

    def _require_directory(self) -> str:
        if self.directory is None:
            raise ServerError("the server is not started")
        return self.directory

    def _require_port(self) -> int:
        if self.port is None:
            raise ServerError("the server is not started")
        return self.port


def _quote_dsn_value(value: str) -> str:
    if value and not any(ch in value for ch in " '\\"):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _cached_cluster(user: str) -> str | None:
    """Where a freshly initialised cluster for this pgsnake and environment is kept, or
    None if the cache directory cannot be made."""
    root = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
                        "pgsnake", "initdb")
    try:
        os.makedirs(root, exist_ok=True)
    except OSError:
        return None
    return os.path.join(root, _cluster_key(user))


CACHED_CLUSTERS_KEPT = 3


def _prune_cache(root: str, keep: str) -> None:
    """Keep the newest few clusters: an editable install makes a new one per change."""
    try:
        entries = [os.path.join(root, name) for name in os.listdir(root)
                   if not name.startswith("building-")]
        entries.sort(key=os.path.getmtime, reverse=True)
    except OSError:
        return
    for path in entries[CACHED_CLUSTERS_KEPT:]:
        if path != keep:
            shutil.rmtree(path, ignore_errors=True)


def _cluster_key(user: str) -> str:
    """Changes whenever initdb's result could: pgsnake's version and source files (an
    editable install changes under us), the superuser, and the locale environment."""
    import pgsnake
    package_dir = os.path.dirname(os.path.abspath(pgsnake.__file__))
    digest = hashlib.sha256()
    digest.update(f"{getattr(pgsnake, '__version__', '')}\0{user}\0".encode())
    for name in ("LC_ALL", "LC_COLLATE", "LC_CTYPE", "LC_MESSAGES", "LANG", "TZ"):
        digest.update(f"{name}={os.environ.get(name, '')}\0".encode())
    for directory, subdirs, files in os.walk(package_dir):
        subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".sql", ".sample")):
                info = os.stat(os.path.join(directory, name))
                digest.update(f"{directory}/{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:24]
