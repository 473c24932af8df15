# Proves the package layering of docs/contracts.md holds: no pgsnake module imports a
# module of a higher layer (imports under `if TYPE_CHECKING:` are exempt; lazy imports
# inside functions are not), every module has a layer, and the "only here" rules: only
# pgsnake/storage/ipc/atomics.py imports atomicshm, and within pgsnake/protocol/ only
# connection.py imports socket.
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "pgsnake"

# docs/contracts.md's table (plus the extra packages named in style.md §7); a module
# belongs to the longest matching prefix.
LAYERS: dict[str, int] = {
    "utils": 0, "utils.errors": 0, "utils.sqlstates": 0, "utils.settings": 0,
    "utils.process_state": 0, "datatypes": 0, "protocol": 0,
    # The durable-file layer sits at L0, below storage.smgr, because utils.config_files
    # (L0) writes postgresql.auto.conf through it; it imports only utils and the stdlib.
    "storage.file": 0,
    "storage.ipc": 1, "storage.lmgr": 1, "storage.page": 1, "storage.smgr": 1,
    "access.transam.wal": 2,
    "storage.buffer": 3, "storage.free_space_map": 3, "utils.sort": 3, "utils.stats": 3,
    "access": 4, "access.common": 4, "access.heap": 4, "access.nbtree": 4, "access.transam": 4,
    "utils.activity": 4,
    "catalog": 5,
    "parser": 6, "rewrite": 6, "optimizer": 6,
    "executor": 7,
    "commands": 8, "pl": 8, "replication": 8, "backup": 8, "contrib": 8,
    "tcop": 9,
    "postmaster": 10, "cli": 10, "testing": 10,
}
# Entry-point modules at the top of the package: they may import anything.
TOP_LEVEL = {"pgsnake", "pgsnake.__main__"}


def layer_of(module: str) -> int | None:
    if not module.startswith("pgsnake."):
        return None
    parts = module.split(".")[1:]
    for length in range(len(parts), 0, -1):
        key = ".".join(parts[:length])
        if key in LAYERS:
            return LAYERS[key]
    return None


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE_ROOT.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _module_exists(name: str) -> bool:
    relative = Path(*name.split(".")[1:]) if "." in name else Path()
    base = PACKAGE_ROOT / relative
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imports_of(path: Path) -> list[tuple[str, int]]:
    """(imported module, line) for every import outside `if TYPE_CHECKING:` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    this = module_name(path)
    package = this if path.name == "__init__.py" else this.rpartition(".")[0]
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                # `from pgsnake.storage.buffer import buffer_manager` imports a module;
                # `from pgsnake.utils.errors import PgError` imports a name.
                found.append((candidate if candidate.startswith("pgsnake.")
                              and _module_exists(candidate) else base, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def all_modules() -> list[Path]:
    return sorted(p for p in PACKAGE_ROOT.rglob("*.py") if "__pycache__" not in p.parts)


def test_layer_table_resolves_most_specific_prefix():
    assert layer_of("pgsnake.access.transam.wal.insert") == 2
    assert layer_of("pgsnake.access.transam.xact") == 4
    assert layer_of("pgsnake.storage.buffer.buffer_manager") == 3
    assert layer_of("pgsnake.utils.settings") == 0
    assert layer_of("psycopg") is None


def test_checker_sees_relative_and_lazy_imports_but_not_type_checking(tmp_path, monkeypatch):
    fake_root = tmp_path / "pgsnake"
    (fake_root / "storage" / "page").mkdir(parents=True)
    (fake_root / "executor").mkdir()
    for package in (fake_root, fake_root / "storage", fake_root / "storage" / "page",
                    fake_root / "executor"):
        (package / "__init__.py").write_text("")
    (fake_root / "executor" / "run.py").write_text("")
    module = fake_root / "storage" / "page" / "layout.py"
    module.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from pgsnake.executor import run\n"
                      "def f():\n    from ...executor import run\n"
                      "from . import other\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE_ROOT", fake_root)
    assert imports_of(module) == [("typing", 1), ("pgsnake.executor.run", 5),
                                  ("pgsnake.storage.page", 6)]


def test_lower_layers_never_import_higher_ones():
    violations = []
    for path in all_modules():
        this = module_name(path)
        if this in TOP_LEVEL:
            continue
        own = layer_of(this)
        if own is None:
            continue
        for target, line in imports_of(path):
            theirs = layer_of(target)
            if theirs is not None and theirs > own:
                violations.append(f"{path.relative_to(PACKAGE_ROOT.parent)}:{line} (L{own}) "
                                  f"imports {target} (L{theirs})")
    assert not violations, "layering violations:\n" + "\n".join(violations)


def test_every_module_has_a_layer():
    unplaced = [module_name(p) for p in all_modules()
                if module_name(p) not in TOP_LEVEL and layer_of(module_name(p)) is None
                and module_name(p).count(".") > 1]
    # Bare subsystem packages such as pgsnake.storage (just an __init__) carry no code.
    assert not unplaced, f"modules outside the layer table (add them to LAYERS): {unplaced}"


def test_only_atomics_imports_atomicshm():
    offenders = [str(p.relative_to(PACKAGE_ROOT.parent)) for p in all_modules()
                 if any(target.split(".")[0] == "atomicshm" for target, _ in imports_of(p))]
    assert offenders in ([], ["pgsnake/storage/ipc/atomics.py"]), offenders


def test_only_protocol_connection_imports_socket():
    protocol = PACKAGE_ROOT / "protocol"
    offenders = [p.name for p in sorted(protocol.rglob("*.py"))
                 if p.name != "connection.py"
                 and any(target.split(".")[0] == "socket" for target, _ in imports_of(p))]
    assert not offenders, f"socket imported in pgsnake/protocol/ outside connection.py: {offenders}"
