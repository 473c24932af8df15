"""EXPLAIN (SETTINGS): the planner-affecting settings changed from their built-in values.

Entry point:
    show(out)      "Settings: name = 'value', ..." (TEXT; nothing when none changed) or
                   a "Settings" group of name: value properties (the other formats)

A setting is listed when it carries the EXPLAIN flag (settings_facts.py), its value did
not come from the built-in default, and it differs from the built-in value; in name
order, each shown as SHOW shows it.

PostgreSQL: commands/explain.c (ExplainPrintSettings), utils/misc/guc.c
(get_explain_guc_options).
"""
from __future__ import annotations

from pgsnake.utils import settings


def changed_settings() -> list[tuple[str, str]]:
    changed = []
    for setting in settings.all_settings():
        if "EXPLAIN" not in setting.flags:
            continue
        value, source, _ = settings.current_state(setting)
        if source == "default" or value == setting.default:
            continue
        changed.append((setting.display_name, settings.format_value(setting, value)))
    return changed


def show(out) -> None:
    changed = changed_settings()
    if out.is_text:
        if changed:
            out.property_text("Settings", ", ".join(f"{name} = '{value}'"
                                                    for name, value in changed))
        return
    out.open_group("Settings", "Settings", True)
    for name, value in changed:
        out.property_text(name, value)
    out.close_group("Settings", "Settings", True)
