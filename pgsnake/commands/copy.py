"""COPY: moving rows between a table (or a query) and the client or a server file.

Entry points:
    CopyStatement             the prepared COPY statement (registered for 'CopyStmt')
    set_client_channel(fn)    tcop registers how to reach the client: fn() -> a channel
                              with copy_in(binary, ncols) -> iterator of bytes,
                              copy_out_begin(binary, ncols), copy_out(data: bytes),
                              copy_out_end() (tcop/copy_protocol.py)

COPY FROM turns each input row into typed values (the column type's input or receive
function, its typmod applied) and hands them, as a generator, to the ordinary INSERT
path (executor/modify_table.run_modify_table with source_rows): defaults for the columns
not listed, identity and serial columns, NOT NULL and CHECK constraints, indexes, foreign
keys and WAL all work as for INSERT, and the whole COPY is one statement, so a bad row
leaves nothing behind. While rows are read, CopyProgress knows the line, and an error
gets PostgreSQL's CONTEXT ('COPY t, line 2, column b: "x"').

COPY TO runs a SELECT (of the table's columns, or the given query) through the executor
and streams each row, encoded, as it comes out of the plan.

Rules:
1. The checks run in PostgreSQL's order: file privileges, the relation (and its lock),
   the options, the column list, the FORCE_* columns, the file, FREEZE's prerequisites.
2. Server files need a superuser or the privileges of pg_read_server_files (COPY FROM) /
   pg_write_server_files (COPY TO); PROGRAM is refused with 0A000.
3. Errors after the last row was read (foreign keys, checked at the end of the
   statement) carry no COPY context, as in PostgreSQL.

PostgreSQL: commands/copy.c (DoCopy, CopyGetAttnums), commands/copyfrom.c (BeginCopyFrom,
CopyFrom, CopyFromErrorCallback), commands/copyto.c (BeginCopyTo, DoCopyTo).
"""
from __future__ import annotations

import os

from pgsnake.access.transam import pending_deletes, xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import relation_locks
from pgsnake.commands.copy_from_parse import (BAD_COPY_FILE_FORMAT, CopyProgress,
                                              binary_records, csv_records, decode_text,
                                              text_records)
from pgsnake.commands.copy_options import ALL_COLUMNS, parse_copy_options
from pgsnake.commands.copy_to_format import (BINARY_HEADER, BINARY_TRAILER, header_line,
                                             row_encoder)
from pgsnake.datatypes import registry
from pgsnake.executor import portal_query
from pgsnake.executor.expression_eval import ExecutorState
from pgsnake.executor.modify_table import run_modify_table
from pgsnake.parser import select_into
from pgsnake.parser.raw_parser import RawStatement, parse_sql
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import errors, interrupts, process_state
from pgsnake.utils.errors import PgError

FILE_CHUNK = 65536
OUTPUT_BATCH = 1000          # rows asked of the executor at a time by COPY TO

_client_channel = None


def _client():
    """The client's copy channel; none outside a client session (a server-internal
    caller such as SPI cannot talk to the client)."""
    if _client_channel is None:
        raise PgError(errors.FEATURE_NOT_SUPPORTED,
                      "COPY to or from the client is not possible here")
    return _client_channel()


def set_client_channel(factory) -> None:
    """tcop's hook (a higher layer): factory() gives the current client's copy channel."""
    global _client_channel
    _client_channel = factory


_COPY_HINT = "Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone."


