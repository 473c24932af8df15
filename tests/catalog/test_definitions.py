# Proves the compiled-in catalog definitions carry PostgreSQL 15's facts: the catalogs'
# OIDs, which are shared (global/) and which per database (base/<db>/), their column
# order and types, the six system columns, and that generated initial rows line up with
# the column lists they are inserted under.
from __future__ import annotations

import importlib

from pgsnake.catalog import definitions as d
from pgsnake.storage.smgr.relation_path import RelFileLocator, relation_path

EXPECTED_OIDS = {"pg_default_acl": 826, "pg_tablespace": 1213, "pg_shdepend": 1214,
                 "pg_type": 1247,
                 "pg_attribute": 1249, "pg_proc": 1255, "pg_class": 1259,
                 "pg_authid": 1260, "pg_auth_members": 1261, "pg_database": 1262,
                 "pg_foreign_server": 1417, "pg_sequence": 2224,
                 "pg_foreign_data_wrapper": 2328, "pg_shdescription": 2396,
                 "pg_aggregate": 2600, "pg_am": 2601, "pg_amop": 2602, "pg_amproc": 2603,
                 "pg_attrdef": 2604, "pg_cast": 2605, "pg_constraint": 2606,
                 "pg_conversion": 2607, "pg_depend": 2608, "pg_description": 2609,
                 "pg_index": 2610, "pg_inherits": 2611, "pg_language": 2612,
                 "pg_namespace": 2615, "pg_opclass": 2616, "pg_operator": 2617, "pg_rewrite": 2618,
                 "pg_statistic": 2619, "pg_trigger": 2620, "pg_opfamily": 2753,
                 "pg_db_role_setting": 2964, "pg_largeobject": 2613,
                 "pg_largeobject_metadata": 2995,
                 "pg_extension": 3079, "pg_foreign_table": 3118, "pg_policy": 3256,
                 "pg_partitioned_table": 3350, "pg_statistic_ext": 3381,
                 "pg_statistic_ext_data": 3429,
                 "pg_init_privs": 3394, "pg_collation": 3456, "pg_event_trigger": 3466,
                 "pg_enum": 3501, "pg_range": 3541, "pg_transform": 3576,
                 "pg_shseclabel": 3592, "pg_seclabel": 3596, "pg_ts_dict": 3600,
                 "pg_ts_parser": 3601, "pg_ts_config": 3602, "pg_ts_config_map": 3603,
                 "pg_ts_template": 3764,
                 "pg_subscription": 6100, "pg_publication": 6104,
                 "pg_publication_rel": 6106, "pg_publication_namespace": 6237,
                 "pg_parameter_acl": 6243}


def test_catalog_oids_and_sharing():
    assert {n: c.oid for n, c in d.CATALOGS.items()} == EXPECTED_OIDS
    shared = {n for n, c in d.CATALOGS.items() if c.is_shared}
    assert shared == {"pg_authid", "pg_auth_members", "pg_database", "pg_db_role_setting",
                      "pg_parameter_acl", "pg_shdepend", "pg_shdescription", "pg_shseclabel",
                      "pg_subscription", "pg_tablespace"}


def test_locators_put_shared_catalogs_in_global():
    assert relation_path(d.catalog_relation("pg_database").locator) == "global/1262"
    rel = d.catalog_relation("pg_class", database_oid=5)
    assert rel.locator == RelFileLocator(1663, 5, 1259)
    assert relation_path(rel.locator) == "base/5/1259"
    assert rel.is_shared is False and rel.namespace_oid == 11


def test_columns_match_postgres_15():
    pg_class = d.catalog("pg_class")
    assert len(pg_class.columns) == 33
    assert pg_class.column_names()[:4] == ("oid", "relname", "relnamespace", "reltype")
    relname = pg_class.columns[1]
    assert (relname.type_oid, relname.typlen, relname.typalign, relname.not_null) == (19, 64, "c", True)
    assert len(d.catalog("pg_attribute").columns) == 26
    assert d.catalog("pg_database").column_names()[-1] == "datacl"
    assert d.catalog("pg_authid").attnum("rolpassword") == 11


def test_system_columns():
    assert [(name, attnum) for name, attnum, *_ in d.SYSTEM_COLUMNS] == [
        ("ctid", -1), ("xmin", -2), ("cmin", -3), ("xmax", -4), ("cmax", -5), ("tableoid", -6)]


def test_generated_rows_fit_their_catalogs():
    for name in ("pg_type", "pg_proc", "pg_operator", "pg_cast", "pg_namespace", "pg_am",
                 "pg_authid", "pg_tablespace", "pg_collation", "pg_opfamily", "pg_opclass",
                 "pg_amop", "pg_amproc"):
        module = importlib.import_module(f"pgsnake.catalog.generated.{name}_rows")
        assert module.COLUMNS == d.catalog(name).column_names()
        assert all(len(row) == len(module.COLUMNS) for row in module.ROWS)
        oids = [row[0] for row in module.ROWS]
        assert len(oids) == len(set(oids)) and max(oids) < d.FIRST_NORMAL_OBJECT_ID


def test_row_class_names_fields():
    row = d.row_class("pg_database")(*d.row_values("pg_database", oid=5, datname="postgres"))
    assert (row.oid, row.datname, row.datacl) == (5, "postgres", None)
