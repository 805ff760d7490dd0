"""Read one YAML data file strictly, remembering where every value stands.

PyYAML implements YAML 1.1, whose implicit typing surprises contributors (``no`` becomes False,
``010`` becomes 8, dates become date objects). This reader composes the node tree and builds values
itself with YAML 1.2 core rules, and reports the traps instead of passing them through: byte-order
marks, bytes that are not UTF-8, tabs, duplicate keys, anchors and aliases, explicit tags, several
documents, empty and oversized files, and 1.1-only scalars.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import DataError, format_path

MAX_BYTES = 256 * 1024  # the largest real data file is a few KiB

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_YAML11_NUMBER = re.compile(
    r"^(?:[-+]?0[0-7_]+|[-+]?0[0-9]+|[-+]?0b[01_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
    r"|[-+]?[0-9]+(?:_[0-9]+)+(?:\.[0-9_]*)?)$"
)
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


@dataclass
class YamlDocument:
    path: str  # as shown in messages (relative to the repository)
    data: object = None
    positions: dict = field(default_factory=dict)  # path tuple -> (line, column), 1-based
    errors: list = field(default_factory=list)

    def where(self, path) -> tuple[int, int]:
        """Position of the deepest existing prefix of path (so a missing key points at its parent)."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def error(self, path, problem, expected="", fix=""):
        line, col = self.where(path)
        self.errors.append(DataError(self.path, line, col, format_path(path), problem, expected, fix))


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def read_yaml(file: Path, shown_as: str, raw: bytes | None = None) -> YamlDocument:
    doc = YamlDocument(shown_as)
    if raw is None:
        raw = file.read_bytes()
    if len(raw) > MAX_BYTES:
        doc.errors.append(DataError(shown_as, 0, 0, "", f"file is {len(raw):,} bytes",
                                    f"at most {MAX_BYTES:,} bytes", "split it into several entities, one per file"))
        return doc
    if raw.startswith(b"\xef\xbb\xbf"):
        doc.errors.append(DataError(shown_as, 1, 1, "", "file starts with a byte-order mark (BOM)",
                                    "UTF-8 without BOM", "save the file as UTF-8 without BOM"))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        doc.errors.append(DataError(shown_as, line, col, "", f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                                    "UTF-8 text", "re-save the file with UTF-8 encoding"))
        return doc
    for i, line in enumerate(text.split("\n"), 1):
        if "\t" in line:
            doc.errors.append(DataError(shown_as, i, line.index("\t") + 1, "", "tab character",
                                        "spaces only", "replace tabs with spaces (YAML indentation is spaces)"))
    if doc.errors:
        return doc
    if not text.strip() or all(l.strip().startswith("#") or not l.strip() for l in text.splitlines()):
        doc.errors.append(DataError(shown_as, 1, 1, "", "file is empty", "a YAML mapping with the fields of its kind",
                                    "run `make new KIND=<kind> ID=<id>` for a starting file"))
        return doc
    found = list(doc.errors)
    for parser in _PARSERS:  # libyaml when present (10x faster); the pure-Python parser words syntax errors
        try:
            return _read_text(doc, text, parser)
        except yaml.YAMLError:
            doc.errors[:] = found  # read again from the start
    return doc


# libyaml's parser when PyYAML has it; on a syntax error the file is read again by the pure-Python parser, whose
# messages the error report quotes. Both give the same events, nodes and positions.
_PARSERS = tuple(dict.fromkeys([getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.SafeLoader]))