class CopyStatement:
    """COPY prepared for execution; everything is checked when it runs (DoCopy)."""

    param_types: list = []
    columns = None

    def __init__(self, raw, param_types) -> None:
        self.raw = raw
        self.node = raw.node["CopyStmt"]
        self.is_from = bool(self.node.get("is_from"))
        self.command_kind = "COPY FROM" if self.is_from else "COPY"

    def _position(self, location):
        source = self.raw.source
        return source.position(location) if source is not None else None

    def execute(self, params):
        node = self.node
        filename = node.get("filename")
        is_program = bool(node.get("is_program"))
        if filename is not None:
            _check_file_privilege(self.is_from, is_program)
            if is_program:
                raise PgError(errors.FEATURE_NOT_SUPPORTED,
                              "COPY to or from an external program is not supported")
        if self.is_from:
            xact.prevent_command_if_read_only("COPY FROM")
            count = self._copy_from(filename)
        else:
            count = self._copy_to(filename)
        return portal_query.QueryResult(None, [], f"COPY {count}")

    # -- COPY FROM -------------------------------------------------------------------

    def _copy_from(self, filename: str | None) -> int:
        node = self.node
        relation = _open_relation(node["relation"], lock_modes.ROW_EXCLUSIVE, self._position)
        kind = relation.relkind
        from pgsnake.rewrite import instead_of_views
        if kind == "v" and instead_of_views.has_instead_trigger(relation, "INSERT"):
            kind = "r"              # its rows go through the trigger, as an INSERT's do
        opts = parse_copy_options(node.get("options"), True, self._position)
        attributes = _column_list(relation, node.get("attlist"))
        if kind not in ("r", "p"):          # a partitioned table routes its rows
            # (CopyFrom's check: the client has been asked for its data already, which
            # it sends and the server then ignores)
            if filename is None:
                next(_client().copy_in(opts.binary, len(attributes)), None)
            _refuse_copy_to(relation)
        _check_insert_privilege(relation, attributes)
        from pgsnake.rewrite import row_security
        if row_security.rls_enabled(relation.oid, row_security.current_user()):
            raise PgError(errors.FEATURE_NOT_SUPPORTED,
                          "COPY FROM not supported with row-level security",
                          hint="Use INSERT statements instead.")
        names = [a.name for a in attributes]
        force_not_null = _force_columns(opts.force_not_null, names, "FORCE_NOT_NULL")
        force_null = _force_columns(opts.force_null, names, "FORCE_NULL")
        source = None
        if filename is not None:
            source = _open_for_reading(filename)
        try:
            if opts.freeze:
                _check_freeze(relation)
            insert = _prepare_insert(relation, attributes)
            row_filter = _where_filter(self.raw, node, relation) \
                if node.get("whereClause") is not None else None
            if source is None:
                chunks = _client().copy_in(opts.binary, len(attributes))
            else:
                chunks = _file_chunks(source)
            progress = CopyProgress(relation.name, names, opts.binary)
            converters = _converters(attributes, opts.binary)
            if opts.binary:
                rows = _all_rows_read(binary_records(chunks, converters, progress), progress)
            else:
                if opts.csv:
                    records = csv_records(chunks, opts, len(attributes), progress,
                                          force_not_null, force_null)
                else:
                    records = text_records(chunks, opts, len(attributes), progress)
                rows = _all_rows_read(_typed_rows(records, converters, progress), progress)
            rows = _SourceRows(rows, progress)
            state = ExecutorState([], xact.get_transaction_snapshot())
            passed = None
            if relation.relkind == "v":
                # Every row handed to the INSTEAD OF trigger counts, as in CopyFrom,
                # whatever the trigger does with it.
                passed, where = [0], row_filter

                def row_filter(values, where=where, passed=passed) -> bool:
                    ok = where is None or where(values)
                    passed[0] += ok
                    return ok
            try:
                count, _ = run_modify_table(insert.plan, state, source_rows=rows,
                                            row_filter=row_filter)
                if passed is not None:
                    count = passed[0]
            except PgError as e:
                _add_context(e, progress)
                raise
            finally:
                rows.close()
            return count
        finally:
            if source is not None:
                source.close()

    # -- COPY TO ---------------------------------------------------------------------

    def _copy_to(self, filename: str | None) -> int:
        node = self.node
        if node.get("relation") is not None:
            relation = _open_relation(node["relation"], lock_modes.ACCESS_SHARE, self._position)
            if relation.relkind != "r":
                what = {"v": "view", "m": "materialized view", "S": "sequence",
                        "f": "foreign table", "p": "partitioned table"}.get(
                            relation.relkind, "non-table relation")
                hint = "Try the COPY (SELECT ...) TO variant." if relation.relkind in "vmfp" else None
                raise PgError(errors.WRONG_OBJECT_TYPE,
                              f'cannot copy from {what} "{relation.name}"', hint=hint)
            opts = parse_copy_options(node.get("options"), False, self._position)
            attributes = _column_list(relation, node.get("attlist"))
            names = [a.name for a in attributes]
            force_quote = _force_columns(opts.force_quote, names, "FORCE_QUOTE")
            sql = (f"SELECT {', '.join(cc.quote_identifier(n) for n in names) or ''} FROM ONLY "
                   f"{cc.quote_identifier(relation.namespace_name)}."
                   f"{cc.quote_identifier(relation.name)}")
            statement = portal_query.prepare_statement(parse_sql(sql)[0], [])
        else:
            query = node["query"]
            kind = next(iter(query))
            if kind == "MergeStmt":
                body = query["MergeStmt"]
                if body.get("returningList") or body.get("returningClause"):
                    # MERGE ... RETURNING (PostgreSQL 17): 15's grammar stops at RETURNING
                    import re
                    found = re.search(r"\b(returning)\b", self.raw.text, re.IGNORECASE)
                    raise PgError(errors.SYNTAX_ERROR, 'syntax error at or near '
                                  f'"{found.group(1) if found else "RETURNING"}"',
                                  position=found.start(1) + 1 if found else None)
                raise PgError(errors.FEATURE_NOT_SUPPORTED, "MERGE not supported in COPY")
            if kind == "SelectStmt" and select_into.statement_into(query["SelectStmt"]):
                # (PostgreSQL's analysis makes it a CREATE TABLE AS, which COPY refuses)
                raise PgError(errors.FEATURE_NOT_SUPPORTED, "COPY (SELECT INTO) is not supported")
            inner = RawStatement(query, self.raw.text, self.raw.location, kind, self.raw.source)
            statement = portal_query.prepare_statement(inner, [])
            if statement.columns is None:
                raise PgError(errors.FEATURE_NOT_SUPPORTED,
                              "COPY query must have a RETURNING clause")
            opts = parse_copy_options(node.get("options"), False, self._position)
            names = [c.name for c in statement.columns]
            if opts.force_quote not in (None, ALL_COLUMNS):
                for name in opts.force_quote:
                    if name not in names:
                        raise PgError(errors.UNDEFINED_COLUMN, f'column "{name}" does not exist')
            force_quote = _force_columns(opts.force_quote, names, "FORCE_QUOTE")
        columns = statement.columns or []
        flags = [i in force_quote for i in range(len(columns))]
        encode = row_encoder(opts, [c.type_oid for c in columns], flags)
        if filename is None:
            channel = _client()
            channel.copy_out_begin(opts.binary, len(columns))
            write = channel.copy_out
        else:
            target = _open_for_writing(filename)
            write = _buffered_writer(target)
        try:
            # The binary header goes out with the first row (or the trailer), in one
            # CopyData, as PostgreSQL's CopyTo buffers it; a text HEADER is its own line.
            prefix = BINARY_HEADER if opts.binary else b""
            if opts.header and not opts.binary:
                write(header_line(opts, [c.name for c in columns]))
            count = 0
            execution = statement.start([])
            try:
                while True:
                    rows, at_end = execution.fetch(OUTPUT_BATCH)
                    if rows and prefix:
                        write(prefix + encode(rows[0]))
                        prefix = b""
                        rows = rows[1:]
                        count += 1
                    for row in rows:
                        write(encode(row))
                    count += len(rows)
                    if at_end:
                        break
                    interrupts.check_for_interrupts()
            finally:
                execution.close()
            if opts.binary:
                write(prefix + BINARY_TRAILER)
        finally:
            if filename is not None:
                write(None)
                target.close()
        if filename is None:
            channel.copy_out_end()
        return count


