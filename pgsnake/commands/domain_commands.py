"""CREATE DOMAIN and ALTER DOMAIN.

A domain is a pg_type row (typtype 'd') over a base type (typbasetype, typtypmod) with
the base type's storage facts and category, an array type '_name', a NOT NULL flag
(typnotnull), a default (typdefault, as SQL text; a domain over a domain inherits its
base's) and CHECK constraints: pg_constraint rows with contypid = the domain, conrelid 0,
the expression kept in conbin as deparsed SQL over VALUE, as pg_get_constraintdef prints
it. An unnamed CHECK is called <domain>_check (numbered on a clash).

ALTER DOMAIN ADD CONSTRAINT checks the values already stored in table columns of the
domain (unless NOT VALID); SET NOT NULL refuses when a column of the domain holds a
NULL; VALIDATE CONSTRAINT checks and marks the constraint validated.

Where the checks run is executor/domain_checks.py; how coercion reaches them is
parser/domain_coercion.py.

Entry points: execute_create_domain(node, source), execute_alter_domain(node, source).

PostgreSQL: commands/typecmds.c (DefineDomain, domainAddConstraint, AlterDomainDefault,
AlterDomainNotNull, AlterDomainAddConstraint, AlterDomainDropConstraint,
AlterDomainValidateConstraint, validateDomainConstraint).
"""
from __future__ import annotations


from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, relation_locks
from pgsnake.catalog import definitions as d
from pgsnake.commands import type_commands, utility_statement
from pgsnake.commands.table_commands import resolve_type_name
from pgsnake.datatypes import registry
from pgsnake.executor import domain_checks, spi  # noqa: F401 (installs the checker)
from pgsnake.parser import domain_coercion
from pgsnake.parser.expression_text import expression_text
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices
from pgsnake.utils.errors import (CHECK_VIOLATION, DATATYPE_MISMATCH, DUPLICATE_OBJECT,
                                  FEATURE_NOT_SUPPORTED, NOT_NULL_VIOLATION, SYNTAX_ERROR,
                                  UNDEFINED_OBJECT, WRONG_OBJECT_TYPE, PgError)



def _deparse_check(expr) -> str:
    """The CHECK expression's text with the VALUE placeholder column printed as VALUE
    (the only column in scope is the placeholder, deparsed as 'value')."""
    return domain_coercion.show_value_placeholder(expression_text(expr))


def _constraint_name(domain: str, namespace: int, wanted: str | None) -> str:
    taken = {r.conname for r in cc.scan_catalog("pg_constraint")
             if r.connamespace == namespace}
    if wanted is not None:
        return wanted
    base = f"{domain}_check"
    name, suffix = base, 0
    while name in taken:
        suffix += 1
        name = f"{base}{suffix}"
    return name


def _add_check(domain_row_oid: int, domain: str, namespace: int, base_oid: int,
               base_typmod: int, constraint: dict, source) -> tuple[str, str]:
    """Analyse a CHECK constraint and insert its pg_constraint row; (name, conbin)."""
    from pgsnake.access.transam import transaction_ids
    # PostgreSQL reports errors in a domain's CHECK without a position.
    expr = domain_coercion.analyze_domain_check(base_oid, base_typmod, constraint["raw_expr"])
    conbin = _deparse_check(expr)
    wanted = constraint.get("conname")
    if wanted is not None and any(r.contypid == domain_row_oid and r.conname == wanted
                                  for r in cc.scan_catalog("pg_constraint")):
        raise PgError(DUPLICATE_OBJECT,
                      f'constraint "{wanted}" for domain "{domain}" already exists')
    name = _constraint_name(domain, namespace, wanted)
    catalog_writes.insert_row("pg_constraint", d.row_values(
        "pg_constraint", oid=transaction_ids.get_new_oid(), conname=name,
        connamespace=namespace, contype="c", condeferrable=False, condeferred=False,
        convalidated=not constraint.get("skip_validation", False), conrelid=0,
        contypid=domain_row_oid, conindid=0, conparentid=0, confrelid=0, confupdtype=" ",
        confdeltype=" ", confmatchtype=" ", conislocal=True, coninhcount=0,
        connoinherit=False, conkey=None, confkey=None, conpfeqop=None, conppeqop=None,
        conffeqop=None, confdelsetcols=None, conexclop=None, conbin=conbin))
    type_commands.done()
    return name, conbin


