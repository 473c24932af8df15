"""`pgsnake initdb`: create a data directory laid out like PostgreSQL's and bootstrap it.

Steps:
 1. Make the directory tree (base/, global/, pg_wal/, pg_xact/, ...), PG_VERSION,
    postgresql.conf and pg_hba.conf.
 2. In this process, in bootstrap mode: create the shared memory segment, write the first
    WAL segment and pg_control (recovery.bootstrap_wal), create the catalogs of template1
    and the shared catalogs and fill them (catalog/bootstrap.py), copy template1 to
    template0 and postgres, and write a shutdown checkpoint, so the first start finds a
    cleanly shut-down cluster.

Locale (setlocales): each of LC_COLLATE, LC_CTYPE, LC_MESSAGES, LC_MONETARY, LC_NUMERIC
and LC_TIME comes from its --lc-* option, else --locale (--no-locale is --locale=C), else
the environment (LC_ALL, the category's variable, LANG), as setlocale(category, "")
finds it; each must be a locale pgsnake implements (utils/locale_names.py), spelled as
setlocale spells it. LC_COLLATE and LC_CTYPE become pg_database's datcollate / datctype
for template1, template0 and postgres; the other four are written into postgresql.conf.
The encoding (-E) can only be UTF8.

With -k / --data-checksums the data_checksums setting is turned on before the first page
is written, so every page of the new cluster carries a checksum and pg_control records
data_checksum_version 1; from then on every server start reads it from there.

Where we differ: with a C / POSIX LC_CTYPE and no -E, PostgreSQL chooses SQL_ASCII;
pgsnake databases are always UTF8.

PostgreSQL: bin/initdb/initdb.c (setlocales, check_locale_name, setup_locale_encoding,
setup_config), bootstrap/bootstrap.c.
"""
from __future__ import annotations

import getpass
import os
import sys
import time

from pgsnake.utils import locale_names, settings

SUBDIRECTORIES = ("base", "global", "pg_wal", "pg_wal/archive_status", "pg_xact", "pg_tblspc",
                  "pg_stat", "pg_stat_tmp", "pg_logical", "pg_logical/snapshots", "pg_logical/mappings",
                  "pg_multixact", "pg_multixact/members", "pg_multixact/offsets", "pg_notify",
                  "pg_replslot", "pg_serial", "pg_snapshots", "pg_subtrans", "pg_twophase",
                  "pg_commit_ts", "pg_dynshmem")

POSTGRESQL_CONF = """\
# pgsnake configuration file (PostgreSQL's format: name = value, # comments)
# Written by pgsnake initdb. Settings given with -c on the command line override these.

#listen_addresses = 'localhost'
#port = 5432
max_connections = 100
#unix_socket_directories = '/tmp'
shared_buffers = 8MB
wal_buffers = 4MB
#synchronous_commit = on
#fsync = on
#full_page_writes = on
#checkpoint_timeout = 5min
#work_mem = 4MB
datestyle = 'iso, mdy'
timezone = 'UTC'
"""

PG_HBA_CONF = """\
# pgsnake client authentication (pg_hba.conf format)
# TYPE  DATABASE        USER            ADDRESS                 METHOD

# "local" is for Unix domain socket connections only
local   all             all                                     {method}
# IPv4 local connections:
host    all             all             127.0.0.1/32            {method}
# IPv6 local connections:
host    all             all             ::1/128                 {method}
# Allow replication connections from localhost, by a user with the
# replication privilege.
local   replication     all                                     {method}
host    replication     all             127.0.0.1/32            {method}
host    replication     all             ::1/128                 {method}
"""


def make_system_identifier() -> int:
    """Seconds and microseconds of now, plus the pid, as PostgreSQL builds it."""
    now = time.time()
    seconds, micros = int(now), int((now % 1) * 1_000_000)
    return (seconds << 32) | (micros << 12) | (os.getpid() & 0xFFF)


class LocaleError(Exception):
    """initdb's refusal of a locale or encoding: its message (and detail, hint lines)."""


