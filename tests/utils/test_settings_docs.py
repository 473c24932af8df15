# Proves docs/settings.md tells the truth about which settings pgsnake acts on: its three
# lists (acted on / facts shown / accepted but not yet acted on) name every setting
# exactly once; every setting pgsnake code reads (settings.get/show, the planner's
# disable_cost, pg_control's recorded settings) is listed as acted on or as a fact; and
# every setting listed as acted on is named somewhere in pgsnake's code.
from __future__ import annotations

import re
from pathlib import Path

from pgsnake.utils import settings

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "settings.md"
PACKAGE = ROOT / "pgsnake"

# Listed as acted on while other issue-10 work makes them act; they need not be read yet.
BEING_BUILT: set[str] = set()

# The modules that define settings rather than act on them.
SETTINGS_MODULES = {"settings.py", "setting_values.py", "setting_hooks.py", "config_files.py",
                    "setting_functions.py"}

_READS = re.compile(r"""(?:settings\.(?:get|show)|disable_cost|_setting)\(\s*["']([A-Za-z_.]+)["']""")


def _sections() -> dict[str, set[str]]:
    defined = {s.name for s in settings.all_settings() if not s.placeholder}
    sections: dict[str, set[str]] = {}
    current = None
    for line in DOC.read_text().splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            sections[current] = set()
        elif current is not None:
            sections[current].update(n.lower() for n in re.findall(r"`([A-Za-z_.*]+)`", line)
                                     if n.lower() in defined)
    return sections


def _code_files(include_settings_modules: bool) -> list[Path]:
    out = []
    for path in PACKAGE.rglob("*.py"):
        if "generated" in path.parts:
            continue
        if not include_settings_modules and path.parent.name == "utils" and path.name in SETTINGS_MODULES:
            continue
        out.append(path)
    return out


def test_the_three_lists_name_every_setting_exactly_once():
    sections = _sections()
    acted, facts, rest = (sections["Acted on"], sections["Facts pgsnake shows"],
                          sections["Accepted, not yet acted on"])
    assert not acted & facts and not acted & rest and not facts & rest
    defined = {s.name for s in settings.all_settings() if not s.placeholder}
    assert acted | facts | rest == defined, sorted(defined - (acted | facts | rest))


def test_every_setting_the_code_reads_is_listed_as_acted_on_or_a_fact():
    sections = _sections()
    listed = sections["Acted on"] | sections["Facts pgsnake shows"]
    read = set()
    for path in _code_files(include_settings_modules=False):
        read.update(name.lower() for name in _READS.findall(path.read_text()))
    # (a dotted name is a module's custom setting, plpgsql.variable_conflict: not one of
    # PostgreSQL's own, so not in these lists)
    read = {name for name in read if "." not in name}
    assert read, "the scan found no reads at all"
    assert not read - listed, f"read by pgsnake but listed as not acted on: {sorted(read - listed)}"


def test_every_setting_listed_as_acted_on_is_named_in_the_code():
    text = "\n".join(path.read_text() for path in _code_files(include_settings_modules=True))
    named = {m.lower() for m in re.findall(r"""["']([A-Za-z_]+)["']""", text)}
    missing = _sections()["Acted on"] - BEING_BUILT - named
    assert not missing, f"listed as acted on but never named in pgsnake code: {sorted(missing)}"