def _default_text(base_oid: int, base_typmod: int, node: dict, source) -> str:
    """The DEFAULT expression coerced to the base type, deparsed."""
    from pgsnake.parser.coercion import coerce_or_error
    from pgsnake.parser.relation_resolution import ParseState
    from pgsnake.parser.transform_expression import transform_expression
    pstate = ParseState(source)
    pstate.expression_kind = "DEFAULT expressions"
    expr = transform_expression(pstate, node)
    expr = coerce_or_error(pstate, expr, base_oid, base_typmod, "assignment", None)
    from pgsnake.parser.expression_nodes import Const
    if isinstance(expr, Const) and expr.value is None:
        return "NULL"
    return expression_text(expr)          # SQL, as a column's default is kept: 'x'::text


# ---------------------------------------------------------------------------------------
# CREATE DOMAIN


def execute_create_domain(node: dict, source=None) -> str:
    namespace, name = type_commands.type_target(
        [n["String"]["sval"] for n in node["domainname"]])
    type_commands.check_new_type_name(namespace, name)
    base_oid, typmod = resolve_type_name(node["typeName"])
    base = cc.get_type_row(base_oid)
    if base is None or base.typtype not in ("b", "d", "e", "r", "m", "c") or \
            base.typtype == "c" and base.oid < d.FIRST_NORMAL_OBJECT_ID:
        raise PgError(DATATYPE_MISMATCH,
                      f'"{registry.format_type(base_oid)}" is not a valid base type for a domain')
    collation = base.typcollation
    if node.get("collClause"):
        # DefineDomain: COLLATE only on a collatable base type (no position in PG)
        from pgsnake.parser.transform_expression import lookup_collation
        names = [n["String"]["sval"] for n in node["collClause"]["collname"]]
        collation = lookup_collation(names, 705)     # unknown: the check follows
        if not base.typcollation:
            raise PgError(DATATYPE_MISMATCH, "collations are not supported by type "
                                             f"{registry.format_type(base_oid)}")
    not_null: bool | None = None
    default_node = None
    checks = []
    for wrapped in node.get("constraints", []):
        constraint = wrapped["Constraint"]
        kind = constraint["contype"]
        if kind == "CONSTR_NOTNULL":
            if not_null is False:
                raise PgError(SYNTAX_ERROR, "conflicting NULL/NOT NULL constraints")
            not_null = True
        elif kind == "CONSTR_NULL":
            if not_null is True:
                raise PgError(SYNTAX_ERROR, "conflicting NULL/NOT NULL constraints")
            not_null = False
        elif kind == "CONSTR_DEFAULT":
            if default_node is not None:
                raise PgError(SYNTAX_ERROR, "multiple default expressions")
            default_node = constraint["raw_expr"]
        elif kind == "CONSTR_CHECK":
            if constraint.get("is_no_inherit"):
                raise PgError("42P17", "check constraints for domains cannot be marked "
                                       "NO INHERIT")
            checks.append(constraint)
        elif kind == "CONSTR_UNIQUE":
            raise PgError(SYNTAX_ERROR, "unique constraints not possible for domains")
        elif kind == "CONSTR_PRIMARY":
            raise PgError(SYNTAX_ERROR, "primary key constraints not possible for domains")
        elif kind == "CONSTR_FOREIGN":
            raise PgError(SYNTAX_ERROR, "foreign key constraints not possible for domains")
        elif kind == "CONSTR_EXCLUSION":
            raise PgError(SYNTAX_ERROR, "exclusion constraints not possible for domains")
        else:
            raise PgError(FEATURE_NOT_SUPPORTED,
                          "specifying constraint deferrability not supported for domains")
    default = base.typdefault if base.typtype == "d" else None
    if default_node is not None:
        default = _default_text(base_oid, typmod, default_node, None)   # no position in PG
        if default == "NULL":
            default = None
    from pgsnake.access.transam import transaction_ids
    array_oid, oid = transaction_ids.get_new_oid(), transaction_ids.get_new_oid()
    storage = "x" if base.typlen == -1 else "p"
    type_commands.insert_type_rows(
        oid=oid, array_oid=array_oid, name=name, namespace=namespace, typtype="d",
        category=base.typcategory, typlen=base.typlen, typbyval=base.typbyval,
        typalign=base.typalign, typstorage=base.typstorage or storage,
        io=("domain_in", base.typoutput, "domain_recv", base.typsend),
        basetype=base_oid, typmod=typmod, notnull=bool(not_null),
        collation=collation, default=default, base_type_oid=base_oid)
    type_commands.done()
    for constraint in checks:
        _add_check(oid, name, namespace, base_oid, typmod, constraint, source)
    type_commands.done()
    return "CREATE DOMAIN"


# ---------------------------------------------------------------------------------------
# ALTER DOMAIN