def choose_locales(args, environ) -> dict[str, str]:
    """setlocales: every category's locale, checked and canonically spelled."""
    default = "C" if getattr(args, "no_locale", False) else getattr(args, "locale", None)
    chosen = {}
    for category in locale_names.CATEGORIES:
        given = getattr(args, "lc_" + category[3:].lower(), None) or default
        name = given if given else locale_names.from_environment(category, environ)
        canonical = locale_names.canonical(name)
        if canonical is None:
            raise LocaleError(f'invalid locale name "{name}"' if given else
                              "invalid locale settings; check LANG and LC_* environment "
                              "variables")
        chosen[category] = canonical
    return chosen


def check_encoding(name: str | None, locales: dict[str, str]) -> None:
    """-E: a server encoding, matching LC_CTYPE's, and (pgsnake) UTF8."""
    if name is None:
        return
    from pgsnake.utils.encoding_names import ENCODINGS, char_to_encoding, is_server_encoding
    number = char_to_encoding(name)
    if not is_server_encoding(number):
        raise LocaleError(f'"{name}" is not a valid server encoding name')
    if ENCODINGS[number] == "UTF8":
        return
    if not locale_names.is_c(locales["LC_CTYPE"]):
        raise LocaleError(
            "encoding mismatch\n"
            f"pgsnake initdb: detail: The encoding you selected ({ENCODINGS[number]}) and the "
            "encoding that the selected locale uses (UTF8) do not match. This would lead to "
            "misbehavior in various character string processing functions.\n"
            "pgsnake initdb: hint: Rerun initdb and either do not specify an encoding "
            "explicitly, or choose a matching combination.")
    raise LocaleError(f'encoding "{ENCODINGS[number]}" is not supported: pgsnake '
                      f'databases are UTF8')


def locale_report(locales: dict[str, str], encoding_given: bool) -> str:
    """What initdb says of the locale and encoding it chose."""
    names = set(locales.values())
    if len(names) == 1:
        lines = [f'The database cluster will be initialized with locale "{names.pop()}".']
    else:
        lines = ["The database cluster will be initialized with this locale configuration:",
                 "  provider:    libc"]
        lines += [f"  {category + ':':<13}{locales[category]}"
                  for category in locale_names.CATEGORIES]
    if not encoding_given:
        lines.append('The default database encoding has accordingly been set to "UTF8".')
    lines.append('The default text search configuration will be set to "english".')
    return "\n".join(lines)


def initdb_command(args) -> int:
    datadir = args.datadir
    if not datadir:
        print("pgsnake initdb: error: no data directory specified\n"
              "You must identify the directory where the data for this database system will\n"
              "reside.  Do this with either the invocation option -D or the environment\n"
              "variable PGDATA.", file=sys.stderr)
        return 1
    datadir = os.path.abspath(datadir)
    if os.path.exists(datadir) and os.listdir(datadir):
        print(f'pgsnake initdb: error: directory "{datadir}" exists but is not empty\n'
              f'If you want to create a new database system, either remove or empty the directory '
              f'"{datadir}" or run initdb with an argument other than "{datadir}".', file=sys.stderr)
        return 1
    password = None
    if args.pwfile:
        with open(args.pwfile, encoding="utf-8") as f:
            password = f.readline().rstrip("\n")
    if args.auth != "trust" and password is None:
        print(f'pgsnake initdb: error: must specify a password for the superuser to enable '
              f'{args.auth} authentication', file=sys.stderr)
        return 1
    data_checksums = bool(getattr(args, "data_checksums", False))
    try:
        locales = choose_locales(args, os.environ)
        check_encoding(getattr(args, "encoding", None), locales)
    except LocaleError as error:
        print(f"pgsnake initdb: error: {error}", file=sys.stderr)
        return 1
    print(f"The files belonging to this database system will be owned by user \"{getpass.getuser()}\".")
    print("\n" + locale_report(locales, getattr(args, "encoding", None) is not None))
    print(f"\nData page checksums are {'enabled' if data_checksums else 'disabled'}.\n")
    print(f"Creating directory {datadir} ... ok")
    create_layout(datadir, args.auth, locales)
    print("running bootstrap script ... ", end="", flush=True)
    pid = os.fork()
    if pid == 0:   # bootstrap in a child, so the shared segment and caches die with it
        code = 1
        try:
            bootstrap(datadir, args.username, password, data_checksums=data_checksums,
                      collate=locales["LC_COLLATE"], ctype=locales["LC_CTYPE"])
            code = 0
        except BaseException:
            import traceback
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        print("failed", file=sys.stderr)
        print(f"pgsnake initdb: error: bootstrap failed; removing data directory \"{datadir}\"",
              file=sys.stderr)
        import shutil
        shutil.rmtree(datadir, ignore_errors=True)
        return 1
    print("ok")
    print("\nSuccess. You can now start the database server using:\n\n"
          f"    pgsnake start -D {datadir} -l logfile\n")
    return 0


