"""The parse state, the range table and column references.

Entry points:
    ParseState                      per-statement analysis state (range table, namespace, params)
    ParseState.add_relation(range_var) / add_values / add_subquery -> (rtindex, NamespaceItem)
    ParseState.resolve_column(fields, location) -> Var (a FULL join's merged column:
                                    its COALESCE expression, parser/full_join.py)
    ParseState.expand_star(qualifier, location) -> list[(Var, name)]

Name resolution follows PostgreSQL's rules: an unqualified column must match exactly one
visible FROM item (else 42703 / 42702); a qualified one names a FROM item by its alias or
table name (else 42P01 'missing FROM-clause entry'). A USING/NATURAL join merges its
common columns: unqualified they mean the left side's column, and `*` lists them once,
first.

PostgreSQL: parser/parse_relation.c (refnameNamespaceItem, colNameToVar, scanNSItemForColumn,
expandNSItemAttrs), parser/parse_node.c (make_parsestate).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import relation_locks
from pgsnake.parser.expression_nodes import (
    MAX_COMMAND_ID_ATTNUM, MAX_TRANSACTION_ID_ATTNUM, MIN_COMMAND_ID_ATTNUM,
    MIN_TRANSACTION_ID_ATTNUM, SELF_ITEM_POINTER_ATTNUM,
    TABLE_OID_ATTNUM, Var)
from pgsnake.parser.query import RangeTableEntry
from pgsnake.storage.lmgr.lock_modes import ACCESS_SHARE
from pgsnake.utils.errors import (AMBIGUOUS_COLUMN, PgError, UNDEFINED_COLUMN, UNDEFINED_TABLE,
                                  WRONG_OBJECT_TYPE)

DUPLICATE_ALIAS = "42712"

# name -> (attnum, type oid); oid-less tables as in PostgreSQL 12+.
SYSTEM_COLUMNS = {
    "ctid": (SELF_ITEM_POINTER_ATTNUM, 27),
    "xmin": (MIN_TRANSACTION_ID_ATTNUM, 28),
    "cmin": (MIN_COMMAND_ID_ATTNUM, 29),
    "xmax": (MAX_TRANSACTION_ID_ATTNUM, 28),
    "cmax": (MAX_COMMAND_ID_ATTNUM, 29),
    "tableoid": (TABLE_OID_ATTNUM, 26),
}


AMBIGUOUS_ALIAS = "42P09"


@dataclasses.dataclass
class NamespaceItem:
    rtindex: int
    alias: str
    hidden_columns: set = dataclasses.field(default_factory=set)   # merged USING columns
    visible: bool = True
    # PostgreSQL's p_lateral_only / p_lateral_ok (parser/lateral.py): an earlier FROM
    # item is seen only by LATERAL items while the FROM clause is analysed, and not at
    # all (42P10) by one on the right of a RIGHT / FULL join.
    lateral_only: bool = False
    lateral_ok: bool = True
    # A FULL join's merged USING columns, name -> COALESCE expression (full_join.py):
    # an item of its own (rtindex 0, no alias), found by unqualified names only.
    merged_columns: dict | None = None
    # A JOIN with an alias (join_alias.py): its columns, as `*` lists them (each a Var
    # or a merged column's expression, named by its column_name); rtindex 0.
    join_columns: list | None = None
    # A member of a JOIN, after its ON clause (PostgreSQL's p_cols_visible false, the
    # join's own item taking over its columns): its system columns are not found by
    # unqualified names, which a join's row lacks (`SELECT ctid FROM a JOIN b ON ...`).
    in_join: bool = False


def _check_alias_count(alias: str, available: int, column_aliases: list[str]) -> None:
    if len(column_aliases) > available:
        raise PgError("42P10", f'table "{alias}" has {available} columns available but '
                               f'{len(column_aliases)} columns specified')


class ParseState:
    def __init__(self, source, param_types: list[int] | None = None, parent=None,
                 fixed_params: bool = False) -> None:
        self.source = source
        self.parent = parent
        # Simple-protocol statements have a fixed (empty) parameter list: a $n there is
        # an error. The extended protocol's Parse infers types for any $n it meets.
        self.fixed_params = parent.fixed_params if parent is not None else fixed_params
        # Parameters are shared with the outermost state (one statement, one $n list).
        self.param_types = param_types if param_types is not None else (
            parent.param_types if parent is not None else [])
        self.range_table: list[RangeTableEntry] = []
        self.namespace: list[NamespaceItem] = []
        self.aggregates: list = []
        self.expression_kind = "SELECT"          # for 'not allowed in WHERE' checks
        # Row-locking clauses of this query level, and whether an outer level locks the
        # subquery this state analyses (locking_clause.is_locked_refname).
        self.locking_clauses: list = []
        self.locked_from_parent = False
        # A FROM subquery (not LATERAL) cannot refer to its parent's FROM items.
        self.sees_parent = True
        # A LATERAL FROM item is being analysed: lateral-only items are visible.
        self.lateral_active = False
        # Output columns of type unknown become text, except in INSERT ... SELECT, whose
        # target columns give them their type (p_resolve_unknowns).
        self.resolve_unknowns = True
        # Where the most recent set-returning function call stands (p_last_srf), so that
        # CASE and COALESCE can refuse one inside them.
        self.last_srf_position: int | None = None
        self.srf_calls = 0

    # -- positions and parameters ------------------------------------------------------------

    def position(self, location) -> int | None:
        if self.source is None:
            return None
        return self.source.position(location)

    def set_param_type(self, number: int, type_oid: int) -> None:
        while len(self.param_types) < number:
            self.param_types.append(0)
        if self.param_types[number - 1] in (0, 705):
            self.param_types[number - 1] = type_oid

    def param_type(self, number: int) -> int:
        if number <= len(self.param_types):
            return self.param_types[number - 1]
        self.set_param_type(number, 0)
        return 0

    # -- adding FROM items ---------------------------------------------------------------------

    def _add(self, rte: RangeTableEntry) -> tuple[int, NamespaceItem]:
        """Items from `conflict_scope` on are checked here; the earlier ones when the
        FROM item or join side being analysed is complete (check_name_conflicts), so
        that a JOIN alias can hide names inside it first."""
        self.range_table.append(rte)
        rtindex = len(self.range_table)
        item = NamespaceItem(rtindex, rte.alias)
        for other in self.namespace[getattr(self, "conflict_scope", 0):]:
            if other.visible and self._names_conflict(other, item):
                raise PgError(DUPLICATE_ALIAS,
                              f'table name "{rte.alias}" specified more than once')
        return rtindex, item

    def _names_conflict(self, first: NamespaceItem, second: NamespaceItem) -> bool:
        """checkNameSpaceConflicts: the same name, unless both are tables named without
        an alias that are different tables (s1.t and s2.t)."""
        if first.alias != second.alias:
            return False
        if first.join_columns is not None or second.join_columns is not None:
            return True
        a, b = (self.range_table[i.rtindex - 1] if 0 < i.rtindex <= len(self.range_table)
                else None for i in (first, second))
        if a is None or b is None or a.kind != "relation" or b.kind != "relation" or \
                a.explicit_alias or b.explicit_alias:
            return True
        return a.relation.oid == b.relation.oid

    def check_name_conflicts(self, earlier, later) -> None:
        """checkNameSpaceConflicts: a name visible on both sides of a join, or in an
        earlier FROM item and a later one (names inside an aliased JOIN are hidden)."""
        names = {item.alias for item in earlier if item.visible and item.alias}
        for item in later:
            if item.visible and item.alias in names and any(
                    e.visible and self._names_conflict(e, item) for e in earlier):
                raise PgError(DUPLICATE_ALIAS,
                              f'table name "{item.alias}" specified more than once')

    def open_relation(self, range_var: dict, lock_mode: int):
        """The relation a RangeVar names, locked in `lock_mode` for the rest of the
        transaction (PostgreSQL's parserOpenTable)."""
        name = range_var["relname"]
        schema = range_var.get("schemaname")
        if schema is not None:             # LookupExplicitNamespace: USAGE on the schema
            from pgsnake.catalog import object_permissions
            object_permissions.check_explicit_schema(
                schema, self.position(range_var.get("location")))
        relation = relation_locks.open_relation(name, schema, lock_mode)
        if relation is None:
            shown = f"{schema}.{name}" if schema else name
            raise PgError(UNDEFINED_TABLE, f'relation "{shown}" does not exist',
                          position=self.position(range_var.get("location")))
        # table_openrv: an index or a composite type is no table to read or change.
        wrong = {"i": "an index", "I": "an index", "c": "a composite type"}.get(
            relation.relkind)
        if wrong is not None:
            raise PgError(WRONG_OBJECT_TYPE, f'"{relation.name}" is {wrong}',
                          position=self.position(range_var.get("location")))
        return relation

    def add_relation(self, range_var: dict,
                     lock_mode: int = ACCESS_SHARE) -> tuple[int, NamespaceItem]:
        relation = self.open_relation(range_var, lock_mode)
        alias_node = range_var.get("alias") or {}
        alias = alias_node.get("aliasname", relation.name)
        live = [a for a in relation.attributes if not a.is_dropped]
        names = [a.name for a in relation.attributes]
        column_aliases = [c["String"]["sval"] for c in alias_node.get("colnames", ())]
        _check_alias_count(alias, len(live), column_aliases)
        for i, colalias in enumerate(column_aliases):
            names[live[i].attnum - 1] = colalias
        rte = RangeTableEntry(
            "relation", alias, names,
            [a.type_oid for a in relation.attributes],
            [a.typmod for a in relation.attributes],
            relation=relation, explicit_alias=bool(alias_node), lock_mode=lock_mode,
            inh=bool(range_var.get("inh")))
        return self._add(rte)

    def add_values(self, values_lists, names, types, typmods, alias="*VALUES*"):
        rte = RangeTableEntry("values", alias, names, types, typmods, values_lists=values_lists)
        return self._add(rte)

    def add_function(self, func_expr, out_columns, alias_node: dict | None,
                     with_ordinality: bool):
        """A function call in FROM (addRangeTableEntryForFunction). A function that
        returns a record gives one column per OUT parameter; any other gives one column,
        named for its one named OUT parameter (pg_check_frozen's t_ctid), else for the
        function, or for the table alias when only that is given
        (chooseScalarFunctionAlias)."""
        alias = alias_node.get("aliasname") if alias_node else func_expr.function_name
        column_aliases = [c["String"]["sval"] for c in (alias_node or {}).get("colnames", ())]
        if out_columns:
            names = [n for n, _ in out_columns]
            types = [t for _, t in out_columns]
        else:
            names = [_result_name(func_expr) or
                     (alias if alias_node else func_expr.function_name)]
            types = [func_expr.type_oid]
        if with_ordinality:
            names.append("ordinality")
            types.append(20)
        _check_alias_count(alias, len(names), column_aliases)
        for i, colalias in enumerate(column_aliases):
            names[i] = colalias
        rte = RangeTableEntry("function", alias, names, types, [-1] * len(types),
                              explicit_alias=bool(alias_node), function=func_expr,
                              with_ordinality=with_ordinality)
        return self._add(rte)

    def add_subquery(self, subquery, alias: str, column_aliases: list[str]):
        outputs = subquery.output_columns()
        names = [t.name for t in outputs]
        _check_alias_count(alias, len(names), column_aliases)
        for i, colalias in enumerate(column_aliases):
            names[i] = colalias
        rte = RangeTableEntry("subquery", alias, names,
                              [t.expr.type_oid for t in outputs],
                              [getattr(t.expr, "typmod", -1) for t in outputs],
                              subquery=subquery, explicit_alias=True)
        return self._add(rte)

    # -- column references ----------------------------------------------------------------------

    def make_var(self, rtindex: int, attnum: int, location=None) -> Var:
        rte = self.range_table[rtindex - 1]
        if attnum < 0:
            type_oid = next(t for (n, t) in SYSTEM_COLUMNS.values() if n == attnum)
            name = next(k for k, (n, _) in SYSTEM_COLUMNS.items() if n == attnum)
            if getattr(self, "expression_kind", None) == "MERGE WHEN conditions":
                raise PgError("42P10", f'cannot use system column "{name}" in MERGE WHEN '
                                       f'condition', position=self.position(location))
            return Var(rtindex, attnum, type_oid, -1, name, rte.alias,
                       location if location is not None else -1)
        return Var(rtindex, attnum, rte.column_types[attnum - 1],
                   rte.column_typmods[attnum - 1], rte.column_names[attnum - 1], rte.alias,
                   location if location is not None else -1)

    def _column_in_item(self, item: NamespaceItem, name: str, location,
                        system: bool = True) -> int | None:
        """attnum of `name` in this item, or None; 42702 if the item has it twice.
        System columns are found only when `system`."""
        rte = self.range_table[item.rtindex - 1]
        found = None
        for i, colname in enumerate(rte.column_names):
            if colname == name and not (rte.kind == "relation" and rte.relation.attributes[i].is_dropped):
                if found is not None:
                    raise PgError(AMBIGUOUS_COLUMN, f'column reference "{name}" is ambiguous',
                                  position=self.position(location))
                found = i + 1
        if found is None and system and rte.kind == "relation" and name in SYSTEM_COLUMNS \
                and rte.relation.relkind != "v":         # a view has no system columns
            found = SYSTEM_COLUMNS[name][0]
        return found

    def star_item_columns(self, qualifier: str, location) -> list:
        """The columns of `qualifier.*`: the FROM item of that name at this level, else
        at an enclosing one a subquery may see (a correlated or LATERAL subquery's
        `outer.*`: its Vars with levels_up > 0), as refnameNamespaceItem searches."""
        state, levels_up, skip = self, 0, False
        while state is not None:
            item = None if skip else state._named_item_here(qualifier, location)
            if item is not None:
                state._check_lateral_ok(item, location)
                from pgsnake.rewrite import tree_mapping
                return [tree_mapping.increment_levels_up(column, levels_up)
                        for column in state.item_columns(item)]
            # a FROM subquery does not see its own query's FROM items (resolve_column)
            skip = not state.sees_parent
            state, levels_up = state.parent, levels_up + 1
        # PostgreSQL also accepts the table's own name when it is unaliased only.
        from pgsnake.parser import lateral
        lateral.raise_missing_item(self, qualifier, location)     # (errorMissingRTE)
        raise PgError(UNDEFINED_TABLE, f'missing FROM-clause entry for table "{qualifier}"',
                      position=self.position(location))

    def _named_item_here(self, qualifier: str, location,
                         schema: str | None = None) -> NamespaceItem | None:
        """The FROM item called `qualifier` visible at this level, None if none; 42712
        when two are in reach. With `schema` (schema.table.column): only that schema's
        table, under its own name (refnameNamespaceItem matches the relation's OID)."""
        named = [i for i in self.namespace if i.visible and i.alias == qualifier and not (
            i.lateral_only and not self.lateral_active)]
        if schema is not None:
            named = [i for i in named if self._is_relation(i, schema, qualifier)]
        if len(named) > 1:
            # two FROM items of this name in reach (a JOIN alias hid neither from the
            # other: refnameNamespaceItem)
            raise PgError(AMBIGUOUS_ALIAS, f'table reference "{qualifier}" is ambiguous',
                          position=self.position(location))
        return named[0] if named else None

    def resolve_column(self, fields: list[str], location) -> Var:
        """The column `fields` names: in this query level's FROM items, else in an
        enclosing query's (a correlated subquery's outer reference: levels_up > 0; a
        FROM subquery cannot see the FROM items of its own query, only those further
        out). Not found anywhere: the error this level gives."""
        var = self._resolve_here(fields, location)
        if var is not None:
            return var
        state, levels_up = self, 0
        while state.parent is not None:
            skip = not state.sees_parent
            state, levels_up = state.parent, levels_up + 1
            if skip:
                continue
            var = state._resolve_here(fields, location)
            if isinstance(var, Var):
                return dataclasses.replace(var, levels_up=levels_up)
            if var is not None:             # a FULL join's merged column
                from pgsnake.rewrite import tree_mapping
                return tree_mapping.increment_levels_up(var, levels_up)
        if len(fields) == 1:
            raise PgError(UNDEFINED_COLUMN, f'column "{fields[0]}" does not exist',
                          hint=self._hidden_system_column_hint(fields[0]),
                          position=self.position(location))
        from pgsnake.parser import lateral
        lateral.raise_missing_item(self, fields[-2], location)
        raise PgError(UNDEFINED_COLUMN, f'column "{fields[-1]}" does not exist',
                      position=self.position(location))

    def _hidden_system_column_hint(self, name: str) -> str | None:
        """errorMissingColumn's hint for a system column of a JOIN member named
        unqualified: the first such table in reach."""
        if name not in SYSTEM_COLUMNS:
            return None
        state = self
        while state is not None:
            for item in state.namespace:
                if item.in_join and item.rtindex and item.visible:
                    rte = state.range_table[item.rtindex - 1]
                    if rte.kind == "relation" and rte.relation.relkind != "v":
                        return (f'There is a column named "{name}" in table "{item.alias}", '
                                f'but it cannot be referenced from this part of the query.')
            state = state.parent
        return None

    def _resolve_here(self, fields: list[str], location) -> Var | None:
        """The column in this level's FROM items; None if this level has no such column
        (unqualified) or no such FROM item (qualified)."""
        if len(fields) == 1:
            name = fields[0]
            matches = []
            for item in self.namespace:
                if not item.visible or name in item.hidden_columns or (
                        item.lateral_only and not self.lateral_active):
                    continue
                if item.merged_columns is not None:
                    if name in item.merged_columns:
                        matches.append((item, None))
                    continue
                if item.join_columns is not None:
                    found = self._join_column(item, name, location)
                    if found is not None:
                        matches.append((item, found))
                    continue
                attnum = self._column_in_item(item, name, location, system=not item.in_join)
                if attnum is not None:
                    matches.append((item, attnum))
            if len(matches) > 1:
                raise PgError(AMBIGUOUS_COLUMN, f'column reference "{name}" is ambiguous',
                              position=self.position(location))
            if not matches:
                return None
            item, attnum = matches[0]
            self._check_lateral_ok(item, location)
            if attnum is None:
                return item.merged_columns[name]
            if not isinstance(attnum, int):             # a JOIN alias's column
                return attnum
            return self.make_var(item.rtindex, attnum, location)
        qualifier, name = fields[-2], fields[-1]
        item = self._named_item_here(qualifier, location,
                                     schema=fields[-3] if len(fields) > 2 else None)
        if item is None:
            return None
        self._check_lateral_ok(item, location)
        if item.join_columns is not None:
            found = self._join_column(item, name, location)
            if found is None:
                raise PgError(UNDEFINED_COLUMN, f"column {qualifier}.{name} does not exist",
                              position=self.position(location))
            return found
        attnum = self._column_in_item(item, name, location)
        if attnum is None:
            raise PgError(UNDEFINED_COLUMN, f"column {qualifier}.{name} does not exist",
                          position=self.position(location))
        return self.make_var(item.rtindex, attnum, location)

    def _is_relation(self, item: NamespaceItem, schema: str, name: str) -> bool:
        """Whether the FROM item is the table `schema`.`name` itself."""
        from pgsnake.catalog import catalog_cache
        if item.join_columns is not None or item.merged_columns is not None:
            return False
        rte = self.range_table[item.rtindex - 1]
        if rte.kind != "relation":
            return False
        try:
            oid = catalog_cache.lookup_relation_oid(name, schema)
        except PgError:
            return False
        return oid is not None and rte.relation.oid == oid

    def _join_column(self, item: NamespaceItem, name: str, location):
        """The JOIN alias item's column `name`, None if it has none; 42702 if two."""
        found = [expr for expr in item.join_columns if expr.column_name == name]
        if len(found) > 1:
            raise PgError(AMBIGUOUS_COLUMN, f'column reference "{name}" is ambiguous',
                          position=self.position(location))
        return found[0] if found else None

    def _check_lateral_ok(self, item: NamespaceItem, location) -> None:
        if item.lateral_only and not item.lateral_ok:
            from pgsnake.parser import lateral
            lateral.raise_join_type_forbids(self, item, location)

    def item_columns(self, item: NamespaceItem) -> list[Var]:
        if item.join_columns is not None:
            return list(item.join_columns)
        rte = self.range_table[item.rtindex - 1]
        out = []
        for i, _ in enumerate(rte.column_names):
            if rte.kind == "relation" and rte.relation.attributes[i].is_dropped:
                continue
            out.append(self.make_var(item.rtindex, i + 1))
        return out


def _result_name(func_expr) -> str | None:
    """get_func_result_name: the name of a function's single OUT (or INOUT / TABLE)
    parameter, when it has one and it is named."""
    oid = getattr(func_expr, "function_oid", None)
    if not oid:
        return None
    from pgsnake.catalog.lookup_functions import proc_row
    row = proc_row(oid)
    if row is None or not row.proargmodes or not row.proargnames:
        return None
    outs = [name for mode, name in zip(row.proargmodes, row.proargnames)
            if mode in ("o", "b", "t")]
    return outs[0] if len(outs) == 1 and outs[0] else None