# -- the pieces ---------------------------------------------------------------------------

# The predefined roles that open server files and programs to non-superusers.
PG_READ_SERVER_FILES, PG_WRITE_SERVER_FILES, PG_EXECUTE_SERVER_PROGRAM = 4569, 4570, 4571


def _check_file_privilege(is_from: bool, is_program: bool) -> None:
    from pgsnake.catalog import acl
    needed = (PG_EXECUTE_SERVER_PROGRAM if is_program
              else PG_READ_SERVER_FILES if is_from else PG_WRITE_SERVER_FILES)
    if process_state.is_superuser or acl.has_privs_of_role(process_state.user_oid, needed):
        return
    if is_program:
        message = ("must be superuser or have privileges of the pg_execute_server_program "
                   "role to COPY to or from an external program")
    elif is_from:
        message = ("must be superuser or have privileges of the pg_read_server_files role "
                   "to COPY from a file")
    else:
        message = ("must be superuser or have privileges of the pg_write_server_files role "
                   "to COPY to a file")
    raise PgError(errors.INSUFFICIENT_PRIVILEGE, message, hint=_COPY_HINT)


def _check_insert_privilege(relation, attributes) -> None:
    """COPY FROM needs INSERT on the table or on every column it fills (DoCopy)."""
    from pgsnake.executor import permission_checks
    from pgsnake.parser.permission_info import ACL_INSERT, Requirement
    permission_checks.check_permissions([Requirement(
        relation.oid, ACL_INSERT, frozenset(), frozenset(a.attnum for a in attributes),
        frozenset(), 0)])


