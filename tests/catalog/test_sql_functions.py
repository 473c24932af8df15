# Proves the catalog-backed SQL functions: regclass text input resolves names through
# search_path (42P01 when missing, 3F000 for a missing schema) and prints names back,
# pg_relation_filepath gives the relation's path, current_database / current_schema /
# format_type are registered with the datatypes function registry.
from __future__ import annotations

import pytest

from pgsnake.catalog import heap_creation
from pgsnake.utils.errors import PgError


def test_regclass_input_and_output(world, transaction):
    regclass_in, regclass_out = world.io_overrides[2205]
    with transaction():
        oid = heap_creation.create_table("My T", 2200, [heap_creation.ColumnSpec("a", 23)])
        assert regclass_in("pg_class") == 1259
        assert regclass_in("pg_catalog.PG_CLASS") == 1259
        assert regclass_in('"My T"') == oid
        assert regclass_in("1259") == 1259
        assert regclass_out(1259) == "pg_class"
        assert regclass_out(oid) == '"My T"'
        assert regclass_out(424242) == "424242"
        with pytest.raises(PgError) as e:
            regclass_in("nosuch")
        assert (e.value.sqlstate, e.value.message) == ("42P01", 'relation "nosuch" does not exist')
        with pytest.raises(PgError) as e:
            regclass_in("Nosuch.x")
        assert e.value.sqlstate == "3F000"


def test_registered_functions(world, transaction):
    filepath = world.functions["pg_relation_filepath"]
    assert filepath[:2] == ((2205,), 25) and filepath[3] == 3034
    with transaction():
        oid = heap_creation.create_table("t", 2200, [heap_creation.ColumnSpec("a", 23)])
        assert filepath[2](oid) == f"base/5/{oid}"
        assert filepath[2](1262) == "global/1262"
        assert filepath[2](999999) is None
        assert world.functions["current_database"][2]() == "postgres"
        assert world.functions["current_schema"][2]() == "public"
        assert world.functions["format_type"][2](1043, 14) == "character varying(10)"
        assert world.functions["format_type"][2](None, 14) is None
