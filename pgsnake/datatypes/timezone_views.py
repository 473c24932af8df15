"""The rows of pg_timezone_names and pg_timezone_abbrevs.

pg_timezone_names: every zone of the time zone database pgsnake uses (Python's zoneinfo,
reading the system's /usr/share/zoneinfo, the directory PostgreSQL built with
--with-system-tzdata reads too), found by walking that directory as PostgreSQL's
pg_tzenumerate does: every file that loads as a zone, sub-directories included (posix/...),
symbolic links followed (posix/... links to the other directories), with the abbreviation, UTC offset and daylight-saving flag in force at the transaction's
start. Leap-second zones ("right/...") are left out, as PostgreSQL's pg_tz_acceptable does.
pg_timezone_abbrevs: the abbreviations date/time input accepts (timezone_abbrevs.py,
PostgreSQL's 'Default' set), upper-cased, in their sorted order.

Entry points: timezone_names(), timezone_abbrevs() (registered by
catalog/system_view_functions.py).

PostgreSQL: utils/adt/datetime.c (pg_timezone_names, pg_timezone_abbrevs),
timezone/pgtz.c (pg_tzenumerate_start / _next, pg_tz_acceptable).
"""
from __future__ import annotations

import os
import zoneinfo

from pgsnake.datatypes import clock
from pgsnake.datatypes.timezone_abbrevs import ABBREVIATIONS
from pgsnake.datatypes.datetime_types import Interval

_MICROSECONDS = 1_000_000


def _zone_directory() -> str | None:
    for path in zoneinfo.TZPATH:
        if os.path.isdir(path):
            return path
    return None


def _zone_names(root: str):
    for directory, subdirectories, files in os.walk(root, followlinks=True):
        subdirectories[:] = sorted(d for d in subdirectories
                                   if not d.startswith(".") and d != "right")
        for name in sorted(files):
            if name.startswith("."):
                continue
            yield os.path.relpath(os.path.join(directory, name), root)


def _is_zone_file(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"TZif"
    except OSError:
        return False


def _interval(seconds: float) -> Interval:
    return Interval(0, 0, int(round(seconds * _MICROSECONDS)))


def timezone_names():
    root = _zone_directory()
    if root is None:
        return
    moment = clock.now()
    for name in _zone_names(root):
        if not _is_zone_file(os.path.join(root, name)):
            continue
        try:
            zone = zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            continue
        local = moment.astimezone(zone)
        offset = local.utcoffset()
        dst = local.dst()
        yield (name, local.tzname() or "", _interval(offset.total_seconds()),
               bool(dst and dst.total_seconds() != 0))


def timezone_abbrevs():
    for abbrev in sorted(ABBREVIATIONS):
        offset, is_dst = ABBREVIATIONS[abbrev]
        yield (abbrev.upper(), _interval(offset), is_dst)