def _open_relation(range_var: dict, mode: int, position):
    name, schema = range_var["relname"], range_var.get("schemaname")
    if schema is not None and cc.get_namespace_oid(schema) is None:
        raise PgError(errors.INVALID_SCHEMA_NAME, f'schema "{schema}" does not exist')
    oid = relation_locks.open_relation_oid(name, schema, mode)
    if oid is None:
        shown = f"{schema}.{name}" if schema else name
        raise PgError(errors.UNDEFINED_TABLE, f'relation "{shown}" does not exist')
    relation = cc.get_relation(oid)
    wrong = {"i": "an index", "I": "an index", "c": "a composite type"}.get(relation.relkind)
    if wrong is not None:                   # table_openrv's refusal
        raise PgError(errors.WRONG_OBJECT_TYPE, f'"{relation.name}" is {wrong}')
    return relation


def _column_list(relation, attlist) -> list:
    """CopyGetAttnums: the named columns, or every live column but the generated ones
    (a generated column is never read or written by COPY: it is computed)."""
    live = [a for a in relation.attributes if not a.is_dropped]
    if not attlist:
        return [a for a in live if not a.generated]
    by_name = {a.name: a for a in live}
    chosen = []
    for item in attlist:
        name = item["String"]["sval"]
        attribute = by_name.get(name)
        if attribute is None:
            raise PgError(errors.UNDEFINED_COLUMN,
                          f'column "{name}" of relation "{relation.name}" does not exist')
        if attribute.generated:
            raise PgError(errors.INVALID_COLUMN_REFERENCE,
                          f'column "{name}" is a generated column',
                          detail="Generated columns cannot be used in COPY.")
        if attribute in chosen:
            raise PgError(errors.DUPLICATE_COLUMN, f'column "{name}" specified more than once')
        chosen.append(attribute)
    return chosen


def _force_columns(option, names: list[str], label: str) -> set[int]:
    """Positions (in the COPY's column list) of a FORCE_* option's columns."""
    if option is None:
        return set()
    if option == ALL_COLUMNS:
        return set(range(len(names)))
    out = set()
    for name in option:
        if name not in names:
            raise PgError(errors.INVALID_COLUMN_REFERENCE,
                          f'{label} column "{name}" not referenced by COPY')
        out.add(names.index(name))
    return out


def _check_freeze(relation) -> None:
    """FREEZE needs a table whose storage this subtransaction created (CREATE TABLE or
    TRUNCATE in it): nobody else can see the rows before it commits."""
    if not pending_deletes.created_in_current_subtransaction(relation.locator):
        raise PgError(errors.OBJECT_NOT_IN_PREREQUISITE_STATE,
                      "cannot perform COPY FREEZE because the table was not created or "
                      "truncated in the current subtransaction")


def _refuse_copy_to(relation) -> None:
    what = {"v": "view", "m": "materialized view", "S": "sequence",
            "f": "foreign table"}.get(relation.relkind)
    if what == "view":
        raise PgError(errors.WRONG_OBJECT_TYPE, f'cannot copy to view "{relation.name}"',
                      hint="To enable copying to a view, provide an INSTEAD OF INSERT trigger.")
    if what is not None:
        raise PgError(errors.WRONG_OBJECT_TYPE, f'cannot copy to {what} "{relation.name}"')
    raise PgError(errors.WRONG_OBJECT_TYPE,
                  f'cannot copy to non-table relation "{relation.name}"')