def _domain_row(names: list[str]):
    row = type_commands.find_type(names)
    if row.typtype != "d":
        raise PgError(WRONG_OBJECT_TYPE, f"{registry.format_type(row.oid)} is not a domain")
    return row


def _columns_of(domain_oid: int) -> list:
    """(relation row, attribute row) of every table column whose type is the domain or
    a domain over it (get_rels_with_domain). A column holding the domain inside
    another type (an array, a composite, a range, a domain over one of them) cannot be
    checked: 0A000 "cannot alter type ... because column ... uses it", as PostgreSQL."""
    attributes = [a for a in cc.scan_catalog("pg_attribute")
                  if a.attnum > 0 and not a.attisdropped]
    types = list(cc.scan_catalog("pg_type"))
    ranges = list(cc.scan_catalog("pg_range"))
    shown = registry.format_type(domain_oid)

    def table_columns(type_oid):
        for attribute in attributes:
            if attribute.atttypid == type_oid:
                relation = cc.class_row(attribute.attrelid)
                if relation is not None:
                    yield relation, attribute

    def refuse_uses(container: int, seen: set) -> None:
        """find_composite_type_dependencies: any table column of the container type,
        or of a type containing it, is refused."""
        if container in seen:
            return
        seen.add(container)
        for relation, attribute in table_columns(container):
            if relation.relkind in ("r", "p", "m"):
                raise PgError(FEATURE_NOT_SUPPORTED,
                              f'cannot alter type "{shown}" because column '
                              f'"{relation.relname}.{attribute.attname}" uses it')
            if relation.reltype:
                refuse_uses(relation.reltype, seen)
        for inner in _containers(container, types, ranges):
            refuse_uses(inner, seen)

    found = []
    for relation, attribute in table_columns(domain_oid):
        if relation.relkind in ("r", "p", "m"):
            found.append((relation, attribute))
        elif relation.reltype:
            refuse_uses(relation.reltype, set())
    for row in types:
        if row.typtype == "d" and row.typbasetype == domain_oid:
            found.extend(_columns_of(row.oid))
    for container in _containers(domain_oid, types, ranges, domains=False):
        refuse_uses(container, set())
    return sorted(found, key=lambda pair: (pair[0].oid, pair[1].attnum))


def _containers(type_oid: int, types: list, ranges: list, domains: bool = True) -> list:
    """The types that hold values of type_oid: its array type, ranges over it, domains
    over it (unless domains=False), and the multiranges of those ranges."""
    out = [t.oid for t in types
           if (t.typelem == type_oid and t.typsubscript and t.typlen == -1)
           or (domains and t.typtype == "d" and t.typbasetype == type_oid)]
    for rng in ranges:
        if rng.rngsubtype == type_oid:
            out.append(rng.rngtypid)
        if rng.rngtypid == type_oid and rng.rngmultitypid:
            out.append(rng.rngmultitypid)
    return out


def _qualified(relation) -> str:
    schema = cc.namespace_name(relation.relnamespace)
    return f"{cc.quote_identifier(schema)}.{cc.quote_identifier(relation.relname)}"


def _validate(row, name: str, conbin: str) -> None:
    """validateDomainConstraint: every stored value of the domain passes the check."""
    for relation, attribute in _columns_of(row.oid):
        relation_locks.lock_relation_oid(relation.oid, lock_modes.SHARE)
        column = cc.quote_identifier(attribute.attname)
        # The stored values of the column, tested by the check with VALUE as the column.
        test = domain_coercion.outside_literals(conbin, r"\bVALUE\b",
                                                column.replace("\\", "\\\\"))
        found = spi.execute(f"SELECT 1 FROM {_qualified(relation)} WHERE NOT ({test}) LIMIT 1")
        if found.rows:
            raise PgError(CHECK_VIOLATION, f'column "{attribute.attname}" of table '
                          f'"{relation.relname}" contains values that violate the new '
                          f'constraint', schema=cc.namespace_name(relation.relnamespace),
                          table=relation.relname, column=attribute.attname)


def rename_constraint(node: dict) -> str:
    """ALTER DOMAIN name RENAME CONSTRAINT old TO new (RenameStmt, OBJECT_DOMCONSTRAINT)."""
    row = _domain_row([n["String"]["sval"] for n in node["object"]["List"]["items"]])
    relation_locks.lock_database_object(d.PG_TYPE_OID, row.oid, lock_modes.ACCESS_EXCLUSIVE)
    shown = registry.format_type(row.oid)
    constraints = [r for r in cc.scan_catalog("pg_constraint") if r.contypid == row.oid]
    old, new = node["subname"], node["newname"]
    target = next((r for r in constraints if r.conname == old), None)
    if target is None:
        raise PgError("42704", f'constraint "{old}" for domain {shown} does not exist')
    if any(r.conname == new for r in constraints):
        raise PgError("42710", f'constraint "{new}" for domain {shown} already exists')
    catalog_writes.update_rows("pg_constraint", lambda r: r.oid == target.oid,
                               key=("oid", target.oid), conname=new)
    type_commands.done()
    return "ALTER DOMAIN"