def _read_text(doc: YamlDocument, text: str, parser) -> YamlDocument:
    shown_as = doc.path
    strict = parser is _PARSERS[-1]  # the last parser reports syntax errors instead of raising them
    try:
        if not strict and not _MAY_HIDE.search(text):
            return _composed(doc, text, parser)  # nothing for the events to find: read the file once, not twice
        events = list(yaml.parse(text, Loader=parser))
        documents = sum(1 for e in events if isinstance(e, yaml.DocumentStartEvent))
        for e in events:
            line, col = e.start_mark.line + 1, e.start_mark.column + 1
            if isinstance(e, yaml.AliasEvent):
                doc.errors.append(DataError(shown_as, line, col, "", f"alias *{e.anchor}",
                                            "plain values", "write the value out in full; anchors and aliases are not allowed"))
            elif isinstance(e, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if e.anchor:
                    doc.errors.append(DataError(shown_as, line, col, "", f"anchor &{e.anchor}",
                                                "plain values", "remove the anchor; anchors and aliases are not allowed"))
                explicit = e.tag and not (isinstance(e, yaml.ScalarEvent) and e.implicit[0]) and not (
                    not isinstance(e, yaml.ScalarEvent) and e.implicit)
                if explicit and e.tag not in _STANDARD_TAGS and e.tag != "!":
                    doc.errors.append(DataError(shown_as, line, col, "", f"tag {e.tag}",
                                                "plain values without tags", "remove the tag"))
        if documents > 1:
            doc.errors.append(DataError(shown_as, 1, 1, "", f"{documents} YAML documents in one file",
                                        "one document", "remove the extra '---' separators; one entity per file"))
        if doc.errors:
            return doc
        return _composed(doc, text, parser)
    except yaml.MarkedYAMLError as exc:
        if not strict:
            raise
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or str(exc)
        if exc.context:
            problem = f"{exc.context}: {problem}" if exc.problem else exc.context
        doc.errors.append(DataError(shown_as, line, col, "", f"YAML syntax: {problem}", "valid YAML",
                                    "check indentation and quote text that contains ': ' or starts with a symbol"))
        return doc
    except yaml.YAMLError as exc:
        if not strict:
            raise
        doc.errors.append(DataError(shown_as, 1, 1, "", f"YAML syntax: {exc}", "valid YAML"))
        return doc


# What the events are read for (anchors '&', aliases '*', tags '!', a second document after '---' or '...') cannot
# be in a file without these characters; most files have none, and are read once.
_MAY_HIDE = re.compile(r"[&*!]|^(?:---|\.\.\.)", re.M)


def _composed(doc: YamlDocument, text: str, parser) -> YamlDocument:
    doc.data = _build(yaml.compose(text, Loader=parser), (), doc)
    return doc


def _build(node, path, doc: YamlDocument):
    doc.positions.setdefault(path, _mark(node))
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                doc.error(path, "a key is a list or mapping", "text keys")
                continue
            key = key_node.value
            if key == "<<" and key_node.tag == "tag:yaml.org,2002:merge":
                line, col = _mark(key_node)
                doc.errors.append(DataError(doc.path, line, col, format_path(path), "merge key '<<'", "plain keys",
                                            "write the fields out in full"))
                continue
            if key in out:
                line, col = _mark(key_node)
                first = doc.positions.get(path + (key,), (0, 0))[0]
                doc.errors.append(DataError(doc.path, line, col, format_path(path + (key,)),
                                            f"duplicate key '{key}' (first at line {first})", "each key once",
                                            "merge the two entries or remove one"))
                continue
            # scalars point at their value; mappings and lists at their key
            doc.positions[path + (key,)] = _mark(value_node if isinstance(value_node, yaml.ScalarNode) else key_node)
            out[key] = _build(value_node, path + (key,), doc)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), doc) for i, item in enumerate(node.value)]
    value = node.value
    if node.style:  # quoted or block scalar: always text (a plain scalar's style is None, or '' from libyaml)
        return value
    if _NULL.match(value):
        return None
    if _BOOL.match(value):
        return value.lower() == "true"
    if _YAML11_BOOL.match(value):
        doc.error(path, f"bare '{value}' is read as true/false by some YAML tools and as text by others",
                  "unambiguous YAML", f"write \"{value}\" in quotes for text, or true/false for a yes/no value")
        return value
    if _YAML11_NUMBER.match(value):
        doc.error(path, f"bare '{value}' is read as a number in a different base by some YAML tools",
                  "unambiguous YAML", f"write \"{value}\" in quotes for text, or the number without leading zeros, underscores or colons")
        return value
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value
