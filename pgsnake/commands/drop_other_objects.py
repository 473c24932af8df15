"""DROP of the object kinds without a DROP module of their own (some pgsnake cannot create
yet, but PostgreSQL's catalogs hold them): OPERATOR, AGGREGATE, CAST, COLLATION
(collation_commands.py creates them), CONVERSION, TEXT SEARCH CONFIGURATION /
DICTIONARY / PARSER / TEMPLATE, ACCESS METHOD, OPERATOR CLASS / FAMILY, RULE,
PUBLICATION, STATISTICS.

Every name is looked up first, in PostgreSQL's words when it is missing (an error, or
with IF EXISTS a NOTICE "..., skipping"); then the objects found are dropped together
through pg_depend (dependent_objects.perform_deletion): the built-in ones, pinned, refuse
with 2BP01 "cannot drop X because it is required by the database system"; others (the
text search configurations initdb makes, say) go through dependent_objects, which
refuses with 0A000 a kind it cannot delete yet.

Entry point: execute_drop(node) (DropStmt).

PostgreSQL: commands/dropcmds.c (RemoveObjects, does_not_exist_skipping),
catalog/objectaddress.c (get_object_address), parser/parse_oper.c (LookupOperWithArgs),
parser/parse_func.c (LookupFuncWithArgs for aggregates).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog.dependency import ObjectAddress
from pgsnake.utils import notices
from pgsnake.utils.errors import PgError

# removeType -> (catalog, class id, name column, the words of its messages)
_NAMED = {
    "OBJECT_COLLATION": ("pg_collation", 3456, "collname", "collation"),
    "OBJECT_CONVERSION": ("pg_conversion", 2607, "conname", "conversion"),
    "OBJECT_TSCONFIGURATION": ("pg_ts_config", 3602, "cfgname", "text search configuration"),
    "OBJECT_TSDICTIONARY": ("pg_ts_dict", 3600, "dictname", "text search dictionary"),
    "OBJECT_TSPARSER": ("pg_ts_parser", 3601, "prsname", "text search parser"),
    "OBJECT_TSTEMPLATE": ("pg_ts_template", 3764, "tmplname", "text search template"),
}
# (DROP STATISTICS is statistics_commands.drop_statistics's.)
_NAMESPACE_COLUMNS = {"pg_collation": "collnamespace", "pg_conversion": "connamespace",
                      "pg_ts_config": "cfgnamespace", "pg_ts_dict": "dictnamespace",
                      "pg_ts_parser": "prsnamespace", "pg_ts_template": "tmplnamespace"}
KINDS = frozenset(_NAMED) | {"OBJECT_OPERATOR", "OBJECT_AGGREGATE", "OBJECT_CAST",
                             "OBJECT_ACCESS_METHOD", "OBJECT_OPCLASS", "OBJECT_OPFAMILY",
                             "OBJECT_RULE", "OBJECT_PUBLICATION"}
PG_OPERATOR, PG_PROC, PG_CAST, PG_AM, PG_OPCLASS, PG_OPFAMILY = 2617, 1255, 2605, 2601, \
    2616, 2753
PG_REWRITE, PG_PUBLICATION = 2618, 6104


class _Missing(Exception):
    """The object is not there: error text and the IF EXISTS notice text."""

    def __init__(self, sqlstate: str, error: str, notice: str) -> None:
        super().__init__(error)
        self.sqlstate, self.error, self.notice = sqlstate, error, notice


def _strings(items) -> list[str]:
    return [item["String"]["sval"] for item in items]


def type_oid(type_name: dict | None) -> int:
    """A TypeName to its OID (0 for NONE); a missing type is 42704."""
    from pgsnake.catalog.sql_functions import regtype_input
    from pgsnake.datatypes import registry
    if not type_name:
        return 0
    node = type_name.get("TypeName", type_name)
    oid = regtype_input(".".join(_strings(node["names"])))
    if node.get("arrayBounds"):
        oid = registry.get_type(oid).array_oid
    return oid


def type_text(type_name: dict | None) -> str:
    """TypeNameToString: the name as written (pg_catalog.int4 for integer)."""
    node = type_name.get("TypeName", type_name)
    return ".".join(_strings(node["names"])) + ("[]" if node.get("arrayBounds") else "")


def _namespace(names: list[str]) -> int | None:
    if len(names) < 2:
        return None
    namespace = cc.get_namespace_oid(names[-2])
    if namespace is None:
        raise PgError("3F000", f'schema "{names[-2]}" does not exist')
    return namespace


def _visible(row, namespace_column: str, namespace: int | None) -> bool:
    if namespace is not None:
        return getattr(row, namespace_column) == namespace
    return getattr(row, namespace_column) in cc.search_path_namespaces()


def _named(kind: str, obj) -> ObjectAddress:
    catalog, classid, column, words = _NAMED[kind]
    names = _strings(obj["List"]["items"])
    namespace = _namespace(names)
    for row in cc.scan_catalog(catalog):
        if getattr(row, column) == names[-1] and \
                _visible(row, _NAMESPACE_COLUMNS[catalog], namespace):
            return ObjectAddress(classid, row.oid)
    shown = ".".join(names)
    if kind == "OBJECT_COLLATION":
        raise _Missing("42704", f'collation "{shown}" for encoding "UTF8" does not exist',
                       f'collation "{shown}" does not exist, skipping')
    raise _Missing("42704", f'{words} "{shown}" does not exist',
                   f'{words} "{shown}" does not exist, skipping')


def _operator(obj) -> ObjectAddress:
    """LookupOperWithArgs (also operator_commands' lookup_operator)."""
    spec = obj["ObjectWithArgs"]
    names = _strings(spec["objname"])
    args = list(spec.get("objargs") or ())
    while len(args) < 2:
        args.insert(0, None)
    left, right = (type_oid(a) for a in args)
    if not right:
        raise PgError("42601", "postfix operators are not supported")
    return operator_by_types(names, left, right)


def operator_by_types(names: list[str], left: int, right: int) -> ObjectAddress:
    """The operator `names` (schema-qualified or found through the search path) taking
    `left` (0: prefix) and `right`; _Missing as LookupOperName's 42883."""
    namespace = _namespace(names)
    for row in cc.scan_catalog("pg_operator"):
        if row.oprname == names[-1] and row.oprleft == left and row.oprright == right and \
                _visible(row, "oprnamespace", namespace):
            return ObjectAddress(PG_OPERATOR, row.oid)
    from pgsnake.datatypes import registry
    shown = ".".join(names)
    operands = f"{registry.format_type(left)} {shown} " if left else f"{shown} "
    raise _Missing("42883", f"operator does not exist: {operands}"
                   f"{registry.format_type(right)}",
                   f"operator {shown} does not exist, skipping")


def _aggregate(obj) -> ObjectAddress:
    from pgsnake.datatypes import registry
    spec = obj["ObjectWithArgs"]
    names = _strings(spec["objname"])
    arg_types = [type_oid(a) for a in spec.get("objargs") or ()]
    namespace = _namespace(names)
    for row in cc.scan_catalog("pg_proc"):
        if row.proname == names[-1] and list(row.proargtypes) == arg_types and \
                _visible(row, "pronamespace", namespace):
            if row.prokind != "a":      # LookupFuncWithArgs with OBJECT_AGGREGATE
                shown = f"{'.'.join(names)}({', '.join(registry.format_type(t) for t in arg_types)})"
                raise PgError("42809", f"function {shown} is not an aggregate")
            return ObjectAddress(PG_PROC, row.oid)
    # LookupFuncWithArgs names an aggregate without arguments name(*) in its error
    # (the IF EXISTS notice keeps name())
    shown = f"{'.'.join(names)}({', '.join(registry.format_type(t) for t in arg_types) or '*'})"
    written = f"{'.'.join(names)}({','.join(type_text(a) for a in spec.get('objargs') or ())})"
    raise _Missing("42883", f"aggregate {shown} does not exist",
                   f"aggregate {written} does not exist, skipping")


def _cast(obj) -> ObjectAddress:
    from pgsnake.datatypes import registry
    source_name, target_name = obj["List"]["items"]
    source, target = type_oid(source_name), type_oid(target_name)
    for row in cc.scan_catalog("pg_cast"):
        if row.castsource == source and row.casttarget == target:
            return ObjectAddress(PG_CAST, row.oid)
    raise _Missing("42704", f"cast from type {registry.format_type(source)} to type "
                   f"{registry.format_type(target)} does not exist",
                   f"cast from type {type_text(source_name)} to type "
                   f"{type_text(target_name)} does not exist, skipping")


def _access_method(name: str) -> int | None:
    return next((r.oid for r in cc.scan_catalog("pg_am") if r.amname == name), None)


def operator_class_from_list(kind: str, obj) -> ObjectAddress:
    """The class or family a statement names as [method, schema..., name] (a List)."""
    return _operator_class(kind, obj)


def _operator_class(kind: str, obj) -> ObjectAddress:
    method_name, *names = _strings(obj["List"]["items"])
    method = _access_method(method_name)
    if method is None:
        raise PgError("42704", f'access method "{method_name}" does not exist')
    return operator_class_address(kind, method, method_name, names)


def operator_class_address(kind: str, method: int, method_name: str,
                           names: list[str]) -> ObjectAddress:
    """OpClassCacheLookup / OpFamilyCacheLookup (kind OBJECT_OPCLASS or OBJECT_OPFAMILY):
    the class or family `names` of access method `method`, schema-qualified or the first
    found through the search path; _Missing (42704) when there is none."""
    catalog, column, method_column, words, classid = (
        ("pg_opclass", "opcname", "opcmethod", "operator class", PG_OPCLASS)
        if kind == "OBJECT_OPCLASS" else
        ("pg_opfamily", "opfname", "opfmethod", "operator family", PG_OPFAMILY))
    namespace = _namespace(names)
    if namespace is not None:       # LookupExplicitNamespace: USAGE on the schema
        from pgsnake.catalog import object_permissions
        object_permissions.check_explicit_schema(names[-2])
    namespace_column = "opcnamespace" if classid == PG_OPCLASS else "opfnamespace"
    found = {getattr(row, namespace_column): row.oid for row in cc.scan_catalog(catalog)
             if getattr(row, column) == names[-1] and getattr(row, method_column) == method}
    for schema in ([namespace] if namespace is not None else cc.search_path_namespaces()):
        if schema in found:
            return ObjectAddress(classid, found[schema])
    shown = ".".join(names)
    raise _Missing("42704", f'{words} "{shown}" does not exist for access method '
                   f'"{method_name}"', f'{words} "{shown}" does not exist for access method '
                   f'"{method_name}", skipping')


def _rule(obj) -> ObjectAddress:
    *table_names, rule_name = _strings(obj["List"]["items"])
    shown = ".".join(table_names)
    relation_oid = cc.lookup_relation_oid(table_names[-1], table_names[-2]
                                          if len(table_names) > 1 else None)
    if relation_oid is None:
        raise _Missing("42P01", f'relation "{shown}" does not exist',
                       f'relation "{shown}" does not exist, skipping')
    for row in cc.scan_catalog("pg_rewrite"):
        if row.ev_class == relation_oid and row.rulename == rule_name:
            return ObjectAddress(PG_REWRITE, row.oid)
    raise _Missing("42704", f'rule "{rule_name}" for relation "{table_names[-1]}" does '
                   f'not exist', f'rule "{rule_name}" for relation "{table_names[-1]}" '
                   f'does not exist, skipping')


def _simple(kind: str, obj) -> ObjectAddress:
    name = obj["String"]["sval"]
    if kind == "OBJECT_ACCESS_METHOD":
        oid = _access_method(name)
        if oid is not None:
            return ObjectAddress(PG_AM, oid)
        raise _Missing("42704", f'access method "{name}" does not exist',
                       f'access method "{name}" does not exist, skipping')
    for row in cc.scan_catalog("pg_publication"):
        if row.pubname == name:
            return ObjectAddress(PG_PUBLICATION, row.oid)
    raise _Missing("42704", f'publication "{name}" does not exist',
                   f'publication "{name}" does not exist, skipping')


def _address(kind: str, obj) -> ObjectAddress:
    if kind in _NAMED:
        return _named(kind, obj)
    if kind == "OBJECT_OPERATOR":
        return _operator(obj)
    if kind == "OBJECT_AGGREGATE":
        return _aggregate(obj)
    if kind == "OBJECT_CAST":
        return _cast(obj)
    if kind in ("OBJECT_OPCLASS", "OBJECT_OPFAMILY"):
        return _operator_class(kind, obj)
    if kind == "OBJECT_RULE":
        return _rule(obj)
    return _simple(kind, obj)


def _check_owner(kind: str, obj, address: ObjectAddress) -> None:
    """RemoveObjects' check_object_ownership for the kinds users can make: the owner (or
    the owner of the object's schema) may drop an aggregate, operator, operator class or
    family, the owner of
    either type a cast; superusers may drop anything."""
    from pgsnake.catalog import acl, lookup_functions
    from pgsnake.utils import process_state
    if process_state.is_superuser or kind not in ("OBJECT_AGGREGATE", "OBJECT_OPERATOR",
                                                  "OBJECT_CAST", "OBJECT_OPCLASS",
                                                  "OBJECT_OPFAMILY"):
        return
    user = process_state.user_oid

    def owns(role: int) -> bool:
        return acl.has_privs_of_role(user, role)

    def owns_schema(namespace: int) -> bool:
        row = next((r for r in cc.scan_catalog("pg_namespace") if r.oid == namespace), None)
        return row is not None and owns(row.nspowner)
    if kind == "OBJECT_CAST":
        from pgsnake.datatypes import registry
        row = next(r for r in cc.scan_catalog("pg_cast") if r.oid == address.objid)
        source, target = cc.get_type_row(row.castsource), cc.get_type_row(row.casttarget)
        if not owns(source.typowner) and not owns(target.typowner):
            raise PgError("42501", f"must be owner of type {registry.format_type(source.oid)} "
                                   f"or type {registry.format_type(target.oid)}")
        return
    if kind in ("OBJECT_OPCLASS", "OBJECT_OPFAMILY"):
        catalog, prefix, words = ("pg_opclass", "opc", "operator class") \
            if kind == "OBJECT_OPCLASS" else ("pg_opfamily", "opf", "operator family")
        row = cc.scan_catalog(catalog, key=("oid", address.objid))[0]
        if not owns(getattr(row, prefix + "owner")) and \
                not owns_schema(getattr(row, prefix + "namespace")):
            # (named as the statement's list: "btree.name")
            raise PgError("42501", f"must be owner of {words} "
                                   f"{'.'.join(_strings(obj['List']['items']))}")
        return
    names = _strings(obj["ObjectWithArgs"]["objname"])
    if kind == "OBJECT_AGGREGATE":
        row = lookup_functions.proc_row(address.objid)
        if not owns(row.proowner) and not owns_schema(row.pronamespace):
            raise PgError("42501", f"must be owner of aggregate {'.'.join(names)}")
        return
    row = lookup_functions.operator_row(address.objid)
    if not owns(row.oprowner) and not owns_schema(row.oprnamespace):
        raise PgError("42501", f"must be owner of operator {'.'.join(names)}")


def execute_drop(node: dict) -> str:
    from pgsnake.commands import dependent_objects
    kind = node["removeType"]
    targets = []
    for obj in node.get("objects", ()):
        try:
            targets.append(_address(kind, obj))
            _check_owner(kind, obj, targets[-1])
        except _Missing as missing:
            if not node.get("missing_ok"):
                raise PgError(missing.sqlstate, missing.error) from None
            notices.emit("00000", missing.notice)
    if targets:
        dependent_objects.perform_deletion(targets, node.get("behavior") == "DROP_CASCADE")
    from pgsnake.commands import event_trigger_tags
    return "DROP " + event_trigger_tags.object_words(kind)


operator_address = _operator          # for operator_commands.lookup_operator
cast_address = _cast                  # for comment_commands (COMMENT ON CAST)
Missing = _Missing
