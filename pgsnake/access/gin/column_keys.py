"""The entry tuples of a multicolumn GIN index: each holds its column's number (int2)
before the key, and entries order by column first, so one entry tree holds every
column's keys side by side (a scalar column's values next to an array's elements).

A key is then the pair (attnum, key); a NULL category's tuple still names its column,
(attnum, None), and its GinNullCategory byte follows the column number. A one-column
index's tuples are the key alone (page_format's codec use is unchanged for it).

Entry points: entry_codec(index) -> the index's entry tuple codec (ColumnsCodec for
several columns, else the index descriptor's TupleCodec), is_multicolumn(index).

PostgreSQL: access/gin/ginutil.c (initGinState's per-column tupdesc when !oneCol,
gintuple_get_attrnum, gintuple_get_key, ginCompareAttEntries), access/gin/
ginentrypage.c (GinFormTuple), include/access/gin_private.h (GinCategoryOffset).
"""
from __future__ import annotations

import dataclasses

from pgsnake.access.common.tuple_descriptor import Attribute, TupleDescriptor
from pgsnake.access.nbtree import index_tuple as it

_INT2 = 21


class ColumnsCodec:
    """Forms and reads (attnum int2, key) entry tuples, one descriptor per column."""

    category_shift = 2              # the category byte comes after the int2 column number

    def __init__(self, descriptor: TupleDescriptor) -> None:
        self.descriptor = descriptor
        self.codecs = {}
        number = Attribute(1, "attnum", _INT2, typlen=2, typbyval=True, typalign="s")
        for att in descriptor.attributes:
            pair = TupleDescriptor((number, dataclasses.replace(att, attnum=2)))
            self.codecs[att.attnum] = it.TupleCodec(pair)
        self._first = self.codecs[descriptor.attributes[0].attnum]

    def form(self, values, tid=(0, 0)) -> bytes:
        attnum, key = values[0]
        return self.codecs[attnum].form([attnum, key], tid)

    def deform(self, data, count: int | None = None) -> list:
        attnum = self._first.deform(data, 1)[0]
        return [(attnum, self.codecs[attnum].deform(data, 2)[1])]

    @staticmethod
    def null_key(key):
        """The value a non-normal category's tuple is formed from: its column, no key."""
        return key[0], None


def is_multicolumn(index) -> bool:
    return len(index.descriptor.attributes) > 1


_codecs: dict[int, ColumnsCodec] = {}


def entry_codec(index):
    """The codec of the index's entry tuples, cached by descriptor identity."""
    if not is_multicolumn(index):
        return it.codec_for(index.descriptor)
    codec = _codecs.get(id(index.descriptor))
    if codec is None or codec.descriptor is not index.descriptor:
        if len(_codecs) > 256:
            _codecs.clear()
        codec = _codecs[id(index.descriptor)] = ColumnsCodec(index.descriptor)
    return codec
