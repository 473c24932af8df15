"""What a routine's argument defaults and SQL-standard body name, for pg_depend.

CREATE FUNCTION / PROCEDURE records a normal dependency of the routine on each object
its argument default expressions use (a function it calls, a sequence named by a
regclass constant such as nextval('s')) and, for a body written as RETURN expr or
BEGIN ATOMIC ... END, on the relations and columns its statements read or write and
the functions, operators and types they use. A column read stands for its relation
(a table referenced without any column of it, count(*), is depended on whole), as
PostgreSQL's eliminate_duplicate_dependencies keeps only the column. So the table
cannot be dropped under the function without CASCADE, and information_schema's
routine_*_usage views list what the body uses.

Entry point: references(row, has_sql_body) -> set[ObjectAddress] (row: the pg_proc row
being made).

PostgreSQL: catalog/pg_proc.c (ProcedureCreate: recordDependencyOnExpr over
proargdefaults and prosqlbody), catalog/dependency.c (find_expr_references_walker).
"""
from __future__ import annotations

from pgsnake.catalog import dependency
from pgsnake.catalog.dependency import ObjectAddress


def references(row, has_sql_body: bool) -> set[ObjectAddress]:
    from pgsnake.rewrite import expression_dependencies
    found: set[ObjectAddress] = set()
    for query in _default_queries(row) + (_body_queries(row) if has_sql_body else []):
        found |= expression_dependencies.query_references(query)
        found |= _relation_references(query)
    # a column stands for its relation (eliminate_duplicate_dependencies)
    with_columns = {(a.classid, a.objid) for a in found if a.subid}
    return {a for a in found if not dependency.is_pinned(a) and a.objid
            and (a.subid or (a.classid, a.objid) not in with_columns)}


def _relation_references(query) -> set[ObjectAddress]:
    """The columns read, and those an INSERT or UPDATE writes (its target list's)."""
    from pgsnake.commands.view_commands import references_of
    found = {dependency.column(oid, attnum) if attnum else dependency.relation(oid)
             for oid, attnum in references_of(query)}
    for requirement in query.required_permissions:
        if requirement.kind == "relation":
            found.update(dependency.column(requirement.relation_oid, attnum)
                         for attnum in requirement.inserted | requirement.updated if attnum > 0)
    return found


def _default_queries(row) -> list:
    """Each argument default analysed as a SELECT of it, coerced to the argument type
    (one of a polymorphic type as it is)."""
    from pgsnake.datatypes import polymorphic_binding, registry
    from pgsnake.pl import spi
    texts = row.proargdefaults.split("\n") if row.proargdefaults else []
    types = list(row.proargtypes)[row.pronargs - len(texts):]
    return [spi.SpiStatement.from_text(
        f"SELECT ({text})" if polymorphic_binding.is_polymorphic(type_oid)
        else f"SELECT ({text})::{registry.format_type(type_oid)}", [], None).prepared().query
        for text, type_oid in zip(texts, types)]


def _body_queries(row) -> list:
    from pgsnake.pl.sql_function import CompiledSqlFunction
    queries = []
    for statement in CompiledSqlFunction(row).statements:
        query = statement.prepared().query
        if query is not None:               # a utility statement names nothing here
            queries.append(query)
    return queries
