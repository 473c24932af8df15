"""What the postmaster prepares before it forks, so that every child shares it.

A forked child shares its parent's memory pages until one of them writes to a page
(copy-on-write). Whatever a backend builds after the fork is private to it: the modules
it imports, the caches it fills, and every page the cyclic garbage collector touches
when it walks objects inherited from the parent (it writes to their headers). With one
process per connection, that private memory is what a connection costs, and what a
flood of unauthenticated connections costs. So before its first fork the postmaster:

 1. imports every module a backend may need: each module of the pgsnake packages
    except the command line (cli), and with them the third-party modules they use
    (pglast, numpy, ...). Importing them also registers every shared-memory region
    before the segment is created (postmaster README rule 1);
 2. builds what is the same for every backend and reads no shared state (the SQL
    function registry is built by importing catalog/catalog_cache.py; pg_hba.conf is
    parsed by the postmaster itself, subsystems.load_hba_file(); the tuple codecs and
    row classes of the system catalogs, which every backend needs from its first
    catalog lookup on: `warm_catalog_codecs`);
 3. collects garbage once and freezes what is left (`gc.freeze()`): the collector of
    every child then leaves the inherited objects alone, so their pages stay shared.

Measured private memory of a child (see README.md, "Memory of a child").

Entry points:
    prepare_before_fork()    once, in the postmaster, before the first fork
    freeze()                 again after a crash-restart rebuilt shared memory

PostgreSQL: postmaster/postmaster.c (shared_preload_libraries are loaded before the
first fork for the same reason; an EXEC_BACKEND build cannot share and pays it).
"""
from __future__ import annotations

import gc
import importlib
import pkgutil

import pgsnake

# Packages a server child never imports: the command line runs in another process.
NOT_FOR_CHILDREN = ("pgsnake.cli", "pgsnake.__main__")

_prepared = False


def prepare_before_fork() -> list[str]:
    """Steps 1-3; returns the modules that could not be imported (logged by the
    caller: a module that fails here fails the same way in a backend, later)."""
    global _prepared
    failed = []
    if not _prepared:
        for name in backend_module_names():
            try:
                importlib.import_module(name)
            except Exception as e:
                failed.append(f"{name}: {type(e).__name__}: {e}")
        try:
            warm_catalog_codecs()
        except Exception as e:
            failed.append(f"catalog codecs: {type(e).__name__}: {e}")
        _prepared = True
    freeze()
    return failed


def backend_module_names() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(pgsnake.__path__, "pgsnake.", onerror=lambda name: None):
        if info.name.startswith(NOT_FOR_CHILDREN):
            continue
        names.append(info.name)
    return names


def warm_catalog_codecs() -> None:
    """Step 2 for the catalogs: compile each catalog's tuple decoder and make its row
    class (each costs a backend about a millisecond at its first lookup otherwise:
    pg_authid and pg_database are read before a connection is even authenticated)."""
    from pgsnake.access.common import heap_tuple
    from pgsnake.catalog import definitions
    for name, definition in definitions.CATALOGS.items():
        heap_tuple.warm_codec(definitions.catalog_descriptor(definition))
        definitions.row_class(name)


def freeze() -> None:
    """Step 3. Objects the postmaster makes later are few (one Child per fork); each
    crash-restart freezes again what it built."""
    gc.collect()
    gc.freeze()