def create_layout(datadir: str, auth: str, locales: dict[str, str] | None = None) -> None:
    os.makedirs(datadir, mode=0o700, exist_ok=True)
    for sub in SUBDIRECTORIES:
        os.makedirs(os.path.join(datadir, sub), mode=0o700, exist_ok=True)
    with open(os.path.join(datadir, "PG_VERSION"), "w") as f:
        f.write("15\n")
    with open(os.path.join(datadir, "postgresql.conf"), "w") as f:
        f.write(POSTGRESQL_CONF)
        f.write(_locale_settings(locales or {}))
    with open(os.path.join(datadir, "postgresql.auto.conf"), "w") as f:
        f.write("# Do not edit this file manually!\n# It will be overwritten by the ALTER SYSTEM command.\n")
    with open(os.path.join(datadir, "pg_hba.conf"), "w") as f:
        f.write(PG_HBA_CONF.format(method=auth))
    with open(os.path.join(datadir, "pg_ident.conf"), "w") as f:
        f.write("# MAPNAME       SYSTEM-USERNAME         PG-USERNAME\n")


def _locale_settings(locales: dict[str, str]) -> str:
    """initdb's locale lines of postgresql.conf (setup_config)."""
    lines = [f"{category.lower()} = '{locales.get(category, 'C')}'\t\t# {what}"
             for category, what in (("LC_MESSAGES", "language of messages"),
                                    ("LC_MONETARY", "monetary amounts' format"),
                                    ("LC_NUMERIC", "numbers' format"),
                                    ("LC_TIME", "dates' and times' format"))]
    lines.append("default_text_search_config = 'pg_catalog.english'")
    return "\n".join(lines) + "\n"


def bootstrap(datadir: str, superuser: str, password: str | None, *,
              data_checksums: bool = False, collate: str = "C", ctype: str = "C") -> None:
    from pgsnake.postmaster import subsystems
    from pgsnake.utils import process_state

    os.chdir(datadir)
    process_state.process_kind = "bootstrap"
    process_state.is_bootstrap = True
    process_state.data_directory = datadir
    process_state.database_oid = 1
    process_state.user_name = superuser
    settings.load_config_file("postgresql.conf")
    # Before any page is written: the buffer manager stamps checksums from now on, and
    # pg_control's data_checksum_version is taken from this setting.
    settings.set_value("data_checksums", "on" if data_checksums else "off", source="default",
                       check_context=False)
    subsystems.create_shared_state()

    from pgsnake.access.transam import checkpoint, recovery
    from pgsnake.catalog import bootstrap as catalog_bootstrap
    from pgsnake.storage.ipc import proc_array

    process_state.proc_number = proc_array.claim_slot(os.getpid(), "bootstrap")
    recovery.bootstrap_wal(make_system_identifier())
    verifier = None
    if password is not None:
        from pgsnake.protocol.scram import make_scram_verifier
        verifier = make_scram_verifier(password)
    from pgsnake.commands import analyze
    catalog_bootstrap.bootstrap_catalogs(superuser, verifier, collate=collate, ctype=ctype,
                                         analyze=analyze.analyze_every_table)
    checkpoint.create_checkpoint(shutdown=True)
    # initdb's "syncing data to disk": the checkpoint fsynced relation files, WAL and
    # pg_xact, but not the directories made above nor the configuration files, whose
    # names a power failure could otherwise still take away.
    recovery.sync_data_directory()
