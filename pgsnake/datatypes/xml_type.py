"""The xml type: well-formedness checks, text / binary I/O and the SQL/XML builders.

A value is the text as written (a str). Input checks it the way the session's xmloption
says: CONTENT (the default) takes any well-formed fragment (text, elements, comments,
processing instructions, after an optional XML declaration); DOCUMENT one root element.
Output leaves out an XML declaration that says no more than the defaults (version 1.0,
no standalone), as PostgreSQL does; one with standalone is printed back without its
encoding.

Entry points: xml_input / xml_output / xml_send / xml_receive, TYPES and CASTS (facts for
the type table and pg_cast), parse(text, document) for XMLPARSE, is_document, and the
builders element(), forest(), concat(), comment(), pi(), root(), serialize();
value_text(value, type oid) maps an SQL value into element content, escape() /
escape_attribute() escape text, xml_name() maps an SQL identifier to an XML name.

Where we differ: the checks use Python's expat parser, not libxml2, so an error's DETAIL
(libxml's message and a caret) is not reproduced; the primary message and SQLSTATE are.

PostgreSQL: utils/adt/xml.c (xml_in, xml_out_internal, xml_parse, xmlelement,
xmlconcat, xmlcomment, xmlpi, xmlroot, map_sql_value_to_xml_value,
map_sql_identifier_to_xml_name).
"""
from __future__ import annotations

import base64
import re
import xml.parsers.expat

from pgsnake.utils import settings
from pgsnake.utils.errors import PgError

XML, XML_ARRAY = 142, 143
TEXT, VARCHAR, BPCHAR = 25, 1043, 1042
TYPES = ((XML, "xml", -1, False, "i", "U", False, XML_ARRAY, 0),
         (XML_ARRAY, "_xml", -1, False, "i", "A", False, 0, XML))
# pg_cast: xml -> text / varchar / bpchar by binary coercion (assignment); the other way
# explicit, through xml() (texttoxml)
CASTS = tuple((XML, t, "a", "b", 0) for t in (TEXT, VARCHAR, BPCHAR)) + \
    tuple((t, XML, "e", "f", 2896) for t in (TEXT, VARCHAR, BPCHAR))

INVALID_XML_DOCUMENT, INVALID_XML_CONTENT = "2200M", "2200N"
NOT_AN_XML_DOCUMENT, INVALID_XML_COMMENT, INVALID_XML_PI = "2200L", "2200S", "2200T"

_DECLARATION = re.compile(r"<\?xml(?=[\s?])(.*?)\?>", re.DOTALL)
_DECL_ATTRIBUTE = re.compile(r"\s+(version|encoding|standalone)\s*=\s*(\"[^\"]*\"|'[^']*')")


def _xmloption_document() -> bool:
    try:
        return str(settings.get("xmloption")).lower() == "document"
    except Exception:                       # noqa: BLE001 - no session settings (tools)
        return False


# ------------------------------------------------------------------ checking

def _declaration(text: str) -> tuple[dict | None, str]:
    """The leading XML declaration's attributes (None when there is none) and the rest.
    A malformed declaration is None with the text unchanged (the parser then refuses)."""
    match = _DECLARATION.match(text)
    if match is None:
        return None, text
    body = match.group(1)
    attributes, position = {}, 0
    for attribute in _DECL_ATTRIBUTE.finditer(body):
        if attribute.start() != position:
            return None, text
        attributes[attribute.group(1)] = attribute.group(2)[1:-1]
        position = attribute.end()
    if body[position:].strip() or "version" not in attributes and attributes:
        return None, text
    return attributes, text[match.end():]


def _well_formed(text: str, document: bool) -> bool:
    parser = xml.parsers.expat.ParserCreate()
    try:
        if document:
            parser.Parse(text, True)
        else:
            declaration, rest = _declaration(text)
            if declaration is None and _DECLARATION.match(text):
                return False
            if declaration is not None and declaration.get("standalone", "yes") not in \
                    ("yes", "no"):
                return False
            if "<!DOCTYPE" in rest:
                # a document is content too (PostgreSQL 15.5 on): read it as one
                parser.Parse(text, True)
                return True
            parser.Parse("<x>" + rest + "</x>", True)
    except xml.parsers.expat.ExpatError:
        return False
    return True


def parse(text: str, document: bool) -> str:
    """XMLPARSE / xml input: the text itself when it is a well-formed document or
    content; else 2200M / 2200N."""
    if not _well_formed(text, document):
        if document:
            raise PgError(INVALID_XML_DOCUMENT, "invalid XML document")
        raise PgError(INVALID_XML_CONTENT, "invalid XML content")
    return text


def is_document(value: str) -> bool:
    return _well_formed(value, True)


def is_well_formed(text: str, document: bool | None = None) -> bool:
    """xml_is_well_formed (document=None: as xmloption says) and its two variants."""
    return _well_formed(text, _xmloption_document() if document is None else document)


# ------------------------------------------------------------------ I/O

def xml_input(text: str, typmod: int = -1) -> str:
    return parse(text, _xmloption_document())