def _prepare_insert(relation, attributes):
    """The INSERT that COPY's rows go through: one $n per listed column, each already
    of the column's type, in the COPY's column order (the plan's source row)."""
    table = f"{cc.quote_identifier(relation.namespace_name)}.{cc.quote_identifier(relation.name)}"
    columns = ", ".join(cc.quote_identifier(a.name) for a in attributes)
    if attributes:
        values = ", ".join(f"${i + 1}" for i in range(len(attributes)))
        sql = f"INSERT INTO {table} ({columns}) OVERRIDING SYSTEM VALUE VALUES ({values})"
    else:
        sql = f"INSERT INTO {table} DEFAULT VALUES"
    return portal_query.prepare_statement(parse_sql(sql)[0], [a.type_oid for a in attributes])


def _where_filter(raw, node, relation):
    """COPY FROM ... WHERE: the condition as a one-row SELECT over the new row's values
    (every column, defaults filled in, as PostgreSQL's CopyFrom sees them), built from
    the statement's own nodes so that error positions point into it. Returns
    row_filter(values) for run_modify_table."""
    live = [i for i, a in enumerate(relation.attributes) if not a.is_dropped]
    attributes = [relation.attributes[i] for i in live]
    # What the condition may contain, checked as PostgreSQL checks its
    # EXPR_KIND_COPY_WHERE (no aggregates, window functions, set-returning functions or
    # subqueries), before the SELECT that evaluates it is built.
    from pgsnake.parser import constraint_expressions
    from pgsnake.parser.analyze import transform_where
    transform_where(constraint_expressions.table_parse_state(
        relation, raw.source, "COPY FROM WHERE conditions"), node["whereClause"], "WHERE")
    values = {"SelectStmt": {"valuesLists": [{"List": {"items": [
        {"ParamRef": {"number": i + 1, "location": -1}} for i in range(len(attributes))]}}],
        "limitOption": "LIMIT_OPTION_DEFAULT", "op": "SETOP_NONE"}}
    alias = {"aliasname": relation.name,
             "colnames": [{"String": {"sval": a.name}} for a in attributes]}
    select = {"SelectStmt": {
        "targetList": [{"ResTarget": {"val": node["whereClause"], "location": -1}}],
        "fromClause": [{"RangeSubselect": {"subquery": values, "alias": alias}}],
        "limitOption": "LIMIT_OPTION_DEFAULT", "op": "SETOP_NONE"}}
    inner = RawStatement(select, raw.text, raw.location, "SelectStmt", raw.source)
    condition = portal_query.prepare_statement(inner, [a.type_oid for a in attributes])

    def row_filter(row_values) -> bool:
        result = condition.execute([row_values[i] for i in live])
        return bool(result.rows) and result.rows[0][0] is True
    return row_filter


# character(n) and character varying(n): input(text, typmod) is input then the typmod's
# assignment rules (datatypes/character.py), one call instead of two.
_INPUT_APPLIES_TYPMOD = frozenset((registry.BPCHAR, registry.VARCHAR))


def _converters(attributes, binary: bool) -> list:
    out = []
    for attribute in attributes:
        info = registry.get_type(attribute.type_oid)
        oid, typmod = attribute.type_oid, attribute.typmod
        if binary:
            out.append(_binary_converter(info.receive, oid, typmod))
        elif typmod >= 0 and oid in _INPUT_APPLIES_TYPMOD:
            # Its input function applies the typmod itself, as PostgreSQL's do.
            out.append(lambda text, _in=info.input, _mod=typmod: _in(text, _mod))
        elif typmod >= 0:
            out.append(lambda text, _in=info.input, _oid=oid, _mod=typmod:
                       registry.apply_typmod(_oid, _in(text), _mod))
        else:
            out.append(info.input)
    return out


def _binary_converter(receive, oid: int, typmod: int):
    def convert(data: bytes):
        try:
            value = receive(data)
        except PgError as e:
            if e.message == "insufficient data left in message":
                # The field's StringInfo ran out (pq_getmsg*): PostgreSQL's 08P01.
                raise PgError(errors.PROTOCOL_VIOLATION, e.message) from None
            raise
        except UnicodeDecodeError:
            decode_text(data)            # raises PostgreSQL's 22021 for the bad bytes
            raise PgError("22P03", "incorrect binary data format") from None
        except Exception:
            raise PgError("22P03", "incorrect binary data format") from None
        if isinstance(value, str) and "\x00" in value:
            decode_text(data)            # a NUL is an invalid byte sequence too
        if typmod >= 0:
            return registry.apply_typmod(oid, value, typmod)
        return value
    return convert


