"""The `pgsnake` command: PostgreSQL's server tools as subcommands.

    pgsnake initdb -D DIR [-U NAME] [--auth METHOD] [--pwfile FILE] [-k]   (initdb)
    pgsnake start  -D DIR [-p PORT] [-l LOGFILE] [-c name=value]...   (pg_ctl start -w)
    pgsnake stop   -D DIR [-m smart|fast|immediate]                    (pg_ctl stop)
    pgsnake status -D DIR                                              (pg_ctl status)
    pgsnake serve  [-D DIR] [-p PORT] [-c name=value]...               initdb if needed, run in the foreground
    pgsnake postmaster -D DIR [-p PORT] [-c name=value]...             the server process itself (postgres)
    pgsnake controldata [-D DIR]                                       (pg_controldata)
    pgsnake waldump [-p DIR] [-s LSN] [-e LSN] [-n N] [STARTSEG [ENDSEG]]  (pg_waldump)

PGDATA and PGPORT are honoured where -D and -p are not given.

PostgreSQL: bin/initdb, bin/pg_ctl, backend/main/main.c.
"""
from __future__ import annotations

import argparse
import os
import sys

DEFAULT_DATA_DIRECTORY = os.path.join(os.path.expanduser("~"), ".local", "share", "pgsnake", "data")


def _add_data_dir(p: argparse.ArgumentParser, required: bool = True) -> None:
    p.add_argument("-D", "--pgdata", dest="datadir", default=os.environ.get("PGDATA"),
                   help="data directory (default: $PGDATA)")


def _add_server_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-p", "--port", type=int, default=None, help="port (default: $PGPORT or 5432)")
    p.add_argument("-c", dest="options", action="append", default=[], metavar="NAME=VALUE",
                   help="set a run-time parameter")
    p.add_argument("-k", dest="socket_dir", default=None, help="Unix socket directory")
    p.add_argument("-h", dest="listen", default=None, help="listen_addresses")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pgsnake", description="PostgreSQL, rebuilt in Python.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("initdb", help="create a new database cluster")
    _add_data_dir(p)
    p.add_argument("-U", "--username", default="postgres", help="database superuser name")
    p.add_argument("-A", "--auth", default="trust", choices=("trust", "scram-sha-256", "md5", "password"),
                   help="authentication method for local and host connections")
    p.add_argument("--pwfile", default=None, help="read the superuser's password from this file")
    p.add_argument("-N", "--no-sync", action="store_true", help="do not fsync the new files")
    p.add_argument("-k", "--data-checksums", action="store_true", help="use data page checksums")
    p.add_argument("-E", "--encoding", default=None, help="default encoding (UTF8 only)")
    p.add_argument("--locale", default=None, help="default locale for new databases")
    for category in ("collate", "ctype", "messages", "monetary", "numeric", "time"):
        p.add_argument(f"--lc-{category}", default=None,
                       help=f"LC_{category.upper()} for new databases (default: --locale)")
    p.add_argument("--no-locale", action="store_true", help="equivalent to --locale=C")

    p = sub.add_parser("start", help="start the server in the background", add_help=False)
    p.add_argument("--help", action="help")
    _add_data_dir(p)
    _add_server_options(p)
    p.add_argument("-l", "--log", dest="logfile", default=None, help="server log file")
    p.add_argument("-t", "--timeout", type=int, default=60, help="seconds to wait for start-up")

    p = sub.add_parser("stop", help="stop the server")
    _add_data_dir(p)
    p.add_argument("-m", "--mode", default="fast", choices=("smart", "fast", "immediate", "s", "f", "i"))
    p.add_argument("-t", "--timeout", type=int, default=60)

    p = sub.add_parser("restart", help="stop, then start the server", add_help=False)
    p.add_argument("--help", action="help")
    _add_data_dir(p)
    _add_server_options(p)
    p.add_argument("-l", "--log", dest="logfile", default=None)
    p.add_argument("-m", "--mode", default="fast", choices=("smart", "fast", "immediate", "s", "f", "i"))
    p.add_argument("-t", "--timeout", type=int, default=60)

    p = sub.add_parser("status", help="is the server running?")
    _add_data_dir(p)

    p = sub.add_parser("serve", help="run the server in the foreground (initialising on first use)",
                       add_help=False)
    p.add_argument("--help", action="help")
    _add_data_dir(p)
    _add_server_options(p)

    p = sub.add_parser("postmaster", help="the server process itself (used by start)", add_help=False)
    p.add_argument("--help", action="help")
    _add_data_dir(p)
    _add_server_options(p)

    p = sub.add_parser("controldata", help="display the control file (pg_controldata)")
    _add_data_dir(p)
    p.add_argument("datadir_positional", nargs="?", default=None, metavar="DATADIR")

    p = sub.add_parser("waldump", help="display WAL records (pg_waldump)")
    p.add_argument("-p", "--path", default=None, help="directory with the WAL segment files")
    p.add_argument("-s", "--start", default=None, metavar="RECPTR", help="start at this LSN")
    p.add_argument("-e", "--end", default=None, metavar="RECPTR", help="stop at this LSN")
    p.add_argument("-n", "--limit", type=int, default=None, help="number of records to display")
    p.add_argument("-t", "--timeline", type=int, default=None, help="timeline to read")
    p.add_argument("startseg", nargs="?", default=None, metavar="STARTSEG")
    p.add_argument("endseg", nargs="?", default=None, metavar="ENDSEG")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 1
    if args.command == "initdb":
        from pgsnake.cli.initdb import initdb_command
        return initdb_command(args)
    if args.command == "controldata":
        from pgsnake.cli.controldata import controldata_command
        return controldata_command(args)
    if args.command == "waldump":
        from pgsnake.cli.waldump import waldump_command
        return waldump_command(args)
    from pgsnake.cli import ctl
    return {"start": ctl.start_command, "stop": ctl.stop_command, "restart": ctl.restart_command,
            "status": ctl.status_command, "serve": ctl.serve_command,
            "postmaster": ctl.postmaster_command}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
