"""docs/storage-tour.md is true: its SQL blocks run in order through psql against a fresh
pgsnake cluster made with data checksums, and each block's output is the text block that
follows it in the document (trailing blanks ignored; the checksums and the file name of
the damaged page, which differ between clusters, stand as C, E and base/D/R). Between
the block that asks for the table's file path and the next one, the test does what the
tour tells the reader to do: stop the server, change byte 2000 of the file, start it."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from harness.servers import PG_BIN_FALLBACK

TOUR = Path(__file__).resolve().parents[2] / "docs" / "storage-tour.md"
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)


def _psql() -> str | None:
    candidate = os.path.join(PG_BIN_FALLBACK, "psql")
    return candidate if os.access(candidate, os.X_OK) else shutil.which("psql")


pytestmark = pytest.mark.skipif(_psql() is None, reason="psql not installed")


def tour_steps() -> list[tuple[str, str | None]]:
    """(SQL, expected output or None) for each sql block of the tour, in order."""
    blocks = [(m.group(1), m.group(2)) for m in _FENCE.finditer(TOUR.read_text())]
    steps = []
    for i, (kind, body) in enumerate(blocks):
        if kind == "sql":
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            expected = following[1] if following and following[0] == "text" else None
            steps.append((body, expected))
    return steps


def _normalise(text: str) -> str:
    text = re.sub(r"checksum \d+ but expected \d+", "checksum C but expected E", text)
    text = re.sub(r"base/\d+/\d+", "base/D/R", text)
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def _run(server, sql: str) -> str:
    statements = [s.strip() + ";" for s in re.split(r";\s*\n", sql.strip().rstrip(";"))]
    args = [_psql(), "-X", "-q", "-h", server.host, "-p", str(server.port), "-U", server.user,
            "-d", server.dbname]
    for statement in statements:
        args += ["-c", statement]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env)
    return done.stderr + done.stdout         # (psql shows a statement's messages first)


def _flip_byte(path: str, offset: int = 2000) -> None:
    with open(path, "r+b") as f:
        f.seek(offset)
        byte = f.read(1)
        f.seek(offset)
        f.write(bytes([byte[0] ^ 1]))


def test_the_storage_tour_shows_what_it_says(make_pgsnake_server):
    steps = tour_steps()
    assert len(steps) >= 6 and sum(expected is not None for _, expected in steps) >= 5
    server = make_pgsnake_server(initdb_args=("-k",))
    for sql, expected in steps:
        output = _run(server, sql)
        if expected is not None:
            assert _normalise(output) == _normalise(expected), sql
        if "pg_relation_filepath('tour')" in sql:
            found = re.search(r"base/\d+/\d+", output)
            assert found, output
            relative = found.group(0)
            server.stop()
            _flip_byte(os.path.join(server.datadir, relative))
            server.start()
