"""Build the catalog rows that describe a relation: its pg_class row, its pg_attribute
rows (user and system columns), and its composite row type (plus that type's array type)
in pg_type. Bootstrap uses these for the catalogs themselves, heap_creation for user
tables, so both describe a relation the same way.

Each builder returns a full row (a list in the catalog's column order, see
definitions.row_values); values are what the datatypes package stores.

Entry points: pg_class_row, pg_attribute_row, system_attribute_rows,
composite_type_rows, ColumnRowSpec.

PostgreSQL: catalog/heap.c (AddNewRelationTuple, InsertPgAttributeTuples,
AddNewRelationType, SystemAttributeDefinition), catalog/pg_type.c (TypeCreate).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import definitions as d

# Functions named in a new composite type and its array type (pg_proc OIDs).
_RECORD_IN, _RECORD_OUT, _RECORD_RECV, _RECORD_SEND = 2290, 2291, 2402, 2403
_ARRAY_IN, _ARRAY_OUT, _ARRAY_RECV, _ARRAY_SEND = 750, 751, 2400, 2401
_ARRAY_TYPANALYZE = 3816
_ARRAY_SUBSCRIPT_HANDLER = 6179

# relfrozenxid of a new relation. PostgreSQL uses RecentXmin; any normal xid not newer
# than the creating transaction is correct, and pgsnake has no vacuum freezing yet.
FIRST_NORMAL_XID = 3


@dataclasses.dataclass(frozen=True, slots=True)
class ColumnRowSpec:
    """What pg_attribute needs to know about one user column."""
    attnum: int
    name: str
    type_oid: int
    typmod: int
    typlen: int
    typbyval: bool
    typalign: str
    typstorage: str
    collation: int
    not_null: bool
    has_default: bool = False
    ndims: int = 0
    identity: str = ""
    compression: str = ""          # attcompression
    generated: str = ""            # attgenerated: 's' a stored generated column


def pg_class_row(*, oid: int, name: str, namespace_oid: int, rowtype_oid: int, natts: int,
                 owner: int = d.BOOTSTRAP_SUPERUSER, is_shared: bool = False,
                 relkind: str = "r", persistence: str = "p", is_catalog: bool = False,
                 frozen_xid: int = FIRST_NORMAL_XID) -> list:
    if persistence == "p":
        # A relation in this backend's temporary schema is temporary (temp_namespace rule 3).
        from pgsnake.catalog import temp_namespace
        persistence = temp_namespace.persistence_for(namespace_oid)
    # relfilenode = oid for every new relation; 0 for the mapped catalogs and catalog
    # indexes, whose file the relation map names (relation_map.py).
    from pgsnake.catalog import relation_map
    filenode = 0 if is_catalog and relation_map.is_mapped(oid) else oid
    return d.row_values(
        "pg_class", oid=oid, relname=name, relnamespace=namespace_oid, reltype=rowtype_oid,
        reloftype=0, relowner=owner, relam=d.HEAP_ACCESS_METHOD if relkind == "r" else 0,
        relfilenode=filenode, reltablespace=1664 if is_shared else 0, relpages=0,
        reltuples=-1.0, relallvisible=0, reltoastrelid=0, relhasindex=False,
        relisshared=is_shared, relpersistence=persistence, relkind=relkind, relnatts=natts,
        relchecks=0, relhasrules=False, relhastriggers=False, relhassubclass=False,
        relrowsecurity=False, relforcerowsecurity=False, relispopulated=True,
        relreplident="n" if is_catalog else "d", relispartition=False, relrewrite=0,
        relfrozenxid=frozen_xid, relminmxid=1)


def pg_attribute_row(relation_oid: int, column: ColumnRowSpec) -> list:
    return d.row_values(
        "pg_attribute", attrelid=relation_oid, attname=column.name, atttypid=column.type_oid,
        attstattarget=-1, attlen=column.typlen, attnum=column.attnum, attndims=column.ndims,
        attcacheoff=-1, atttypmod=column.typmod, attbyval=column.typbyval,
        attalign=column.typalign, attstorage=column.typstorage, attcompression=column.compression,
        attnotnull=column.not_null, atthasdef=column.has_default, atthasmissing=False,
        attidentity=column.identity, attgenerated=column.generated, attisdropped=False, attislocal=True,
        attinhcount=0, attcollation=column.collation)


def system_attribute_rows(relation_oid: int) -> list[list]:
    """The six system columns (ctid -1 ... tableoid -6) every heap relation has."""
    rows = []
    for name, attnum, type_oid, typlen, byval, align in d.SYSTEM_COLUMNS:
        row = pg_attribute_row(relation_oid, ColumnRowSpec(
            attnum, name, type_oid, -1, typlen, byval, align, "p", 0, True))
        row[d.catalog("pg_attribute").attnum("attstattarget") - 1] = 0
        rows.append(row)
    return rows


def catalog_attribute_rows(definition: d.CatalogDefinition) -> list[list]:
    """pg_attribute rows for a catalog, from its compiled-in definition."""
    rows = [pg_attribute_row(definition.oid, ColumnRowSpec(
        c.attnum, c.name, c.type_oid, c.typmod, c.typlen, c.typbyval, c.typalign,
        c.storage, c.collation, c.not_null, False, c.ndims)) for c in definition.columns]
    return rows + system_attribute_rows(definition.oid)


def composite_type_rows(*, name: str, namespace_oid: int, relation_oid: int, rowtype_oid: int,
                        array_oid: int, owner: int = d.BOOTSTRAP_SUPERUSER,
                        array_name: str | None = None) -> list[list]:
    """The row type of a relation (typtype 'c') and its array type (`array_name`, else
    '_name': initdb's names never collide)."""
    common = dict(typnamespace=namespace_oid, typowner=owner, typlen=-1, typbyval=False,
                  typispreferred=False, typisdefined=True, typdelim=",", typmodin=0,
                  typmodout=0, typalign="d", typstorage="x", typnotnull=False,
                  typbasetype=0, typtypmod=-1, typndims=0, typcollation=0)
    composite = d.row_values(
        "pg_type", oid=rowtype_oid, typname=name, typtype="c", typcategory="C",
        typrelid=relation_oid, typsubscript=0, typelem=0, typarray=array_oid,
        typinput=_RECORD_IN, typoutput=_RECORD_OUT, typreceive=_RECORD_RECV,
        typsend=_RECORD_SEND, typanalyze=0, **common)
    array = d.row_values(
        "pg_type", oid=array_oid, typname=array_name or array_type_name(name), typtype="b",
        typcategory="A", typrelid=0, typsubscript=_ARRAY_SUBSCRIPT_HANDLER,
        typelem=rowtype_oid, typarray=0, typinput=_ARRAY_IN, typoutput=_ARRAY_OUT,
        typreceive=_ARRAY_RECV, typsend=_ARRAY_SEND, typanalyze=_ARRAY_TYPANALYZE, **common)
    return [composite, array]


def array_type_name(name: str) -> str:
    # PostgreSQL prefixes an underscore and truncates to NAMEDATALEN-1 (63) bytes; more
    # underscores on a collision: array_type_names.array_type_name (user types).
    return ("_" + name).encode()[:63].decode(errors="ignore")
