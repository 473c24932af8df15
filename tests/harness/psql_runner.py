"""Run the real psql against a server and capture exactly what it prints.

Entry points:
    run_psql(server, sql, *, via='tcp'|'socket', unaligned=True, extra_args=()) -> PsqlResult
    run_psql_script(server, script) -> str   a script on stdin (psql -f -), everything printed
    normalize_psql_output(text, server)   hide facts that legitimately differ (port, socket)

PostgreSQL: src/bin/psql (what a user sees is part of the compatibility surface)
"""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass

from .servers import PG_BIN_FALLBACK


@dataclass
class PsqlResult:
    returncode: int
    stdout: str
    stderr: str


def psql_path() -> str | None:
    candidate = os.path.join(PG_BIN_FALLBACK, "psql")
    return candidate if os.access(candidate, os.X_OK) else shutil.which("psql")


def run_psql(server, sql: str, *, via: str = "tcp", unaligned: bool = True,
             extra_args: tuple[str, ...] = (), timeout: float = 60) -> PsqlResult:
    """`psql -X [-A] -h HOST -p PORT -U USER -d postgres -c SQL` with a clean environment."""
    path = psql_path()
    if path is None:
        raise FileNotFoundError("psql not found")
    host = server.host if via == "tcp" else server.socket_dir
    args = [path, "-X", "-h", host, "-p", str(server.port), "-U", server.user,
            "-d", server.dbname]
    if unaligned:
        args.append("-A")
    args += [*extra_args, "-c", sql]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(LC_ALL="C", LANG="C", PGCONNECT_TIMEOUT="10")
    if getattr(server, "password", None):
        env["PGPASSWORD"] = server.password
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env,
                          stdin=subprocess.DEVNULL)
    return PsqlResult(done.returncode, done.stdout, done.stderr)


def run_psql_script(server, script: str, timeout: float = 120) -> str:
    """`psql -X -f -` with `script` on stdin and a clean environment: what it prints on
    stdout and stderr, in that order (the text describe tests compare with PostgreSQL's)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(LC_ALL="C", LANG="C")
    done = subprocess.run(
        [psql_path(), "-X", "-h", server.host, "-p", str(server.port), "-U", server.user,
         "-d", server.dbname, "-f", "-"],
        input=script, capture_output=True, text=True, timeout=timeout, env=env)
    return done.stdout + done.stderr


def normalize_psql_output(text: str, server) -> str:
    """Replace the server's own port and socket path, which differ between servers."""
    return text.replace(server.socket_dir, "<socket_dir>").replace(str(server.port), "<port>")
