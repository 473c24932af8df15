"""ALTER TABLE subcommands that change an existing constraint or the table's replica
identity or storage: VALIDATE CONSTRAINT, ALTER CONSTRAINT ... [NOT] DEFERRABLE
[INITIALLY ...], REPLICA IDENTITY {DEFAULT | FULL | NOTHING | USING INDEX}, SET ACCESS
METHOD (heap, which every table has already), SET TABLESPACE
(pg_default only: pgsnake has no other tablespace), and SET WITHOUT OIDS (which
PostgreSQL 15 accepts and ignores).

VALIDATE CONSTRAINT checks the rows of a NOT VALID CHECK or FOREIGN KEY constraint as
ADD CONSTRAINT would have (23514 / 23503 with the same messages), then marks it
convalidated; a valid one is left alone. ALTER CONSTRAINT changes a foreign key's
condeferrable / condeferred, those of its clones on partitions, and the deferrability
of the RI triggers PostgreSQL lets defer (the checks and the NO ACTION actions).

Entry points: validate_constraint(relation, cmd), alter_constraint(relation, cmd),
set_replica_identity(relation, cmd), set_access_method(relation, cmd),
set_tablespace(relation, cmd).

PostgreSQL: commands/tablecmds.c (ATExecValidateConstraint, ATExecAlterConstraint,
ATExecAlterConstrRecurse, ATExecReplicaIdentity, relation_mark_replica_identity).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation, trigger_catalog
from pgsnake.utils.errors import PgError

UNDEFINED_OBJECT = "42704"
WRONG_OBJECT_TYPE = "42809"
CHECK_VIOLATION = "23514"


def _done() -> None:
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def _constraint(relation, name: str):
    row = next((r for r in cc.scan_catalog("pg_constraint", key=("conrelid", relation.oid))
                if r.conrelid == relation.oid and r.conname == name), None)
    if row is None:
        raise PgError(UNDEFINED_OBJECT, f'constraint "{name}" of relation "{relation.name}" '
                                        f'does not exist')
    return row


def validate_constraint(relation, cmd: dict) -> None:
    """ALTER TABLE ... VALIDATE CONSTRAINT name."""
    row = _constraint(relation, cmd["name"])
    if row.contype not in ("f", "c"):
        raise PgError(WRONG_OBJECT_TYPE, f'constraint "{row.conname}" of relation '
                                         f'"{relation.name}" is not a foreign key or check '
                                         f'constraint')
    if row.convalidated:
        return
    if row.contype == "c":
        from pgsnake.executor import spi
        if spi.execute(f"SELECT 1 FROM {spi.qualified_name(relation)} "
                       f"WHERE NOT ({row.conbin}) LIMIT 1").rows:
            raise PgError(CHECK_VIOLATION, f'check constraint "{row.conname}" of relation '
                          f'"{relation.name}" is violated by some row',
                          schema=relation.namespace_name, table=relation.name,
                          constraint=row.conname)
    else:
        from pgsnake.catalog import relation_locks
        from pgsnake.commands import foreign_keys
        from pgsnake.storage.lmgr import lock_modes
        # its rows are read as the RI checks read them (FOR KEY SHARE: RowShareLock)
        relation_locks.lock_relation_oid(row.confrelid, lock_modes.ROW_SHARE)
        referenced = cc.get_relation(row.confrelid)
        by_attnum = {a.attnum: a for a in relation.attributes}
        referenced_by_attnum = {a.attnum: a for a in referenced.attributes}
        foreign_keys.validate_existing_rows(
            relation, referenced, row.conname, [by_attnum[n] for n in row.conkey],
            [referenced_by_attnum[n] for n in row.confkey], row.confmatchtype)
    catalog_writes.update_rows("pg_constraint", lambda r: r.oid == row.oid,
                               key=("oid", row.oid), convalidated=True)
    _done()


_DEFERRABLE_TRIGGERS = ("RI_FKey_check_ins", "RI_FKey_check_upd", "RI_FKey_noaction_del",
                        "RI_FKey_noaction_upd")


def alter_constraint(relation, cmd: dict) -> None:
    """ALTER TABLE ... ALTER CONSTRAINT name [NOT] DEFERRABLE [INITIALLY DEFERRED |
    IMMEDIATE] (foreign keys only, as in PostgreSQL 15)."""
    spec = cmd["def"]["ATAlterConstraint"]
    row = _constraint(relation, spec["conname"])
    if row.contype != "f":
        raise PgError(WRONG_OBJECT_TYPE, f'constraint "{row.conname}" of relation '
                                         f'"{relation.name}" is not a foreign key constraint')
    deferrable = bool(spec.get("deferrable"))
    deferred = bool(spec.get("initdeferred"))
    if (row.condeferrable, row.condeferred) == (deferrable, deferred):
        return
    from pgsnake.catalog.lookup_functions import proc_row
    pending = [row.oid]
    while pending:                        # the constraint and its partitions' clones
        oid = pending.pop()
        catalog_writes.update_rows("pg_constraint", lambda r, o=oid: r.oid == o,
                                   key=("oid", oid), condeferrable=deferrable,
                                   condeferred=deferred)
        for trigger in cc.scan_catalog("pg_trigger"):
            function = proc_row(trigger.tgfoid) if trigger.tgconstraint == oid else None
            if function is not None and function.proname in _DEFERRABLE_TRIGGERS:
                trigger_catalog.update_trigger(trigger.oid, tgdeferrable=deferrable,
                                               tginitdeferred=deferred)
        pending.extend(r.oid for r in cc.scan_catalog("pg_constraint")
                       if r.conparentid == oid and r.contype == "f")
    _done()


def set_replica_identity(relation, cmd: dict) -> None:
    """ALTER TABLE ... REPLICA IDENTITY: pg_class.relreplident, and pg_index.indisreplident
    on the chosen index only."""
    statement = cmd["def"]["ReplicaIdentityStmt"]
    kind = statement["identity_type"]             # d(efault), f(ull), n(othing), i(ndex)
    chosen = 0
    if kind == "i":
        chosen = _replica_identity_index(relation, statement["name"])
    catalog_writes.update_rows("pg_class", lambda r: r.oid == relation.oid,
                               key=("oid", relation.oid), relreplident=kind)
    for index_oid in cc.index_oids_of(relation.oid):
        index = cc.index_row(index_oid)
        if index is not None and index.indisreplident != (index_oid == chosen):
            catalog_writes.update_rows("pg_index", lambda r, o=index_oid: r.indexrelid == o,
                                       key=("indexrelid", index_oid),
                                       indisreplident=index_oid == chosen)
    _done()


def _replica_identity_index(relation, name: str) -> int:
    """ATExecReplicaIdentity's checks of USING INDEX name, in its order."""
    oid = cc.lookup_relation_oid(name, relation.namespace_name)
    if oid is None:
        raise PgError(UNDEFINED_OBJECT, f'index "{name}" for table "{relation.name}" does not '
                                        f'exist')
    index = cc.index_row(oid)
    if index is None or index.indrelid != relation.oid:
        raise PgError(WRONG_OBJECT_TYPE, f'"{name}" is not an index for table '
                                         f'"{relation.name}"')
    if not index.indisunique:
        raise PgError(WRONG_OBJECT_TYPE, f'cannot use non-unique index "{name}" as replica '
                                         f'identity')
    if not index.indimmediate:
        raise PgError(WRONG_OBJECT_TYPE, f'cannot use non-immediate index "{name}" as replica '
                                         f'identity')
    if index.indexprs is not None:
        raise PgError("0A000", f'cannot use expression index "{name}" as replica '
                                         f'identity')
    if index.indpred is not None:
        raise PgError("0A000", f'cannot use partial index "{name}" as replica '
                                         f'identity')
    by_attnum = {a.attnum: a for a in relation.attributes}
    for attnum in index.indkey[:index.indnkeyatts]:
        attribute = by_attnum[attnum]
        if not attribute.not_null:
            raise PgError(WRONG_OBJECT_TYPE, f'index "{name}" cannot be used as replica '
                                             f'identity because column "{attribute.name}" '
                                             f'is nullable')
    return oid