def _typed_rows(records, converters: list, progress: CopyProgress):
    """Raw text fields -> column values, column by column as NextCopyFrom converts them:
    a row with too few fields fails at its first missing column, after the ones before
    it were converted. A conversion error is raised again column by column to find which
    column it was, for the CONTEXT line; the fast path pays nothing for that."""
    names = progress.column_names
    ncols = len(converters)
    pairs = list(zip(converters, range(ncols)))
    try:
        for fields in records:
            if len(fields) == ncols:
                try:
                    yield [None if fields[i] is None else convert(fields[i])
                           for convert, i in pairs]
                    continue
                except PgError:
                    pass                     # find the column, below
            for name, field, convert in zip(names, fields, converters):
                progress.column, progress.value = name, field
                if field is not None:
                    convert(field)
            progress.column = None
            raise PgError(BAD_COPY_FILE_FORMAT, f'missing data for column "{names[len(fields)]}"')
    finally:
        records.close()


def _all_rows_read(rows, progress: CopyProgress):
    """The rows; once the last is read, errors are no longer the input's (rule 3).
    Interrupts are checked every 1024 lines."""
    try:
        for row in rows:
            yield row
            if progress.lineno % 1024 == 0:
                interrupts.check_for_interrupts()
        progress.done = True
    finally:
        rows.close()


class _SourceRows:
    """COPY's typed rows for run_modify_table, able to say which input line a row came
    from (executor/multi_insert.py replays those lines while it inserts the index
    entries of buffered rows, so that an error there names the row's line, without its
    text, as PostgreSQL's CopyMultiInsertBufferFlush does)."""

    __slots__ = ("rows", "progress", "saved")

    def __init__(self, rows, progress: CopyProgress) -> None:
        self.rows = rows
        self.progress = progress
        self.saved = None

    def __iter__(self):
        return self

    def __next__(self):
        return next(self.rows)

    def close(self) -> None:
        self.rows.close()

    def position(self) -> int:
        return self.progress.lineno

    def at_row(self, lineno: int | None) -> None:
        progress = self.progress
        if lineno is None:
            if self.saved is not None:
                progress.lineno, progress.line, progress.done = self.saved
                self.saved = None
            return
        if self.saved is None:
            self.saved = (progress.lineno, progress.line, progress.done)
        progress.lineno, progress.line, progress.done = lineno, None, False
        progress.column = None


def _add_context(e: PgError, progress: CopyProgress) -> None:
    context = progress.context(e.sqlstate)
    if context is None:
        return
    e.context = f"{e.context}\n{context}" if e.context else context


# -- server files -------------------------------------------------------------------------

def _open_for_reading(filename: str):
    try:
        if os.path.isdir(filename):
            raise PgError(errors.WRONG_OBJECT_TYPE, f'"{filename}" is a directory')
        return open(filename, "rb")
    except OSError as e:
        raise errors.file_access_error(
            e, f'could not open file "{filename}" for reading',
            hint="COPY FROM instructs the PostgreSQL server process to read a file. You may "
                 "want a client-side facility such as psql's \\copy.") from None


def _open_for_writing(filename: str):
    if not os.path.isabs(filename):
        raise PgError(errors.INVALID_NAME, "relative path not allowed for COPY to file")
    old_mask = os.umask(0o022)
    try:
        return open(filename, "wb")
    except OSError as e:
        raise errors.file_access_error(
            e, f'could not open file "{filename}" for writing',
            hint="COPY TO instructs the PostgreSQL server process to write a file. You may "
                 "want a client-side facility such as psql's \\copy.") from None
    finally:
        os.umask(old_mask)


def _file_chunks(source):
    while True:
        chunk = source.read(FILE_CHUNK)
        if not chunk:
            return
        yield chunk


def _buffered_writer(target):
    """write(data) collects; write(None) flushes what is left."""
    parts: list[bytes] = []
    size = 0

    def write(data):
        nonlocal size
        if data is None or size >= FILE_CHUNK:
            try:
                target.write(b"".join(parts))
            except OSError as e:
                raise errors.file_access_error(e, "could not write to COPY file") from None
            parts.clear()
            size = 0
            if data is None:
                return
        parts.append(data)
        size += len(data)
    return write


portal_query.register_utility("CopyStmt", CopyStatement)
