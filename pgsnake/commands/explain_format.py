"""EXPLAIN's output formats: one emitter interface, four writers (TEXT, JSON, YAML, XML).

Entry points:
    make_output(format_name) -> ExplainOutput     "text", "json", "yaml" or "xml"
    ExplainOutput.open_group(objtype, label, labeled) / close_group(...)
    ExplainOutput.property_text / property_int / property_float / property_bool /
        property_list(label, ...)                 one property of the current group
    ExplainOutput.text_line(text)                 TEXT only: a line at the current indent
    ExplainOutput.result_rows() -> list[str]      the "QUERY PLAN" values

The plan walker (commands/explain.py) describes the plan once, through these calls; what
differs per format lives here. Rules, as PostgreSQL 15 prints them:
  * TEXT: each property is "Label: value" on a line of its own at the indent the walker
    sets (`indent`); a list joins its items with ", "; a float or integer is followed by
    its unit. Groups print nothing (the walker writes the node lines itself). Each line
    is one result row.
  * JSON: a document "[ ... ]" indented two spaces per level; every value is a JSON
    string except numbers and booleans; the whole document is one result row.
  * YAML: "Label: value" lines, strings always double-quoted as JSON strings, a group
    without a label starts a "- " list item; one result row.
  * XML: <explain xmlns="http://www.postgresql.org/2009/explain"> around elements named
    after the labels (characters other than letters, digits, "_", "-" and "." become
    "-"); one result row.

PostgreSQL: commands/explain.c (ExplainOpenGroup, ExplainCloseGroup, ExplainProperty,
ExplainPropertyList, ExplainBeginOutput, ExplainEndOutput, ExplainXMLTag,
ExplainJSONLineEnding, ExplainYAMLLineStarting, escape_yaml).
"""
from __future__ import annotations

from pgsnake.datatypes.json_text import escape_string

FORMATS = ("text", "json", "yaml", "xml")

_XML_NAMESPACE = "http://www.postgresql.org/2009/explain"
_XML_TAG_CHARACTERS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")


def make_output(format_name: str) -> "ExplainOutput":
    return {"text": TextOutput, "json": JsonOutput, "yaml": YamlOutput,
            "xml": XmlOutput}[format_name]()


def _float_text(value: float, digits: int) -> str:
    return f"{value:.{digits}f}"


class ExplainOutput:
    """The calls the plan walker makes; each format implements _property,
    _property_list and the group calls."""
    is_text = False

    def property_text(self, label: str, value: str) -> None:
        self._property(label, None, value, numeric=False)

    def property_int(self, label: str, unit: str | None, value: int) -> None:
        self._property(label, unit, str(int(value)), numeric=True)

    def property_float(self, label: str, unit: str | None, value: float, digits: int) -> None:
        self._property(label, unit, _float_text(value, digits), numeric=True)

    def property_bool(self, label: str, value: bool) -> None:
        self._property(label, None, "true" if value else "false", numeric=True)

    def property_list(self, label: str, items: list[str]) -> None:
        raise NotImplementedError

    def text_line(self, text: str) -> None:
        """A line only the TEXT format prints (structured formats never call this)."""
        raise NotImplementedError

    def _property(self, label, unit, value, numeric) -> None:
        raise NotImplementedError


class TextOutput(ExplainOutput):
    is_text = True

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.indent = ""            # set by the walker per node

    def open_group(self, objtype, label, labeled) -> None:
        pass

    def close_group(self, objtype, label, labeled) -> None:
        pass

    def text_line(self, text: str) -> None:
        self.lines.append(f"{self.indent}{text}")

    def _property(self, label, unit, value, numeric) -> None:
        self.lines.append(f"{self.indent}{label}: {value}" + (f" {unit}" if unit else ""))

    def property_list(self, label: str, items: list[str]) -> None:
        self.lines.append(f"{self.indent}{label}: {', '.join(items)}")

    def result_rows(self) -> list[str]:
        return self.lines


