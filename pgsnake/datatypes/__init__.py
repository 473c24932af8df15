"""Built-in data types, operators, casts, functions and aggregates (PostgreSQL's utils/adt
and fmgr tables), as pure code: no storage and no catalog access.

Entry points are the modules registry, operators, casts, functions, aggregates (see
docs/contracts.md, "L0 datatypes") and clock (now()/statement timestamps).

PostgreSQL: utils/adt/*.c, utils/fmgr/fmgr.c, parser/parse_oper.c, parse_func.c,
parse_coerce.c.
"""
