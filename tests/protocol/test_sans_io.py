# Proves the package's "sans-I/O" rule: only connection.py imports socket/select/ssl, and
# the package imports nothing from pgsnake above layer L0.
from __future__ import annotations

import ast
import pathlib

import pgsnake.protocol

PACKAGE = pathlib.Path(pgsnake.protocol.__file__).parent
IO_MODULES = {"socket", "select", "ssl", "selectors", "asyncio"}
ALLOWED_PGSNAKE = ("pgsnake.protocol", "pgsnake.utils.errors", "pgsnake.utils.settings")


def _imports(path: pathlib.Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_connection_touches_sockets():
    for path in PACKAGE.glob("*.py"):
        io = {n.split(".")[0] for n in _imports(path)} & IO_MODULES
        if path.name != "connection.py":
            assert not io, f"{path.name} imports {io}"


def test_layering():
    for path in PACKAGE.glob("*.py"):
        for name in _imports(path):
            if name.startswith("pgsnake"):
                assert name.startswith(ALLOWED_PGSNAKE), f"{path.name} imports {name}"
