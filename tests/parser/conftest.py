# The SQL-layer tests share one fixture, `sql`: see tests/sql_layer_support.py.
from sql_layer_support import sql  # noqa: F401
