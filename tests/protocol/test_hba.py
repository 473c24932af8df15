# Proves pg_hba.conf parsing and first-match-wins matching: connection types, database
# and role keywords, +group, @file, quoting, CIDR and address+mask forms, IPv6 and
# IPv4-mapped addresses, replication, options, and errors that name the bad line (texts
# checked against PostgreSQL 15's pg_hba_file_rules.error).
from __future__ import annotations

import pytest

from pgsnake.protocol.hba import load_hba, parse_hba
from pgsnake.utils.errors import PgError

CONF = """\
# TYPE  DATABASE        USER            ADDRESS                 METHOD
local   all             postgres                                peer
local   sameuser        all                                     trust
local   all             all                                     scram-sha-256
host    shop            +staff          10.0.0.0/8              md5
host    "all"           bob             192.168.1.0 255.255.255.0  password
hostssl all             all             0.0.0.0/0               scram-sha-256
hostnossl all           eve             all                     reject
host    all             all             127.0.0.1/32            trust   # loopback
host    all             all             ::1/128                 trust
host    replication     repl            all                     md5
host    samerole        all             172.16.0.0/12           scram-sha-256 clientcert=verify-ca
"""


@pytest.fixture
def hba():
    return parse_hba(CONF)


def test_local_lines(hba):
    assert hba.match("local", "db", "postgres", None) == "peer"
    assert hba.match("local", "alice", "alice", None) == "trust"      # sameuser
    assert hba.match("local", "db", "alice", None) == "scram-sha-256"


def test_group_membership(hba):
    staff = {("carol", "staff")}
    member = lambda user, role: user == role or (user, role) in staff
    assert hba.match("host", "shop", "carol", "10.1.2.3", is_member=member) == "md5"
    # Not a member: falls through to the lines below, none of which match 10.x.
    assert hba.match("host", "shop", "dave", "10.1.2.3", is_member=member) is None
    # Without a membership callback a role is a member only of itself.
    assert hba.match("host", "shop", "staff", "10.1.2.3") == "md5"


def test_quoted_keyword_is_a_name(hba):
    assert hba.match("host", "all", "bob", "192.168.1.7") == "password"
    assert hba.match("host", "other", "bob", "192.168.1.7") is None


def test_ssl_and_first_match_wins(hba):
    assert hba.match("host", "db", "eve", "8.8.8.8", ssl=True) == "scram-sha-256"
    assert hba.match("hostssl", "db", "eve", "8.8.8.8") == "scram-sha-256"
    assert hba.match("host", "db", "eve", "8.8.8.8") == "reject"
    assert hba.match("host", "db", "zed", "8.8.8.8") is None


def test_ipv6_and_mapped(hba):
    assert hba.match("host", "db", "x", "::1") == "trust"
    assert hba.match("host", "db", "x", "::ffff:127.0.0.1") == "trust"
    assert hba.match("host", "db", "x", "127.0.0.2") is None
    assert hba.match("host", "db", "x", "fe80::1%eth0") is None


def test_replication(hba):
    assert hba.match("host", "anything", "repl", "8.8.8.8", replication=True) == "md5"
    # 'all' does not cover replication connections, so loopback's trust does not apply.
    assert hba.match("host", "x", "alice", "127.0.0.1", replication=True) is None
    assert hba.match("host", "replication", "repl", "8.8.8.8") is None


def test_samerole_and_options(hba):
    member = lambda user, role: (user, role) == ("ann", "sales")
    rule = hba.match_rule("host", "sales", "ann", "172.16.5.5", is_member=member)
    assert rule.method == "scram-sha-256" and rule.line_number == 12
    assert rule.options == {"clientcert": "verify-ca"}
    assert hba.match("host", "sales", "bo", "172.16.5.5", is_member=member) is None


def test_at_file_include(tmp_path):
    (tmp_path / "admins").write_text("alice, bob\n# comment\ncarol\n")
    path = tmp_path / "pg_hba.conf"
    path.write_text("host all @admins 0.0.0.0/0 md5\n")
    hba = load_hba(str(path))
    assert hba.match("host", "db", "carol", "1.2.3.4") == "md5"
    assert hba.match("host", "db", "dave", "1.2.3.4") is None


def test_samehost_matches_loopback():
    hba = parse_hba("host all all samehost trust\n")
    assert hba.match("host", "d", "u", "127.0.0.1") == "trust"
    assert hba.match("host", "d", "u", "203.0.113.9") is None


@pytest.mark.parametrize("line, message", [
    ("hots all all 1.2.3.4/32 trust", 'invalid connection type "hots"'),
    ("host all all 1.2.3.4/32 magic", 'invalid authentication method "magic"'),
    ("host all all", "end-of-line before IP address specification"),
    ("host all all 1.2.3.4", "end-of-line before netmask specification"),
    ("host all all 1.2.3.4/32", "end-of-line before authentication method"),
    ("local all", "end-of-line before role specification"),
    ('local "all all trust', "end-of-line before role specification"),
    ("host all all 1.2.3.4 255.0.x.0 trust",
     'invalid IP mask "255.0.x.0": Name or service not known'),
    ("host all all 10.0.0.0/33 trust", 'invalid CIDR mask in address "10.0.0.0/33"'),
    ("host all all 10.0.0.0/8 trust foo", "authentication option not in name=value format: foo"),
    ("host all all 10.0.0.0/8 peer", "peer authentication is only supported on local sockets"),
])
def test_errors_name_the_line(line, message):
    with pytest.raises(PgError) as info:
        parse_hba("# first\n" + line + "\n", "/data/pg_hba.conf")
    assert info.value.sqlstate == "F0000"
    assert info.value.message == message
    assert info.value.detail == 'line 2 of configuration file "/data/pg_hba.conf"'


def test_missing_file(tmp_path):
    with pytest.raises(PgError) as info:
        load_hba(str(tmp_path / "nope"))
    assert info.value.sqlstate == "F0000"
