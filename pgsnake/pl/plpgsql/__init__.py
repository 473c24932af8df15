"""PL/pgSQL: compiler.py (PostgreSQL's parse tree -> datums, scopes, expressions),
interpreter.py (runs a call), expressions.py (embedded SQL), conditions.py (condition
names). PostgreSQL: src/pl/plpgsql/src."""