def xml_output(value: str) -> str:
    declaration, rest = _declaration(value)
    if declaration is None:
        return value
    version = declaration.get("version")
    standalone = declaration.get("standalone")
    if (version is None or version == "1.0") and standalone is None:
        return rest
    out = f'<?xml version="{version or "1.0"}"'
    if standalone is not None:
        out += f' standalone="{standalone}"'
    return out + "?>" + rest


def xml_send(value: str) -> bytes:
    return xml_output(value).encode("utf-8")


def xml_receive(data: bytes, typmod: int = -1) -> str:
    return xml_input(bytes(data).decode("utf-8"))


def xml_pack(value: str) -> bytes:
    return value.encode("utf-8")


def xml_unpack(data) -> str:
    return bytes(data).decode("utf-8")


def register_types(register_type, type_info_class, make_array_io) -> None:
    info = type_info_class(XML, "xml", -1, False, "i", "U", False, XML_ARRAY, 0, "xml")
    info.input, info.output, info.send, info.receive = xml_input, xml_output, xml_send, \
        xml_receive
    info.pack, info.unpack = xml_pack, xml_unpack
    register_type(info)
    array = type_info_class(XML_ARRAY, "_xml", -1, False, "i", "A", False, 0, XML, "xml[]")
    (array.input, array.output, array.send, array.receive, array.pack,
     array.unpack) = make_array_io(info)
    register_type(array)


# ------------------------------------------------------------------ mapping values

def escape(text: str) -> str:
    """escape_xml: element content."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace("\r", "&#x0d;")


def escape_attribute(text: str) -> str:
    """An attribute value as libxml's writer escapes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace('"', "&quot;").replace("\r", "&#13;").replace("\n", "&#10;") \
        .replace("\t", "&#9;")


def xml_name(identifier: str) -> str:
    """map_sql_identifier_to_xml_name (not fully escaped): characters an XML name cannot
    hold become _xHHHH_, as does '_x' and a leading ':'."""
    out = []
    for index, ch in enumerate(identifier):
        if ch == ":" and index == 0:
            out.append("_x003A_")
        elif ch == "_" and identifier[index + 1:index + 2] == "x":
            out.append("_x005F_")
        elif _name_char(ch, index == 0):
            out.append(ch)
        else:
            out.append(f"_x{ord(ch):04X}_")
    return "".join(out)


def _name_char(ch: str, first: bool) -> bool:
    if ch.isalpha() or ch in "_:":
        return True
    return not first and (ch.isdigit() or ch in ".-\u00b7")


def value_text(value, type_oid: int, output, escape_strings: bool = True) -> str:
    """map_sql_value_to_xml_value: the XML text of an SQL value placed in an element
    (xml values as they are; booleans, dates, timestamps and bytea in XML Schema forms;
    arrays as <element> items; other values' text escaped). `output` is the type's
    output function."""
    from pgsnake.datatypes import datetime_types as dtt, registry
    if type_oid == XML:
        return value
    info = registry.get_type(type_oid)
    if info.element_oid and isinstance(value, list):
        element = registry.get_type(info.element_oid)
        out = []

        def walk(items):
            for item in items:
                if isinstance(item, list):
                    walk(item)
                elif item is not None:
                    out.append("<element>" + value_text(item, element.oid, element.output)
                               + "</element>")
        walk(value)
        return "".join(out)
    if type_oid == 16:
        return "true" if value else "false"
    if type_oid == 1082:
        if dtt.is_infinite(value):
            raise PgError("22008", "date out of range",
                          detail="XML does not support infinite date values.")
        return dtt.date_output(value) if value.year > 0 else escape(output(value))
    if type_oid in (1114, 1184):
        if dtt.is_infinite(value):
            raise PgError("22008", "timestamp out of range",
                          detail="XML does not support infinite timestamp values.")
        return _xml_timestamp(value, type_oid == 1184)
    if type_oid == 17:
        binary = _xmlbinary()
        if binary == "hex":
            return bytes(value).hex().upper()
        return base64.b64encode(bytes(value)).decode("ascii")
    text = output(value)
    return escape(text) if escape_strings else text


def _xmlbinary() -> str:
    try:
        return str(settings.get("xmlbinary")).lower()
    except Exception:                       # noqa: BLE001
        return "base64"


def _xml_timestamp(value, aware: bool) -> str:
    from pgsnake.datatypes import datetime_types as dtt
    if aware:
        local = value.astimezone(dtt.session_zone())
        offset = int(local.utcoffset().total_seconds())
        value = local.replace(tzinfo=None)
    text = f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:" \
           f"{value.minute:02d}:{value.second:02d}"
    if value.microsecond:
        text += f".{value.microsecond:06d}".rstrip("0")
    if aware:
        sign = "-" if offset < 0 else "+"
        offset = abs(offset)
        text += f"{sign}{offset // 3600:02d}:{offset // 60 % 60:02d}"
    return text


# ------------------------------------------------------------------ the builders

