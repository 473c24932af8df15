"""SELECT ... INTO: where PostgreSQL takes it (a statement's own SELECT, on the first
SELECT of a set operation: CREATE TABLE AS) and its errors anywhere else.

Entry points:
    statement_into(body) -> dict | None   the INTO clause of a statement's SelectStmt body:
                                          its own, or its leftmost SELECT's in a set
                                          operation (transformOptionalSelectInto)
    without_into(body) -> dict            the body with that clause taken out
    refuse(pstate, body, first)           42601 for an INTO analysis meets: "SELECT ...
                                          INTO is not allowed here" (a subquery, a WITH
                                          query, a set operation's first SELECT there),
                                          "INTO is only allowed on first SELECT of
                                          UNION/INTERSECT/EXCEPT" (any later one)

PostgreSQL: parser/analyze.c (transformOptionalSelectInto, transformSelectStmt,
transformSetOperationStmt, transformSetOperationTree).
"""
from __future__ import annotations

from pgsnake.utils.errors import PgError

SYNTAX_ERROR = "42601"


def _leftmost(body: dict) -> dict:
    while body.get("op", "SETOP_NONE") != "SETOP_NONE" and body.get("larg"):
        body = body["larg"]
    return body


def statement_into(body: dict) -> dict | None:
    return body.get("intoClause") or _leftmost(body).get("intoClause")


def without_into(body: dict) -> dict:
    if body.get("intoClause") or body.get("op", "SETOP_NONE") == "SETOP_NONE":
        return {k: v for k, v in body.items() if k != "intoClause"}
    return dict(body, larg=without_into(body["larg"]))


def refuse(pstate, body: dict, first: bool = True) -> None:
    into = body.get("intoClause")
    if not into:
        return
    position = pstate.position(into.get("rel", {}).get("location"))
    if first:
        raise PgError(SYNTAX_ERROR, "SELECT ... INTO is not allowed here", position=position)
    raise PgError(SYNTAX_ERROR, "INTO is only allowed on first SELECT of "
                                "UNION/INTERSECT/EXCEPT", position=position)