def execute_alter_domain(node: dict, source=None) -> str:
    row = _domain_row([n["String"]["sval"] for n in node["typeName"]])
    relation_locks.lock_database_object(d.PG_TYPE_OID, row.oid, lock_modes.ACCESS_EXCLUSIVE)
    subtype = node["subtype"]
    domain = row.typname
    if subtype == "T":                                          # SET / DROP DEFAULT
        default = None
        if node.get("def") is not None:
            default = _default_text(row.typbasetype, row.typtypmod, node["def"], None)
            if default == "NULL":
                default = None
        catalog_writes.update_rows("pg_type", lambda r: r.oid == row.oid, typdefault=default)
    elif subtype in ("N", "O"):                                 # DROP / SET NOT NULL
        not_null = subtype == "O"
        if not_null and not row.typnotnull:
            for relation, attribute in _columns_of(row.oid):
                column = cc.quote_identifier(attribute.attname)
                found = spi.execute(f"SELECT 1 FROM {_qualified(relation)} "
                                    f"WHERE {column} IS NULL LIMIT 1")
                if found.rows:
                    raise PgError(NOT_NULL_VIOLATION, f'column "{attribute.attname}" of table '
                                  f'"{relation.relname}" contains null values',
                                  schema=cc.namespace_name(relation.relnamespace),
                                  table=relation.relname, column=attribute.attname)
        catalog_writes.update_rows("pg_type", lambda r: r.oid == row.oid, typnotnull=not_null)
    elif subtype == "C":                                        # ADD CONSTRAINT
        constraint = node["def"]["Constraint"]
        if constraint["contype"] == "CONSTR_NOTNULL":
            node = dict(node, subtype="O")
            return execute_alter_domain(node, source)
        if constraint["contype"] != "CONSTR_CHECK":
            raise PgError(SYNTAX_ERROR, "unique constraints not possible for domains"
                          if constraint["contype"] in ("CONSTR_UNIQUE", "CONSTR_PRIMARY")
                          else "foreign key constraints not possible for domains")
        name, conbin = _add_check(row.oid, domain, row.typnamespace, row.typbasetype,
                                  row.typtypmod, constraint, source)
        if not constraint.get("skip_validation"):
            type_commands.done()
            _validate(row, name, conbin)
    elif subtype == "X":                                        # DROP CONSTRAINT
        name = node["name"]
        matches = [r for r in cc.scan_catalog("pg_constraint")
                   if r.contypid == row.oid and r.conname == name]
        if not matches:
            if node.get("missing_ok"):
                notices.emit("00000", f'constraint "{name}" of domain "{domain}" does not '
                                      f'exist, skipping')
                return "ALTER DOMAIN"
            raise PgError(UNDEFINED_OBJECT,
                          f'constraint "{name}" of domain "{domain}" does not exist')
        catalog_writes.delete_rows("pg_constraint", lambda r: r.oid == matches[0].oid)
    elif subtype == "V":                                        # VALIDATE CONSTRAINT
        name = node["name"]
        matches = [r for r in cc.scan_catalog("pg_constraint")
                   if r.contypid == row.oid and r.conname == name]
        if not matches:
            raise PgError(UNDEFINED_OBJECT,
                          f'constraint "{name}" of domain "{domain}" does not exist')
        if matches[0].contype != "c":
            raise PgError(WRONG_OBJECT_TYPE, f'constraint "{name}" of domain "{domain}" is '
                                             f'not a check constraint')
        if not matches[0].convalidated:
            _validate(row, name, matches[0].conbin)
            catalog_writes.update_rows("pg_constraint", lambda r: r.oid == matches[0].oid,
                                       convalidated=True)
    else:
        raise PgError(FEATURE_NOT_SUPPORTED, "this form of ALTER DOMAIN is not supported")
    type_commands.done()
    return "ALTER DOMAIN"


utility_statement.register("CreateDomainStmt", "CREATE DOMAIN",
                           lambda node, raw: execute_create_domain(node, raw.source))
utility_statement.register("AlterDomainStmt", "ALTER DOMAIN",
                           lambda node, raw: execute_alter_domain(node, raw.source))