def set_access_method(relation, cmd: dict) -> None:
    """ALTER TABLE ... SET ACCESS METHOD name: heap is the only table access method, the
    one the table has: nothing to do."""
    name = cmd["name"]
    row = next((r for r in cc.scan_catalog("pg_am") if r.amname == name), None)
    if row is None:
        raise PgError(UNDEFINED_OBJECT, f'access method "{name}" does not exist')
    if row.amtype != "t":
        raise PgError("55000", f'access method "{name}" is not of type TABLE')
    if relation.relkind == "p":
        raise PgError(WRONG_OBJECT_TYPE, "cannot change access method of a partitioned "
                                         "table")
    # heap already: PostgreSQL 15 leaves the table as it is (no rewrite)


def set_tablespace(relation, cmd: dict) -> None:
    """ALTER TABLE / INDEX ... SET TABLESPACE name: pg_default, where everything is, does
    nothing; pg_global is for shared catalogs (22023); another is unknown (42704)."""
    name = cmd["name"]
    if name == "pg_global":
        raise PgError("22023", "only shared relations can be placed in pg_global tablespace")
    if not any(r.spcname == name for r in cc.scan_catalog("pg_tablespace")):
        raise PgError(UNDEFINED_OBJECT, f'tablespace "{name}" does not exist')
    if name != "pg_default":
        raise PgError("0A000", "tablespaces other than pg_default are not supported")
