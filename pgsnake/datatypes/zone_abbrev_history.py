"""Time zone abbreviations whose meaning depends on the date: the entries of
PostgreSQL's 'Default' abbreviation set that name a zone instead of an offset ('MSK'
is Europe/Moscow's MSK, which was UTC+3, UTC+4, then UTC+3 again). Such an abbreviation
means the offset the zone used under that name at the time in question.

Entry points:
    zone_for(abbreviation) -> AbbreviationZone | None   a tzinfo for a dynamic abbreviation
    AbbreviationZone.utcoffset(local)   the offset for a wall-clock time (timestamptz input,
                                        timestamp AT TIME ZONE, make_timestamptz)
    AbbreviationZone.fromutc(instant)   the offset at a UTC instant (timestamptz AT TIME ZONE)

The rule (pg_interpret_timezone_abbrev): among the zone's transitions, the latest one
before the probe time whose local-time type carries the abbreviation gives the offset;
failing that, the first one after it; failing both (the zone never used the name), the
zone's own offset at that time. For a wall-clock time the probe is the instant the time
names in the zone (DetermineTimeZoneAbbrevOffset). The zone's history is read from the
system's compiled tz database (TZif files, the same data PostgreSQL is built with here).

PostgreSQL: utils/adt/datetime.c (DetermineTimeZoneAbbrevOffset, ...OffsetTS,
...OffsetInternal), timezone/localtime.c (pg_interpret_timezone_abbrev),
timezone/tznames/Default.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import os
import struct
import zoneinfo

# The Default set's abbreviations that stand for a zone's history (lower case).
DYNAMIC = {
    "art": "America/Argentina/Buenos_Aires", "arst": "America/Argentina/Buenos_Aires",
    "clt": "America/Santiago", "gyt": "America/Guyana", "pyt": "America/Asuncion",
    "vet": "America/Caracas", "davt": "Antarctica/Davis", "mawt": "Antarctica/Mawson",
    "amst": "Asia/Yerevan", "anast": "Asia/Anadyr", "anat": "Asia/Anadyr",
    "azst": "Asia/Baku", "azt": "Asia/Baku", "gest": "Asia/Tbilisi", "get": "Asia/Tbilisi",
    "irkst": "Asia/Irkutsk", "irkt": "Asia/Irkutsk", "kgt": "Asia/Bishkek",
    "krast": "Asia/Krasnoyarsk", "krat": "Asia/Krasnoyarsk", "lkt": "Asia/Colombo",
    "magst": "Asia/Magadan", "magt": "Asia/Magadan", "novst": "Asia/Novosibirsk",
    "novt": "Asia/Novosibirsk", "omsst": "Asia/Omsk", "omst": "Asia/Omsk",
    "petst": "Asia/Kamchatka", "pett": "Asia/Kamchatka", "sgt": "Asia/Singapore",
    "tmt": "Asia/Ashgabat", "ulat": "Asia/Ulaanbaatar", "vlast": "Asia/Vladivostok",
    "vlat": "Asia/Vladivostok", "yakst": "Asia/Yakutsk", "yakt": "Asia/Yakutsk",
    "yekt": "Asia/Yekaterinburg", "fkst": "Atlantic/Stanley", "fkt": "Atlantic/Stanley",
    "lhdt": "Australia/Lord_Howe", "msk": "Europe/Moscow", "volt": "Europe/Volgograd",
    "iot": "Indian/Chagos", "ckt": "Pacific/Rarotonga", "easst": "Pacific/Easter",
    "east": "Pacific/Easter", "kost": "Pacific/Kosrae", "lint": "Pacific/Kiritimati",
    "nut": "Pacific/Niue", "tkt": "Pacific/Fakaofo",
}

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@functools.lru_cache(maxsize=None)
def _history(zone: str):
    """(transition times, their (utoff, isdst, abbreviation)) from the zone's TZif file,
    or None when it cannot be read."""
    for directory in zoneinfo.TZPATH:
        path = os.path.join(directory, zone)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                return _read_tzif(f.read())
    return None


def zone_offsets(zone: str) -> set[int] | None:
    """The UTC offsets (seconds east) zone file `zone`'s transitions use (empty for a zone
    without transitions), or None when it cannot be read."""
    history = _history(zone)
    return None if history is None else {utoff for utoff, _dst, _name in history[1]}


def _read_tzif(data: bytes):
    def header(at: int):
        if data[at:at + 4] != b"TZif":
            raise ValueError("not a TZif file")
        return data[at + 4:at + 5], struct.unpack(">6l", data[at + 20:at + 44])

    version, counts = header(0)
    time_size = 4
    at = 44
    if version >= b"2":
        # skip the 32-bit block; the 64-bit one follows with its own header
        isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
        at += timecnt * 5 + typecnt * 6 + charcnt + leapcnt * 8 + isstdcnt + isutcnt
        _version, counts = header(at)
        at += 44
        time_size = 8
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
    times = list(struct.unpack(f">{timecnt}{'q' if time_size == 8 else 'l'}",
                               data[at:at + timecnt * time_size]))
    at += timecnt * time_size
    indexes = list(data[at:at + timecnt])
    at += timecnt
    types = []
    for i in range(typecnt):
        utoff, isdst, desig = struct.unpack(">lBB", data[at + i * 6:at + i * 6 + 6])
        types.append((utoff, isdst, desig))
    at += typecnt * 6
    chars = data[at:at + charcnt]

    def name(desig: int) -> str:
        end = chars.index(b"\0", desig)
        return chars[desig:end].decode("ascii")

    kinds = [(utoff, bool(isdst), name(desig)) for utoff, isdst, desig in types]
    return times, [kinds[i] for i in indexes]


def interpret(abbreviation: str, zone: str, instant: int) -> tuple[int, bool] | None:
    """(UTC offset in seconds, is DST) the abbreviation had in the zone around the
    instant (seconds since the epoch), or None if the zone never used it."""
    history = _history(zone)
    if history is None:
        return None
    times, kinds = history
    wanted = abbreviation.upper()
    cutoff = bisect.bisect_right(times, instant)
    for i in range(cutoff - 1, -1, -1):
        if kinds[i][2] == wanted:
            return kinds[i][0], kinds[i][1]
    for i in range(cutoff, len(times)):
        if kinds[i][2] == wanted:
            return kinds[i][0], kinds[i][1]
    return None


class AbbreviationZone(dt.tzinfo):
    """A dynamic abbreviation as a tzinfo (fixed within any one conversion)."""

    def __init__(self, abbreviation: str, zone: str) -> None:
        self.abbreviation = abbreviation
        self.zone_name = zone
        self.zone = zoneinfo.ZoneInfo(zone)

    def _offset_at(self, instant: dt.datetime) -> dt.timedelta:
        seconds = int((instant - _EPOCH).total_seconds())
        found = interpret(self.abbreviation, self.zone_name, seconds)
        if found is None:
            return instant.astimezone(self.zone).utcoffset()
        return dt.timedelta(seconds=found[0])

    def utcoffset(self, local):
        if local is None:
            return None
        from pgsnake.datatypes import datetime_types as dtt
        instant = dtt.local_to_utc(local.replace(tzinfo=None), self.zone)
        return self._offset_at(instant)

    def dst(self, local):
        return None

    def tzname(self, local):
        return self.abbreviation.upper()

    def fromutc(self, value):
        instant = value.replace(tzinfo=dt.timezone.utc)
        return (instant + self._offset_at(instant)).replace(tzinfo=self)

    def __repr__(self) -> str:
        return f"AbbreviationZone({self.abbreviation!r}, {self.zone_name!r})"


@functools.lru_cache(maxsize=None)
def zone_for(abbreviation: str) -> AbbreviationZone | None:
    zone = DYNAMIC.get(abbreviation.lower())
    if zone is None:
        return None
    try:
        return AbbreviationZone(abbreviation.lower(), zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