def element(name: str, attributes: list[tuple[str, str | None]], contents: list) -> str:
    """XMLELEMENT: attributes (name, mapped value or None to leave out) and contents
    (already mapped text, or None to leave out)."""
    out = "<" + name
    for attribute, text in attributes:
        if text is not None:
            out += f' {attribute}="{text}"'
    parts = [c for c in contents if c is not None]
    if not parts:
        return out + "/>"
    return out + ">" + "".join(parts) + f"</{name}>"


def _standalone_code(declaration: dict | None) -> int:
    """parse_xml_decl's standalone: 1 yes, 0 no, -1 not given."""
    value = (declaration or {}).get("standalone")
    return 1 if value == "yes" else 0 if value == "no" else -1


def _print_declaration(version: str | None, standalone: int) -> str:
    """print_xml_decl: nothing when it would say only the defaults."""
    if (version is None or version == "1.0") and standalone == -1:
        return ""
    out = f'<?xml version="{version or "1.0"}"'
    if standalone != -1:
        out += f' standalone="{"yes" if standalone == 1 else "no"}"'
    return out + "?>"


def concat(values: list) -> str | None:
    """XMLCONCAT / xmlagg: NULLs skipped, NULL when all are; the parts' declarations
    merged: the version kept when every part names the same one, standalone kept when
    every part gives one (no if any says no)."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    standalone, version, version_no_value = 1, None, False
    bodies = []
    for value in present:
        declaration, rest = _declaration(value)
        code = _standalone_code(declaration)
        if code == 0 and standalone == 1:
            standalone = 0
        if code < 0:
            standalone = -1
        this_version = (declaration or {}).get("version")
        if this_version is None:
            version_no_value = True
        elif version is None:
            version = this_version
        elif this_version != version:
            version_no_value = True
        bodies.append(rest)
    declaration = ""
    if not version_no_value or standalone >= 0:
        declaration = _print_declaration(None if version_no_value else version, standalone)
    return declaration + "".join(bodies)


def comment(text: str) -> str:
    if "--" in text or text.endswith("-"):
        raise PgError(INVALID_XML_COMMENT, "invalid XML comment")
    return f"<!--{text}-->"


def pi(target: str, content: str | None) -> str:
    if target.lower() == "xml":
        raise PgError("42601", "invalid XML processing instruction",
                      detail=f'XML processing instruction target name cannot be "{target}".')
    if content is None:
        return f"<?{target}?>"
    if "?>" in content:
        raise PgError(INVALID_XML_PI, "invalid XML processing instruction",
                      detail='XML processing instruction cannot contain "?>".')
    content = content.lstrip(" ")
    return f"<?{target} {content}?>" if content else f"<?{target}?>"


# XmlExpr's standalone codes (XML_STANDALONE_YES, _NO, _NO_VALUE, _OMITTED)
STANDALONE_YES, STANDALONE_NO, STANDALONE_NO_VALUE, STANDALONE_OMITTED = 0, 1, 2, 3


def root(value: str, version: str | None, standalone: int) -> str:
    """XMLROOT: the declaration's version replaced (None: no value) and its standalone
    (left as it was when omitted)."""
    declaration, rest = _declaration(value)
    code = _standalone_code(declaration)
    if standalone == STANDALONE_YES:
        code = 1
    elif standalone == STANDALONE_NO:
        code = 0
    elif standalone == STANDALONE_NO_VALUE:
        code = -1
    return _print_declaration(version, code) + rest


def serialize(value: str, document: bool) -> str:
    """XMLSERIALIZE: DOCUMENT insists on a document (2200L)."""
    if document and not is_document(value):
        raise PgError(NOT_AN_XML_DOCUMENT, "not an XML document")
    return xml_output(value)


def install_aggregates(register_factory, aggregate_class) -> None:
    """xmlagg(xml): the values concatenated as XMLCONCAT does (NULLs skipped)."""
    def factory(arg_types):
        if list(arg_types) not in ([XML], [705]):
            return None

        def step(state, value):
            if value is None:
                return state
            state = [] if state is None else state
            state.append(value)
            return state
        return aggregate_class(2901, "xmlagg", (XML,), XML, lambda: None, step,
                               lambda state: None if state is None else concat(state),
                               strict=False)
    register_factory("xmlagg", factory)


def register_functions() -> None:
    from pgsnake.datatypes import functions
    functions.register("xml_is_well_formed", [TEXT], 16, is_well_formed, oid=3051,
                       volatility="s")
    functions.register("xml_is_well_formed_document", [TEXT], 16,
                       lambda text: is_well_formed(text, True), oid=3052)
    functions.register("xml_is_well_formed_content", [TEXT], 16,
                       lambda text: is_well_formed(text, False), oid=3053)
    functions.register("xmlcomment", [TEXT], XML, comment, oid=2895)
    functions.register("xml", [TEXT], XML, xml_input, oid=2896, volatility="s")
    functions.register("text", [XML], TEXT, xml_output, oid=2922)
    functions.register("xmlconcat2", [XML, XML], XML, lambda a, b: concat([a, b]),
                       oid=2900, strict=False)
