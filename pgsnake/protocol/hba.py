"""pg_hba.conf: parse the file into rules, and find the first rule that matches a
connection.

Entry points:
    load_hba(path) -> HbaFile          PgError F0000 (with the line) on a bad line
    parse_hba(text, path="pg_hba.conf") -> HbaFile
    HbaFile.match(conn_type, database, user, address, *, replication=False, ssl=False,
                  is_member=None) -> method | None
    HbaFile.match_rule(...) -> HbaRule | None     (the rule itself, with its options)
    HbaFile.rules                                  (pg_hba_file_rules)

Rules:
 1. The first matching line decides; later lines are never consulted, even if the first
    one's method then fails. No line matching means the connection is refused.
 2. 'local' lines match only Unix-socket connections; 'host' lines match TCP with or
    without SSL, 'hostssl' only with, 'hostnossl' only without; 'hostgssenc' never
    matches (no GSSAPI encryption here) and 'hostnogssenc' matches any TCP connection.
 3. In the database field 'all' matches every database but not a replication
    connection; 'replication' matches only replication connections; 'sameuser' matches
    a database named like the user; 'samerole' a database named like a role the user is
    a member of.
 4. In the user field '+name' means members of role name. Membership comes from the
    caller's `is_member(user, role)`; without one, a role is only a member of itself.
 5. Addresses are 'all', CIDR ('10.0.0.0/8'), address + mask in two fields, 'samehost',
    'samenet', or a host name (reverse lookup of the client, confirmed forwards).
    An IPv4-mapped IPv6 client address is compared as IPv4.
 6. Tokens may be double-quoted; a quoted keyword is an ordinary name ("all" is the
    database called all). '@file' includes names from a file beside pg_hba.conf.

PostgreSQL: libpq/hba.c (load_hba, parse_hba_line, check_hba, check_db, check_role,
check_ip, check_hostname, next_token), utils/misc/conffiles.c.
"""
from __future__ import annotations

import dataclasses
import ipaddress
import os
from typing import Callable

from pgsnake.protocol.connection import host_addresses, host_name_addresses, reverse_lookup
from pgsnake.utils.errors import PgError

