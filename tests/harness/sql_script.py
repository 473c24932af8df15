"""Split a regression script into statements.

Format (tests/regress/sql/*.sql): a statement is a group of lines ending with a line
whose text ends in `;`. Lines that start with `--` between statements are comments and
are dropped; blank lines are ignored. Statements are sent to the server exactly as
written (minus surrounding whitespace), one per Query message.

Entry points:
    split_script(text) -> list[ScriptStatement]
    load_script(path)  -> list[ScriptStatement]

PostgreSQL: src/test/regress/pg_regress.c (the idea: scripts of SQL, compared output)
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ScriptStatement:
    sql: str
    line: int          # 1-based line where the statement starts


def split_script(text: str) -> list[ScriptStatement]:
    statements: list[ScriptStatement] = []
    pending: list[str] = []
    start_line = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("--")):
            continue
        if not pending:
            start_line = number
        pending.append(line)
        if stripped.endswith(";"):
            statements.append(ScriptStatement("\n".join(pending).strip(), start_line))
            pending = []
    if pending:
        raise ValueError(f"statement starting at line {start_line} does not end with ';'")
    return statements


def load_script(path: str | Path) -> list[ScriptStatement]:
    return split_script(Path(path).read_text(encoding="utf-8"))
