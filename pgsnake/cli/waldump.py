"""`pgsnake waldump [-p DIR] [STARTSEG [ENDSEG]]`: print WAL records as pg_waldump does.

One line per record, from access/transam/wal/waldump.py's formatter (pg_waldump's line
format, each resource manager's own description). Reading starts at STARTSEG (or -s LSN,
or else the oldest segment in the directory) and stops at the end of ENDSEG (or -e LSN,
-n records) or at the end of valid WAL. Like pg_waldump, reaching the end of valid WAL
before the requested end is reported as an error ("error in WAL record at ...") and the
exit status is 1: usually this just means "this is where the WAL ends".

Entry points: `waldump_command(args)` (from cli/main.py), `find_wal_directory(path)`.

PostgreSQL: bin/pg_waldump/pg_waldump.c (main, identify_target_directory, search_directory).
"""
from __future__ import annotations

import os
import sys

PROGRAM = "pgsnake waldump"


def _error(message: str) -> int:
    print(f"{PROGRAM}: error: {message}", file=sys.stderr)
    return 1


def _segment_names(directory: str) -> list[str]:
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return sorted(n for n in names if len(n) == 24 and all(c in "0123456789ABCDEF" for c in n))


def find_wal_directory(path: str | None) -> str | None:
    """pg_waldump's search: PATH or PATH/pg_wal; without -p: ., ./pg_wal, $PGDATA/pg_wal."""
    if path is not None:
        candidates = [path, os.path.join(path, "pg_wal")]
    else:
        candidates = [".", "pg_wal"]
        if os.environ.get("PGDATA"):
            candidates.append(os.path.join(os.environ["PGDATA"], "pg_wal"))
    for candidate in candidates:
        if _segment_names(candidate):
            return candidate
    return None


def _segment_size_of(path: str) -> int | None:
    """xlp_seg_size from the long page header that opens every segment file."""
    from pgsnake.access.transam.wal import page_header
    try:
        with open(path, "rb") as fh:
            head = fh.read(page_header.LONG_HEADER_SIZE)
    except OSError:
        return None
    if len(head) < page_header.LONG_HEADER_SIZE:
        return None
    header = page_header.decode_page_header(head)
    if header.magic != page_header.XLOG_PAGE_MAGIC or not header.is_long:
        return None
    return header.segment_size


def _load_resource_managers() -> None:
    """Importing a resource manager's module registers its describe/identify functions."""
    import pgsnake.access.brin.wal_records  # noqa: F401
    import pgsnake.access.gin.wal_records  # noqa: F401
    import pgsnake.access.gist.wal_records  # noqa: F401
    import pgsnake.access.hash.wal_records  # noqa: F401
    import pgsnake.access.heap.heap_wal  # noqa: F401
    import pgsnake.access.nbtree.wal_records  # noqa: F401
    import pgsnake.access.sequence.sequence_page  # noqa: F401
    import pgsnake.access.transam.commit_log  # noqa: F401
    import pgsnake.access.transam.commit_timestamps  # noqa: F401
    import pgsnake.access.transam.database_files  # noqa: F401
    import pgsnake.access.transam.multixact  # noqa: F401
    import pgsnake.access.transam.smgr_records  # noqa: F401
    import pgsnake.access.transam.xact_records  # noqa: F401
    import pgsnake.access.transam.wal.xlog_records  # noqa: F401
    import pgsnake.catalog.relation_map  # noqa: F401


def waldump_command(args) -> int:
    from pgsnake.access.transam.wal import lsn as lsnmod, waldump
    from pgsnake.access.transam.wal.reader import WalReader
    from pgsnake.utils import settings

    path, start_name, end_name = args.path, args.startseg, args.endseg
    if start_name and os.sep in start_name:          # STARTSEG may be a file path
        directory_part, start_name = os.path.split(start_name)
        path = path or directory_part
    directory = find_wal_directory(path)
    if directory is None:
        return _error(f'could not locate WAL files in "{path}"' if path
                      else "could not locate WAL files")
    names = _segment_names(directory)
    first_name = start_name or names[0]
    segment_size = _segment_size_of(os.path.join(directory, first_name))
    if segment_size is None:
        return _error(f'could not read WAL segment "{first_name}" in "{directory}"')
    # The reader and LSN helpers use the cluster's segment size, which may not be ours.
    settings.set_value("wal_segment_size", str(segment_size), source="default",
                       check_context=False)

    try:
        timeline, start_segno = lsnmod.parse_segment_file_name(first_name, segment_size)
        start = lsnmod.segment_start(start_segno, segment_size)
        end = None
        if end_name:
            end_timeline, end_segno = lsnmod.parse_segment_file_name(end_name, segment_size)
            if end_timeline != timeline:
                return _error(f'ENDSEG {end_name} is not in the same timeline as STARTSEG')
            end = lsnmod.segment_start(end_segno + 1, segment_size)
        if args.start:
            start = lsnmod.parse_lsn(args.start)
        if args.end:
            end = lsnmod.parse_lsn(args.end)
    except ValueError as exc:
        return _error(str(exc))
    if args.timeline:
        timeline = args.timeline
    if end is not None and end <= start:
        return _error(f"end WAL location {lsnmod.format_lsn(end)} is not after start "
                      f"location {lsnmod.format_lsn(start)}")

    _load_resource_managers()
    reader = WalReader(start, timeline=timeline, segment_size=segment_size, directory=directory)
    shown = 0
    reached_end = False
    try:
        for rec in reader:
            if end is not None and rec.lsn >= end:
                reached_end = True
                break
            print(waldump.format_record(rec))
            shown += 1
            if args.limit is not None and shown >= args.limit:
                reached_end = True
                break
    finally:
        reader.close()
    if not reached_end and reader.end_reason is not None:
        if end is not None and reader.end_of_wal >= end:
            return 0                                  # stopped exactly at the requested end
        return _error(f"error in WAL record at {lsnmod.format_lsn(reader.last_record_lsn or start)}: "
                      f"{reader.end_reason}")
    return 0