CONFIG_FILE_ERROR = "F0000"
CONNECTION_TYPES = ("local", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc")
METHODS = ("trust", "reject", "md5", "password", "scram-sha-256", "peer",
           "ident", "gss", "sspi", "pam", "ldap", "radius", "cert")
SUPPORTED_METHODS = ("trust", "reject", "md5", "password", "scram-sha-256", "peer")


@dataclasses.dataclass(frozen=True, slots=True)
class Token:
    text: str
    quoted: bool = False

    def is_keyword(self, word: str) -> bool:
        return not self.quoted and self.text == word


@dataclasses.dataclass(frozen=True, slots=True)
class HbaRule:
    line_number: int
    conn_type: str
    databases: tuple[Token, ...]
    users: tuple[Token, ...]
    address: str | None            # 'all', 'samehost', 'samenet', a host name, or None
    network: ipaddress.IPv4Network | ipaddress.IPv6Network | None
    method: str
    options: dict[str, str]
    raw_line: str


def _error(message: str, line_number: int, path: str) -> PgError:
    return PgError(CONFIG_FILE_ERROR, message,
                   detail=f'line {line_number} of configuration file "{path}"')


def _split_fields(line: str, line_number: int, path: str) -> list[list[Token]]:
    """Fields separated by blanks; each field a comma list of tokens (rule 6)."""
    fields: list[list[Token]] = []
    i, n = 0, len(line)
    while i < n:
        while i < n and line[i] in " \t\r":
            i += 1
        if i >= n or line[i] == "#":
            break
        field: list[Token] = []
        while True:
            text, quoted = [], False
            in_quote = False
            while i < n:
                c = line[i]
                if in_quote:
                    if c == '"':
                        # "" inside quotes is a literal quote
                        if i + 1 < n and line[i + 1] == '"':
                            text.append('"')
                            i += 2
                            continue
                        in_quote = False
                    else:
                        text.append(c)
                    i += 1
                    continue
                if c in " \t\r," or c == "#":
                    break
                if c == '"':
                    in_quote = quoted = True
                else:
                    text.append(c)
                i += 1
            # An unterminated quote simply runs to the end of the line, as in PostgreSQL.
            field.append(Token("".join(text), quoted))
            if i < n and line[i] == ",":
                i += 1
                continue
            break
        fields.append(field)
    return fields


def _expand_includes(tokens: list[Token], base_dir: str, line_number: int,
                     path: str) -> tuple[Token, ...]:
    out: list[Token] = []
    for token in tokens:
        if not token.quoted and token.text.startswith("@") and len(token.text) > 1:
            name = token.text[1:]
            include = name if os.path.isabs(name) else os.path.join(base_dir, name)
            try:
                with open(include, encoding="utf-8") as f:
                    content = f.read()
            except OSError as e:
                raise _error(f'could not open secondary authentication file "@{name}" as '
                             f'"{include}": {e.strerror}', line_number, path) from None
            for sub_number, sub_line in enumerate(content.splitlines(), 1):
                for field in _split_fields(sub_line, sub_number, include):
                    out.extend(field)
        else:
            out.append(token)
    return tuple(out)


def _single(field: list[Token], what: str, line_number: int, path: str) -> Token:
    if len(field) != 1:
        raise _error(f"multiple values specified for {what}", line_number, path)
    return field[0]


def _parse_address(fields: list[list[Token]], line_number: int, path: str):
    """Consume the address (and maybe mask) fields; return (address, network, rest)."""
    if not fields:
        raise _error("end-of-line before IP address specification", line_number, path)
    token = _single(fields[0], "host address", line_number, path)
    text = token.text
    rest = fields[1:]
    if not token.quoted and text in ("all", "samehost", "samenet"):
        return text, None, rest
    if "/" in text:
        try:
            network = ipaddress.ip_network(text, strict=False)
        except ValueError:
            raise _error(f'invalid IP address "{text.split("/")[0]}"'
                         if not _is_ip(text.split("/")[0])
                         else f'invalid CIDR mask in address "{text}"',
                         line_number, path) from None
        return None, network, rest
    if _is_ip(text):
        # Rule 5: an address without /N needs a mask in the next field.
        if not rest:
            raise _error("end-of-line before netmask specification", line_number, path)
        mask_token = _single(rest[0], "netmask", line_number, path)
        try:
            network = ipaddress.ip_network(f"{text}/{mask_token.text}", strict=False)
        except ValueError:
            # PostgreSQL resolves the mask with getaddrinfo and quotes its complaint.
            raise _error(f'invalid IP mask "{mask_token.text}": Name or service not known',
                         line_number, path) from None
        return None, network, rest[1:]
    return text.lower(), None, rest          # a host name


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


def _parse_line(line: str, line_number: int, path: str) -> HbaRule | None:
    fields = _split_fields(line, line_number, path)
    if not fields:
        return None
    conn_token = _single(fields[0], "connection type", line_number, path)
    conn_type = conn_token.text
    if conn_type not in CONNECTION_TYPES:
        raise _error(f'invalid connection type "{conn_type}"', line_number, path)
    if len(fields) < 2:
        raise _error("end-of-line before database specification", line_number, path)
    base_dir = os.path.dirname(path)
    databases = _expand_includes(fields[1], base_dir, line_number, path)
    if len(fields) < 3:
        raise _error("end-of-line before role specification", line_number, path)
    users = _expand_includes(fields[2], base_dir, line_number, path)
    rest = fields[3:]
    address, network = None, None
    if conn_type != "local":
        address, network, rest = _parse_address(rest, line_number, path)
    if not rest:
        raise _error("end-of-line before authentication method", line_number, path)
    method = _single(rest[0], "authentication type", line_number, path).text
    if method not in METHODS:
        raise _error(f'invalid authentication method "{method}"', line_number, path)
    if method == "peer" and conn_type != "local":
        raise _error("peer authentication is only supported on local sockets",
                     line_number, path)
    options: dict[str, str] = {}
    for field in rest[1:]:
        for token in field:
            name, eq, value = token.text.partition("=")
            if not eq:
                raise _error(f'authentication option not in name=value format: {token.text}',
                             line_number, path)
            options[name] = value
    return HbaRule(line_number, conn_type, databases, users, address, network, method,
                   options, line.strip())


def parse_line(line: str, line_number: int, path: str) -> HbaRule | None:
    """One line's rule (None for a blank or comment line); PgError F0000 if it is bad
    (pg_hba_file_rules reports each line on its own)."""
    return _parse_line(line, line_number, path)


def split_fields(line: str, line_number: int, path: str) -> list[list[Token]]:
    """A line's fields, each a list of tokens (pg_ident.conf has the same syntax)."""
    return _split_fields(line, line_number, path)


def parse_hba(text: str, path: str = "pg_hba.conf") -> "HbaFile":
    rules = []
    for line_number, line in enumerate(text.splitlines(), 1):
        rule = _parse_line(line, line_number, path)
        if rule is not None:
            rules.append(rule)
    return HbaFile(rules)


def load_hba(path: str) -> "HbaFile":
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise PgError(CONFIG_FILE_ERROR, f'could not open configuration file "{path}": '
                      f'{e.strerror}', severity="FATAL") from None
    return parse_hba(text, path)


# ---------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------

MemberCheck = Callable[[str, str], bool]


def _self_only(user: str, role: str) -> bool:
    return user == role


def _role_matches(users: tuple[Token, ...], user: str, is_member: MemberCheck) -> bool:
    for token in users:
        if not token.quoted and token.text.startswith("+"):
            if is_member(user, token.text[1:]):                 # rule 4
                return True
        elif token.is_keyword("all") or token.text == user:
            return True
    return False


def _database_matches(databases: tuple[Token, ...], database: str, user: str,
                      replication: bool, is_member: MemberCheck) -> bool:
    for token in databases:                                      # rule 3
        if replication:
            if token.is_keyword("replication"):
                return True
            continue
        if token.is_keyword("all"):
            return True
        if token.is_keyword("sameuser"):
            if database == user:
                return True
        elif token.is_keyword("samerole") or token.is_keyword("samegroup"):
            if is_member(user, database):
                return True
        elif token.is_keyword("replication"):
            continue
        elif token.text == database:
            return True
    return False


def _normalize(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _local_networks() -> list:
    """This host's own addresses as networks: /32 (/128) for samehost, and the
    conventional /24 (/64) around each for samenet (we cannot read interface masks
    portably)."""
    found = {ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")}
    for text in host_addresses():
        ip = _normalize(text)
        if ip is not None:
            found.add(ip)
    return sorted(found, key=str)


def _address_matches(rule: HbaRule, address: str) -> bool:
    ip = _normalize(address)
    if rule.address == "all":
        return True
    if rule.network is not None:
        return ip is not None and ip.version == rule.network.version and ip in rule.network
    if ip is None:
        return False
    if rule.address == "samehost":
        return ip in _local_networks()
    if rule.address == "samenet":
        for own in _local_networks():
            if own.version == ip.version:
                prefix = (8 if own.is_loopback else 24) if own.version == 4 else \
                    (128 if own.is_loopback else 64)
                if ip in ipaddress.ip_network(f"{own}/{prefix}", strict=False):
                    return True
        return False
    return _hostname_matches(rule.address, address, ip)


def _hostname_matches(pattern: str, address: str, ip) -> bool:
    name = reverse_lookup(address)
    if name is None:
        return False
    name = name.lower()
    if pattern.startswith("."):
        if not name.endswith(pattern):
            return False
    elif name != pattern:
        return False
    # Forward-confirm, so a forged reverse entry is not enough.
    return any(_normalize(text) == ip for text in host_name_addresses(name))


@dataclasses.dataclass
class HbaFile:
    rules: list[HbaRule]

    def match_rule(self, conn_type: str, database: str, user: str, address: str | None,
                   *, replication: bool = False, ssl: bool = False,
                   is_member: MemberCheck | None = None) -> HbaRule | None:
        """conn_type 'local' (Unix socket) or 'host' (TCP); address the client's IP
        (ignored for 'local'). Rule 1: the first match wins."""
        if conn_type == "hostssl":
            conn_type, ssl = "host", True
        is_member = is_member or _self_only
        for rule in self.rules:
            if conn_type == "local":
                if rule.conn_type != "local":
                    continue
            else:
                if rule.conn_type == "local":                    # rule 2
                    continue
                if rule.conn_type == "hostssl" and not ssl:
                    continue
                if rule.conn_type == "hostnossl" and ssl:
                    continue
                if rule.conn_type == "hostgssenc":
                    continue
                if address is None or not _address_matches(rule, address):
                    continue
            if not _database_matches(rule.databases, database, user, replication, is_member):
                continue
            if not _role_matches(rule.users, user, is_member):
                continue
            return rule
        return None

    def match(self, conn_type: str, database: str, user: str, address: str | None,
              *, replication: bool = False, ssl: bool = False,
              is_member: MemberCheck | None = None) -> str | None:
        rule = self.match_rule(conn_type, database, user, address, replication=replication,
                               ssl=ssl, is_member=is_member)
        return rule.method if rule is not None else None
