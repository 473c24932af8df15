# The startup packet's options are split and scanned as PostgreSQL's pg_split_opts and
# process_postgres_switches do (the system test tests/system/test_startup_errors.py
# compares the FATALs with the real server's); here: the splitting rules and the order
# in which switches are applied.
import pytest

from pgsnake.tcop.startup_options import apply_options, split_options
from pgsnake.utils.errors import PgError


@pytest.mark.parametrize("text,words", [
    ("", []),
    ("  -c  a=1  ", ["-c", "a=1"]),
    ("-c 'x", ["-c", "'x"]),                    # quotes are ordinary characters
    ("-c a\\ b=1", ["-c", "a b=1"]),            # a backslash keeps the next character
    ("-c \\", ["-c", ""]),                      # ... and alone makes an empty word
    ("a\\\\b", ["a\\b"]),
    ("x\ty\nz", ["x", "y", "z"]),
])
def test_split(text, words):
    assert split_options(text) == words


def _run(text):
    applied = []
    apply_options(text, lambda n, v: applied.append(("c", n, v)),
                  lambda n, v: applied.append(("switch", n, v)))
    return applied


def test_switches_apply_in_order_and_leftovers_fail_last():
    assert _run("-c work-mem=1MB --search_path=a -e -fs -tpa -d 3") == [
        ("c", "work_mem", "1MB"), ("c", "search_path", "a"), ("switch", "datestyle", "euro"),
        ("switch", "enable_seqscan", "false"), ("switch", "log_parser_stats", "true"),
        ("switch", "log_min_messages", "debug3")]
    applied = []
    with pytest.raises(PgError) as e:
        apply_options("junk -c a=1", lambda n, v: applied.append(n), lambda n, v: None)
    assert applied == ["a"]
    assert e.value.message == "invalid command-line argument for server process: junk"


@pytest.mark.parametrize("text,message", [
    ("-c 'x", "-c 'x requires a value"),
    ("--x", "--x requires a value"),
    ("-x -c a=1", "invalid command-line argument for server process: -x"),
    ("-t xx", "invalid command-line argument for server process: xx"),
    ("-ea", "invalid command-line argument for server process: -ea"),
    ("-c", "invalid command-line argument for server process: -c"),
    ("-- junk", "invalid command-line argument for server process: junk"),
])
def test_errors(text, message):
    with pytest.raises(PgError) as e:
        _run(text)
    assert (e.value.severity, e.value.sqlstate, e.value.message) == ("FATAL", "42601", message)
