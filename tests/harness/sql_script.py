"""Split a regression script into statements.

Format (tests/regress/sql/*.sql): a statement is a group of lines ending with a line
whose text ends in `;` outside any dollar-quoted string, so a function body written over
several lines (`AS $$ ... ; ... $$;`) stays one statement. Lines that start with `--`
between statements are comments and are dropped; blank lines are ignored. A
`COPY ... FROM STDIN` statement is followed by its data lines up to a line `\\.`, as in
a psql script (ScriptStatement.copy_data). Statements are sent to the server exactly as
written (minus surrounding whitespace), one per Query message.

Entry points:
    split_script(text) -> list[ScriptStatement]
    load_script(path)  -> list[ScriptStatement]

PostgreSQL: src/test/regress/pg_regress.c (the idea: scripts of SQL, compared output)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# What can open or close a dollar quote, and what hides one: a single-quoted string or a
# line comment (`'$$'` and `-- $$` quote nothing). `$1` is a parameter, not a tag: a
# tag starts with a letter or underscore.
_COPY_FROM_STDIN = re.compile(r"(?is)^copy\b.*\bfrom\s+stdin\b")
_LEXEME = re.compile(r"\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$|'(?:[^']|'')*'?|--.*")


@dataclass(frozen=True)
class ScriptStatement:
    sql: str
    line: int          # 1-based line where the statement starts
    copy_data: str | None = None     # COPY ... FROM STDIN: the lines sent as its data


def split_script(text: str) -> list[ScriptStatement]:
    statements: list[ScriptStatement] = []
    pending: list[str] = []
    start_line = 0
    open_tag: str | None = None     # the dollar quote the pending text is inside, if any
    copy_lines: list[str] | None = None      # collecting a COPY FROM STDIN's data
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if copy_lines is not None:
            if line == "\\.":
                last = statements[-1]
                statements[-1] = ScriptStatement(last.sql, last.line,
                                                 "".join(f"{data}\n" for data in copy_lines))
                copy_lines = None
            else:
                copy_lines.append(line)
            continue
        if not pending and (not stripped or stripped.startswith("--")):
            continue
        if not pending:
            start_line = number
        pending.append(line)
        open_tag = _dollar_quote_after(line, open_tag)
        if open_tag is None and stripped.endswith(";"):
            statements.append(ScriptStatement("\n".join(pending).strip(), start_line))
            pending = []
            if _COPY_FROM_STDIN.match(statements[-1].sql):
                copy_lines = []
    if copy_lines is not None:
        raise ValueError(f"COPY data after line {statements[-1].line} does not end with \\.")
    if pending:
        raise ValueError(f"statement starting at line {start_line} does not end with ';'")
    return statements


def _dollar_quote_after(line: str, open_tag: str | None) -> str | None:
    """The dollar quote still open at the end of line, given the one open at its start."""
    position = 0
    while True:
        if open_tag is not None:
            end = line.find(open_tag, position)
            if end < 0:
                return open_tag
            position, open_tag = end + len(open_tag), None
        match = _LEXEME.search(line, position)
        if match is None:
            return None
        if match.group().startswith("$"):
            open_tag = match.group()
        position = match.end()


def load_script(path: str | Path) -> list[ScriptStatement]:
    return split_script(Path(path).read_text(encoding="utf-8"))
