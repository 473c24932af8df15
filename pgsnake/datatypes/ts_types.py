"""The text search types (tsvector, tsquery, gtsvector, regconfig, regdictionary and
their arrays) for the type table.

Entry point: build(register_type) creates the TypeInfos from textsearch_catalog_facts and
installs their conversions; registry.py calls it once while building the table.

  tsvector       value: tsvector.TsVector; on the wire tsvectorsend's form, on disk the same
  tsquery        value: tsquery.TsQuery; on the wire tsquerysend's form, on disk the same
  regconfig      value: int (the configuration's OID), printed as its name
  regdictionary  value: int (the dictionary's OID), printed as its name
  gtsvector      GiST's signature type: no input (PostgreSQL refuses it too)

PostgreSQL: utils/adt/tsvector.c, tsquery.c, tsgistidx.c (gtsvectorin), regproc.c
(regconfigin/out, regdictionaryin/out), catalog/pg_type.dat.
"""
from __future__ import annotations

from pgsnake.datatypes import arrays, integers, ts_config, tsquery, tsvector
from pgsnake.datatypes.textsearch_catalog_facts import TYPES
from pgsnake.datatypes.type_info import TypeInfo
from pgsnake.utils.errors import PgError

TSVECTOR, TSQUERY, GTSVECTOR, REGCONFIG, REGDICTIONARY = 3614, 3615, 3642, 3734, 3769


def _gtsvector_input(text: str, typmod: int = -1):
    raise PgError("0A000", "gtsvector_in not implemented")


def build(register_type) -> dict[int, TypeInfo]:
    infos: dict[int, TypeInfo] = {}
    for oid, typname, typlen, typbyval, typalign, category, preferred, array_oid, element in TYPES:
        infos[oid] = TypeInfo(oid, typname, typlen, typbyval, typalign, category, preferred,
                              array_oid, element if category == "A" else 0, typname)
    vector, query = infos[TSVECTOR], infos[TSQUERY]
    vector.input, vector.output = tsvector.tsvector_input, tsvector.tsvector_output
    vector.send, vector.receive = tsvector.tsvector_send, tsvector.tsvector_receive
    vector.pack, vector.unpack = tsvector.tsvector_send, tsvector.tsvector_unpack
    query.input, query.output = tsquery.tsquery_input, tsquery.tsquery_output
    query.send, query.receive = tsquery.tsquery_send, tsquery.tsquery_receive
    query.pack, query.unpack = tsquery.tsquery_send, tsquery.tsquery_receive
    infos[GTSVECTOR].input = _gtsvector_input
    for oid, to_oid, to_name in ((REGCONFIG, ts_config.config_oid, ts_config.config_name),
                                 (REGDICTIONARY, ts_config.dictionary_oid,
                                  ts_config.dictionary_name)):
        info = infos[oid]
        info.input, info.output = to_oid, to_name
        info.send, info.receive = integers.oid_send, integers.oid_receive
        info.pack, info.unpack = integers.oid_pack, integers.oid_unpack
    for info in infos.values():
        if info.element_oid and info.element_oid in infos:
            (info.input, info.output, info.send, info.receive, info.pack,
             info.unpack) = arrays.make_array_io(infos[info.element_oid])
    for info in infos.values():
        register_type(info)
    return infos