class _StructuredOutput(ExplainOutput):
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.depth = 0
        self.stack: list[int] = []      # per open group: whether it has content yet

    def _spaces(self, extra: int = 0) -> str:
        return " " * (2 * self.depth + extra)

    def result_rows(self) -> list[str]:
        self.end_output()
        return ["".join(self.parts)]


class JsonOutput(_StructuredOutput):
    def __init__(self) -> None:
        super().__init__()
        self.parts.append("[")
        self.stack.append(0)
        self.depth = 1

    def _line_ending(self) -> None:
        if self.stack[-1]:
            self.parts.append(",")
        else:
            self.stack[-1] = 1
        self.parts.append("\n")

    def open_group(self, objtype, label, labeled) -> None:
        self._line_ending()
        self.parts.append(self._spaces())
        if label:
            self.parts.append(escape_string(label) + ": ")
        self.parts.append("{" if labeled else "[")
        self.stack.append(0)
        self.depth += 1

    def close_group(self, objtype, label, labeled) -> None:
        self.depth -= 1
        self.parts.append("\n" + self._spaces() + ("}" if labeled else "]"))
        self.stack.pop()

    def _property(self, label, unit, value, numeric) -> None:
        self._line_ending()
        self.parts.append(self._spaces() + escape_string(label) + ": "
                          + (value if numeric else escape_string(value)))

    def property_list(self, label: str, items: list[str]) -> None:
        self._line_ending()
        self.parts.append(self._spaces() + escape_string(label) + ": ["
                          + ", ".join(escape_string(i) for i in items) + "]")

    def end_output(self) -> None:
        self.depth -= 1
        self.parts.append("\n]")


class YamlOutput(_StructuredOutput):
    def __init__(self) -> None:
        super().__init__()
        self.stack.append(0)

    def _line_starting(self) -> None:
        if self.stack[-1] == 0:
            self.stack[-1] = 1
        else:
            self.parts.append("\n" + self._spaces())

    def open_group(self, objtype, label, labeled) -> None:
        self._line_starting()
        if label:
            self.parts.append(f"{label}: ")
            self.stack.append(1)
        else:
            self.parts.append("- ")
            self.stack.append(0)
        self.depth += 1

    def close_group(self, objtype, label, labeled) -> None:
        self.depth -= 1
        self.stack.pop()

    def _property(self, label, unit, value, numeric) -> None:
        self._line_starting()
        self.parts.append(f"{label}: " + (value if numeric else escape_string(value)))

    def property_list(self, label: str, items: list[str]) -> None:
        self._line_starting()
        self.parts.append(f"{label}: ")
        for item in items:
            self.parts.append("\n" + self._spaces(2) + "- " + escape_string(item))

    def end_output(self) -> None:
        pass


def _xml_escape(value: str) -> str:
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#x0d;"))


def _xml_tag_name(label: str) -> str:
    return "".join(c if c in _XML_TAG_CHARACTERS else "-" for c in label)


class XmlOutput(_StructuredOutput):
    def __init__(self) -> None:
        super().__init__()
        self.parts.append(f'<explain xmlns="{_XML_NAMESPACE}">\n')
        self.depth = 1

    def open_group(self, objtype, label, labeled) -> None:
        self.parts.append(f"{self._spaces()}<{_xml_tag_name(objtype)}>\n")
        self.depth += 1

    def close_group(self, objtype, label, labeled) -> None:
        self.depth -= 1
        self.parts.append(f"{self._spaces()}</{_xml_tag_name(objtype)}>\n")

    def _property(self, label, unit, value, numeric) -> None:
        tag = _xml_tag_name(label)
        self.parts.append(f"{self._spaces()}<{tag}>{_xml_escape(value)}</{tag}>\n")

    def property_list(self, label: str, items: list[str]) -> None:
        tag = _xml_tag_name(label)
        self.parts.append(f"{self._spaces()}<{tag}>\n")
        for item in items:
            self.parts.append(f"{self._spaces(2)}<Item>{_xml_escape(item)}</Item>\n")
        self.parts.append(f"{self._spaces()}</{tag}>\n")

    def end_output(self) -> None:
        self.depth -= 1
        self.parts.append("</explain>")
