"""The json, jsonb and jsonpath types (and their arrays) for the type table.

Entry point: build(register_type) creates the TypeInfos from json_catalog_facts and
installs their conversions; registry.py calls it once while building the table.

  json      value: str, exactly the input text (validated, never rewritten); on disk and
            on the wire it is text
  jsonb     value: jsonb_value.Jsonb; on disk PostgreSQL's binary container format
            (jsonb_storage), on the wire a version byte 1 and the text
  jsonpath  value: jsonpath.JsonPath; on the wire a version byte 1 and the text

PostgreSQL: utils/adt/json.c (json_in/out/send/recv), utils/adt/jsonb.c,
utils/adt/jsonpath.c, catalog/pg_type.dat.
"""
from __future__ import annotations

from pgsnake.datatypes import arrays, character, json_text, jsonb_storage, jsonb_value, jsonpath
from pgsnake.datatypes.json_catalog_facts import TYPES
from pgsnake.datatypes.type_info import TypeInfo

JSON, JSONB, JSONPATH = 114, 3802, 4072


def _json_receive(data, typmod: int = -1) -> str:
    return json_text.validate(character.text_receive(data))


def build(register_type) -> dict[int, TypeInfo]:
    infos: dict[int, TypeInfo] = {}
    for oid, typname, typlen, typbyval, typalign, category, preferred, array_oid, element in TYPES:
        info = TypeInfo(oid, typname, typlen, typbyval, typalign, category, preferred,
                        array_oid, element if category == "A" else 0, typname)
        infos[oid] = info
    json_info, jsonb_info, path_info = infos[JSON], infos[JSONB], infos[JSONPATH]
    json_info.input = lambda text, typmod=-1: json_text.validate(text)
    json_info.output = str
    json_info.send = character.text_send
    json_info.receive = _json_receive
    json_info.pack = character.text_pack
    json_info.unpack = character.text_unpack
    jsonb_info.input = jsonb_value.jsonb_input
    jsonb_info.output = jsonb_value.jsonb_output
    jsonb_info.send = jsonb_storage.jsonb_send
    jsonb_info.receive = jsonb_storage.jsonb_receive
    jsonb_info.pack = jsonb_storage.jsonb_pack
    jsonb_info.unpack = jsonb_storage.jsonb_unpack
    path_info.input = jsonpath.jsonpath_input
    path_info.output = jsonpath.jsonpath_output
    path_info.send = jsonpath.jsonpath_send
    path_info.receive = jsonpath.jsonpath_receive
    path_info.pack = jsonpath.jsonpath_pack
    path_info.unpack = jsonpath.jsonpath_unpack
    for info in infos.values():
        if info.element_oid:
            (info.input, info.output, info.send, info.receive, info.pack,
             info.unpack) = arrays.make_array_io(infos[info.element_oid])
    for info in infos.values():
        register_type(info)
    return infos
