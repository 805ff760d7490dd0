"""Load data/ into an ``Atlas``: read every file strictly, validate it against its JSON Schema, then check
what a schema cannot (references resolve, ids equal file names, every source cited, ranges ordered, ...).
All errors of a run are collected; none is raised until the end.
"""
from __future__ import annotations

import datetime
import difflib
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema_rs

from . import model, results, values
from .errors import DataError, DataValidationError, format_path
from .yamlfile import YamlDocument, read_yaml

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parent.parent
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PLACEHOLDER = re.compile(r"\bTODO\b")  # what `make new` writes where the contributor must decide

# Which field names hold references, and to which kind (folder). 'related' depends on the kind.
REFERENCES = {
    "sources": "sources", "further_reading": "sources", "source": "sources",
    "approach": "approaches", "approaches": "approaches", "prefer": "approaches", "chosen": "approaches",
    "parent": "approaches", "dimension": "dimensions", "dimensions": "dimensions", "figures": "figures",
    "tools": "tools", "scenarios": "scenarios", "patterns": "patterns", "comparison": "comparisons",
}
RELATED = {"approaches": "approaches", "glossary": "glossary"}


# --- schemas ----------------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _schemas(schema_dir: str) -> dict:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(schema_dir).glob("*.schema.json"))}


@lru_cache(maxsize=64)
def inlined_schema(schema_name: str, schema_dir: Path = ROOT / "schemas") -> dict:
    """The kind's schema with its $refs written out in place (as allOf), so that validating a file does not look
    references up again and again (most of the time of `make check` on many files); errors are the same."""
    schemas = _schemas(str(schema_dir))
    name = f"{schema_name}.schema.json"
    return _inline_refs(schemas[name], name, schemas)


@lru_cache(maxsize=64)
def validator(schema_name: str, schema_dir: Path = ROOT / "schemas") -> Draft202012Validator:
    """The kind's jsonschema validator, which finds every error and says where. Imported when first needed: a
    build whose files are all valid never needs it (quick_validator tells them)."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schemas = _schemas(str(schema_dir))
    registry = Registry().with_resources([(name, Resource.from_contents(s)) for name, s in schemas.items()])
    return Draft202012Validator(inlined_schema(schema_name, schema_dir), registry=registry)


@lru_cache(maxsize=64)
def quick_validator(schema_name: str, schema_dir: Path = ROOT / "schemas") -> jsonschema_rs.Draft202012Validator:
    """The same schema compiled by jsonschema-rs, which tells a valid file in a fraction of the time. It only ever
    lets a file through: whenever it finds fault, or cannot read a value (a date, a number as a key), jsonschema
    checks the file and every error shown comes from there. The schemas' patterns are written to mean the same
    to both (no \\S, whose meaning differs between Python and the JavaScript rules that jsonschema-rs and
    editors follow), and tests/test_data.py proves on mutated files that a file it accepts, jsonschema accepts."""
    return jsonschema_rs.Draft202012Validator(inlined_schema(schema_name, schema_dir), validate_formats=False)


def check_schema(doc: YamlDocument, schema_name: str, schema_dir: Path = ROOT / "schemas") -> None:
    """Add the schema's errors (if any) to the document."""
    try:
        if quick_validator(schema_name, schema_dir).is_valid(doc.data):
            return
    except ValueError:  # a value JSON has not: jsonschema says what is wrong with it
        pass
    schema_errors(doc, validator(schema_name, schema_dir))


def _inline_refs(node, doc: str, schemas: dict, active: tuple = ()):
    if isinstance(node, list):
        return [_inline_refs(v, doc, schemas, active) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            target, _, pointer = value.partition("#")
            target = target or doc
            if target not in schemas or (target, pointer) in active or "allOf" in node:  # keep, made absolute
                out[key] = f"{target}#{pointer}"
                continue
            sub = schemas[target]
            for token in [t for t in pointer.split("/") if t]:
                token = token.replace("~1", "/").replace("~0", "~")
                sub = sub[int(token)] if isinstance(sub, list) else sub[token]
            out["allOf"] = [_inline_refs(sub, target, schemas, active + ((target, pointer),))]
        else:
            out[key] = _inline_refs(value, doc, schemas, active)
    return out


def _schema_at(v: Draft202012Validator, error) -> dict:
    return error.schema if isinstance(error.schema, dict) else {}


def _describe_type(value) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a mapping", type(None): "nothing (empty)"}.get(type(value), type(value).__name__)


def _choices(values, limit=12) -> str:
    values = list(values)
    if not values:
        return "an existing id (there are none yet)"
    shown = ", ".join(str(v) for v in values[:limit])
    return shown + (f", … ({len(values)} in all)" if len(values) > limit else "")


def _flat(node) -> dict:
    """A schema node with the parts it inlines (allOf, from $refs) merged under its own keys."""
    if not isinstance(node, dict):
        return {}
    out: dict = {}
    for part in node.get("allOf", []):
        for k, v in _flat(part).items():
            out.setdefault(k, v)
    return {**out, **{k: v for k, v in node.items() if k != "allOf"}}


_TYPE_NAMES = {"string": "text", "object": "a mapping of fields", "array": "a list", "number": "a number",
               "integer": "a whole number", "boolean": "true or false"}


def describe_field(node) -> str:
    """What a field holds, for a message: its type, title and allowed values ('a date (YYYY-MM-DD)...')."""
    node = _flat(node)
    if "pattern" in node and node["pattern"].startswith("^[0-9]{4}-"):
        what = "a date, YYYY-MM-DD"
    elif "enum" in node:
        what = "one of " + _choices(node["enum"], 40)
    else:
        what = _TYPE_NAMES.get(node.get("type"), "a value")
        if node.get("type") == "object" and set(node.get("properties", {})) >= {"en", "zh"}:
            what = "text in both languages (en and zh)"
        elif node.get("type") == "array" and "$defs/id" in json.dumps(node.get("items", {})):
            what = "a list of ids"
    title = node.get("title")
    return f"{what} ({title})" if title else what


def example_of(node) -> str:
    """A value to show in a fix, in YAML flow style: the schema's first example, or one made from its type."""
    node = _flat(node)
    examples = node.get("examples") or []
    if examples and isinstance(examples[0], str) and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ./_-]*", examples[0]):
        return examples[0]
    if examples:
        return json.dumps(examples[0], ensure_ascii=False).replace('{"en": ', "{en: ").replace(', "zh": ', ", zh: ")
    if "enum" in node:
        return str(node["enum"][0])
    if node.get("pattern", "").startswith("^[0-9]{4}-"):
        return "2026-11-20"
    props = node.get("properties", {})
    if node.get("type") == "object" and set(props) >= {"en", "zh"}:
        return "{en: ..., zh: ...}" + (" with sources: [<source id>]" if "sources" in props else "")
    return {"array": "[...]", "object": "{...}", "integer": "1", "number": "1", "boolean": "true"}.get(
        node.get("type"), "...")


def _impossible_date(value) -> str:
    """'month 13' for 2026-13-01, 'day 31 of month 2' for 2026-02-31; '' when the text is no YYYY-MM-DD at all
    or a real date."""
    m = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", str(value))
    if not m:
        return ""
    y, mo, d = map(int, m.groups())
    if not 1 <= mo <= 12:
        return f"there is no month {mo}"
    try:
        datetime.date(y, mo, d)
    except ValueError:
        return f"month {mo} of {y} has no day {d}"
    return ""


def schema_errors(doc: YamlDocument, v: Draft202012Validator) -> None:
    """Turn jsonschema errors into teaching errors placed at their line."""
    for err in sorted(v.iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(err.absolute_path)
        sch = _schema_at(v, err)
        title = sch.get("title") or ""
        kind = err.validator
        if kind == "required":
            missing = err.message.split("'")[1] if "'" in err.message else err.message
            sub = (err.schema.get("properties", {}) or {}).get(missing, {}) if isinstance(err.schema, dict) else {}
            doc.error(path, f"missing required field '{missing}'", describe_field(sub),
                      f"add {missing}: {example_of(sub)}")
        elif kind == "additionalProperties":
            allowed = sorted((err.schema.get("properties") or {}).keys())
            extra = [k for k in (err.instance or {}) if k not in allowed]
            for key in extra:
                close = difflib.get_close_matches(key, allowed, 1)
                doc.error(path + (key,), f"unknown field '{key}'", f"one of {_choices(allowed, 40)}",
                          f"did you mean '{close[0]}'?" if close else "remove it or check the spelling")
        elif kind == "enum":
            close = difflib.get_close_matches(str(err.instance), [str(x) for x in err.validator_value], 1)
            doc.error(path, f"'{err.instance}' is not allowed", f"one of {_choices(err.validator_value, 40)}",
                      f"did you mean '{close[0]}'?" if close else "")
        elif kind == "type":
            want = err.validator_value if isinstance(err.validator_value, str) else "/".join(err.validator_value)
            want = {"string": "text", "object": "a mapping of fields", "array": "a list", "number": "a number",
                    "integer": "a whole number", "boolean": "true or false"}.get(want, want)
            if err.instance is None:  # `checked:` with nothing after it: quotes would not help
                fix = f"write the value after the colon, e.g. {path[-1] if path else 'field'}: {example_of(sch)}"
            elif want == "text":
                fix = "put the text in quotes"
            else:
                fix = f"e.g. {example_of(sch)}"
            expected = describe_field(sch) if err.instance is None else want + (f" ({title})" if title else "")
            doc.error(path, f"got {_describe_type(err.instance)}", expected, fix)
        elif kind == "pattern":
            desc = sch.get("description") or title or f"text matching {err.validator_value}"
            not_a_date = _impossible_date(err.instance)
            if not_a_date:
                doc.error(path, f"'{err.instance}' is not a real date ({not_a_date})",
                          "a date that exists, written YYYY-MM-DD", "check the month and the day")
            else:
                doc.error(path, f"'{err.instance}' has the wrong form", desc)
        elif kind == "minLength":
            lang = {"en": "English", "zh": "Chinese"}.get(str(path[-1]) if path else "", "")
            doc.error(path, "empty text", f"{lang} text" if lang else "non-empty text",
                      "every human-readable field needs both languages" if lang else "")
        elif kind == "minItems":
            doc.error(path, f"{len(err.instance)} item(s)", f"at least {err.validator_value} item(s)"
                      + (f" ({title})" if title else ""))
        elif kind in ("maxLength", "maxItems"):
            doc.error(path, f"too long ({len(err.instance)})", f"at most {err.validator_value}")
        elif kind == "uniqueItems":
            doc.error(path, "a value is listed twice", "each value once", "remove the repeat")
        elif kind == "oneOf" and isinstance(err.instance, dict) and "unit" in sch.get("properties", {}):
            doc.error(path, "a quantity needs exactly one of: 'value', or both 'min' and 'max'",
                      "value: 300 — or min: 200 and max: 800")
        elif kind == "propertyNames":
            doc.error(path, err.message, "kebab-case ids")
        else:
            doc.error(path, err.message, title)


# --- reading ----------------------------------------------------------------------------------------

def read_all(data_dir: Path, root: Path) -> tuple[dict, YamlDocument | None, list[DataError]]:
    """Read and schema-check every file. Returns {(folder, id): doc}, the ui doc, and file-level errors."""
    errors: list[DataError] = []
    docs: dict[tuple[str, str], YamlDocument] = {}
    ui_doc = None

    def shown(p: Path) -> str:
        try:
            return p.relative_to(root).as_posix()
        except ValueError:
            return p.as_posix()

    for entry in sorted(data_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_file():
            if entry.name == "ui.yaml":
                ui_doc = read_yaml(entry, shown(entry))
                if ui_doc.data is not None and not ui_doc.errors:
                    check_schema(ui_doc, "ui", root / "schemas")
                errors += ui_doc.errors
            else:
                errors.append(DataError(shown(entry), 0, 0, "", "unexpected file in data/",
                                        f"a folder of one kind ({_choices(model.KIND_BY_FOLDER)}) or ui.yaml"))
            continue
        kind = model.KIND_BY_FOLDER.get(entry.name)
        if kind is None:
            close = difflib.get_close_matches(entry.name, list(model.KIND_BY_FOLDER), 1)
            errors.append(DataError(shown(entry), 0, 0, "", f"unknown kind folder '{entry.name}'",
                                    f"one of {_choices(model.KIND_BY_FOLDER)}",
                                    f"did you mean '{close[0]}'?" if close else ""))
            continue
        for f in sorted(entry.iterdir()):
            if f.name.startswith("."):
                continue
            if f.suffix != ".yaml" or not f.is_file():
                errors.append(DataError(shown(f), 0, 0, "", "not a .yaml file", f"data/{entry.name}/<id>.yaml",
                                        "rename it to end in .yaml"))
                continue
            doc = read_yaml(f, shown(f))
            if not doc.errors:
                if not isinstance(doc.data, dict):
                    doc.error((), f"the file holds {_describe_type(doc.data)}", "a mapping of fields")
                else:
                    check_schema(doc, kind.schema, root / "schemas")
                    placeholder_errors(doc)
            if not ID_RE.match(f.stem):
                errors.append(DataError(doc.path, 1, 1, "", f"file name '{f.name}' is not a kebab-case id",
                                        "lowercase letters, digits and single hyphens, e.g. rag-vs-fine-tuning.yaml",
                                        "rename the file (its name is the entity's id)"))
            elif isinstance(doc.data, dict) and "id" in doc.data and doc.data["id"] != f.stem:
                doc.error(("id",), f"id '{doc.data['id']}' differs from the file name '{f.stem}'",
                          "the id to equal the file name", f"write id: {f.stem} (or rename the file)")
            errors += doc.errors
            docs[(entry.name, f.stem)] = doc
    if ui_doc is None:
        errors.append(DataError(shown(data_dir / "ui.yaml"), 0, 0, "", "file missing", "the interface labels file"))
    return docs, ui_doc, errors


def placeholder_errors(doc: YamlDocument) -> None:
    """Every `TODO` that `make new` wrote and is still there, in one run (beside the schema's errors, which a
    placeholder of a choice or a date also gets: those are not reported twice)."""
    taken = {e.field for e in doc.errors}
    for path, value in walk(doc.data):
        if isinstance(value, str) and PLACEHOLDER.search(value) and format_path(path) not in taken:
            doc.error(path, f"placeholder left from `make new`: '{value}'",
                      "your value (the comment above the field says what it holds)", "replace the TODO")


# --- semantic checks --------------------------------------------------------------------------------

def walk(value, path=()):
    """Every value of a YAML document with its path (keys and list indexes), the document itself first."""
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk(v, path + (i,))


def _field_name(path) -> str | None:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return None


def semantic_errors(docs: dict, ui_doc: YamlDocument | None) -> list[DataError]:
    ids = {folder: [] for folder in model.KIND_BY_FOLDER}
    for (folder, ident) in docs:
        ids[folder].append(ident)
    cited: set[str] = set()
    further: dict[str, list] = {}
    errors: list[DataError] = []

    def unknown(doc, path, folder, ident):
        close = difflib.get_close_matches(str(ident), ids[folder], 1)
        singular = model.KIND_BY_FOLDER[folder].schema
        doc.error(path, f"unknown {singular} '{ident}'",
                  f"one of {_choices(sorted(ids[folder]))}" if ids[folder] else f"an existing {singular} (there are none yet)",
                  f"did you mean '{close[0]}'?" if close else f"add data/{folder}/{ident}.yaml or correct the id")

    for (folder, ident), doc in docs.items():
        data = doc.data
        if not isinstance(data, dict) or doc.errors:
            continue
        for path, value in walk(data):
            name = _field_name(path)
            if not path or name is None or path[0] == "guide_answers":  # keys are question ids: checked below
                continue
            # references: the value under a reference field (a string, or each string of a list)
            target = RELATED.get(folder) if name == "related" else REFERENCES.get(name)
            if target and (path[-1] == name or isinstance(path[-1], int)) and isinstance(value, str):
                if value not in ids[target]:
                    unknown(doc, path, target, value)
                if target == "sources":
                    if name == "further_reading":
                        further.setdefault(ident, []).append(value)
                    else:
                        cited.add(value)
                if name == "related" and value == ident:
                    doc.error(path, "an entity lists itself as related", "other ids")
            # blank and invisible text, control characters, URLs and DOIs: macros/values.py
            if isinstance(value, dict) and "min" in value and "max" in value:
                lo, hi = value["min"], value["max"]
                if isinstance(lo, (int, float)) and isinstance(hi, (int, float)) and lo > hi:
                    doc.error(path + ("min",), f"range {lo}..{hi} is reversed", "min <= max", "swap min and max")
        if folder == "comparisons":
            cols = data.get("approaches", [])
            before = len(doc.errors)
            seen = {}
            for r, row in enumerate(data.get("rows", [])):
                dim = row.get("dimension")
                if dim in seen:
                    doc.error(("rows", r, "dimension"), f"dimension '{dim}' already has a row (rows[{seen[dim]}])",
                              "each dimension once", "merge the two rows")
                seen.setdefault(dim, r)
                cells = row.get("cells", {})
                for a in cols:
                    if a not in cells:
                        doc.error(("rows", r, "cells"), f"no cell for approach '{a}'",
                                  f"a cell for each of {', '.join(cols)}",
                                  f"add '{a}:' with rating, verdict, rationale and sources (rating not-applicable if it does not apply)")
                for a in cells:
                    if a not in cols:
                        doc.error(("rows", r, "cells", a), f"cell for '{a}', which is not a column of this comparison",
                                  f"one of {', '.join(cols)}", "add it to 'approaches' or remove the cell")
                        if a not in ids["approaches"]:
                            unknown(doc, ("rows", r, "cells", a), "approaches", a)
            _fold_unknown_columns(doc, cols, ids, before)
        if folder == "questions":
            _question_errors(doc, data, ids, unknown)
        _date_errors(doc, data)
        _parts_errors(doc, data)
        if isinstance(data.get("synthesis"), list):
            _synthesis_errors(doc, data)
        if folder == "approaches":
            parent, seen_chain = data.get("parent"), {ident}
            while parent and (("approaches", parent) in docs):
                if parent in seen_chain:
                    doc.error(("parent",), "the parent chain loops back to this approach", "a tree of approaches")
                    break
                seen_chain.add(parent)
                parent = (docs[("approaches", parent)].data or {}).get("parent")
    results.semantic_errors(docs)  # measured results: sources are studies, arms declared, no result entered twice
    # scenarios: the decision guide's answers name questions and their options
    for (folder, ident), doc in docs.items():
        answers = (doc.data or {}).get("guide_answers") if folder == "scenarios" and not doc.errors else None
        for q, o in (answers or {}).items():
            qdoc = docs.get(("questions", q))
            if qdoc is None:
                unknown(doc, ("guide_answers", q), "questions", q)
            elif isinstance(qdoc.data, dict):
                options = [opt.get("id") for opt in qdoc.data.get("options", []) if isinstance(opt, dict)]
                if o not in options:
                    close = difflib.get_close_matches(str(o), [str(x) for x in options], 1)
                    doc.error(("guide_answers", q), f"question '{q}' has no option '{o}'", f"one of {_choices(options)}",
                              f"did you mean '{close[0]}'?" if close else f"see data/questions/{q}.yaml")
    # a source counts as cited when a claim cites it or a cited source recommends it
    frontier = list(cited)
    while frontier:
        for rec in further.get(frontier.pop(), []):
            if rec not in cited:
                cited.add(rec)
                frontier.append(rec)
    for ident in ids["sources"]:
        if ident not in cited:
            doc = docs[("sources", ident)]
            if not doc.errors:
                doc.error((), f"source '{ident}' is never cited",
                          "every source cited by at least one claim (or recommended by a cited source)",
                          "cite it where its content is used, or remove the file")
    _section_errors(docs)
    # glossary: one name or alias per term per language
    names: dict[tuple[str, str], tuple[str, tuple]] = {}
    for (folder, ident), doc in docs.items():
        if folder != "glossary" or doc.errors or not isinstance(doc.data, dict):
            continue
        for lang in model.LANGS:
            found = [(("term", lang), doc.data.get("term", {}).get(lang))]
            found += [(("aliases", lang, i), a) for i, a in enumerate((doc.data.get("aliases") or {}).get(lang, []))]
            for path, name in found:
                if not isinstance(name, str):
                    continue
                key = (lang, name.casefold().strip())
                if key in names and names[key][0] != ident:
                    doc.error(path, f"'{name}' already names glossary term '{names[key][0]}'",
                              "each name or alias used by one term only", "remove the duplicate")
                names.setdefault(key, (ident, path))
    for doc in docs.values():
        errors += [e for e in doc.errors if e not in errors]
    return errors


def _section_errors(docs: dict) -> None:
    """Where in the work a statement comes from (`section: {source id: section id or ids}`): each key one of the
    statement's sources, whose file lists its work's sections; each value one of those sections. And a source's
    section ids are unique."""
    sections: dict[str, list[str]] = {}
    for (folder, ident), doc in docs.items():
        if folder != "sources" or not isinstance(doc.data, dict):
            continue
        seen: dict = {}
        for i, s in enumerate(doc.data.get("sections") or []):
            sid = s.get("id") if isinstance(s, dict) else None
            if sid in seen:
                doc.error(("sections", i, "id"), f"section id '{sid}' is already used by sections[{seen[sid]}]",
                          "each section id once in a source", "give this section an id of its own")
            elif isinstance(sid, str):
                seen[sid] = i
        sections[ident] = list(seen)
    for doc in docs.values():
        if not isinstance(doc.data, (dict, list)):
            continue
        for path, value in walk(doc.data):
            if not (isinstance(value, dict) and isinstance(value.get("section"), dict)):
                continue
            cites = value.get("sources") if isinstance(value.get("sources"), list) else []
            for src, where in value["section"].items():
                at = path + ("section", src)
                if src not in cites:
                    doc.error(at, f"'{src}' is not one of this statement's sources",
                              f"one of its sources: {', '.join(map(str, cites)) or '(none)'}",
                              "say where in a cited source the statement comes from, or add the source to 'sources'")
                    continue
                known = sections.get(src)
                if not known:
                    doc.error(at, f"source '{src}' lists no sections of its work",
                              f"a source whose file data/sources/{src}.yaml has 'sections'",
                              f"add the work's sections to data/sources/{src}.yaml, or remove '{src}' here")
                    continue
                for i, sid in enumerate([where] if isinstance(where, str) else where if isinstance(where, list) else []):
                    if sid not in known:
                        close = difflib.get_close_matches(str(sid), known, 1)
                        doc.error(at if isinstance(where, str) else at + (i,), f"unknown section '{sid}' of source '{src}'",
                                  f"one of {_choices(known)}",
                                  f"did you mean '{close[0]}'?" if close else f"use a section listed in data/sources/{src}.yaml")


def _fold_unknown_columns(doc, cols: list, ids: dict, before: int) -> None:
    """A column id that names no approach is the cause; the rows' errors about that column (no cell for it; a
    cell for an approach that is then not a column) follow from it and are folded under it."""
    bad = [i for i, a in enumerate(cols) if isinstance(a, str) and a not in ids["approaches"]]
    if not bad:
        return
    from .errors import fold

    row_errors = doc.errors[before:]
    for i in bad:
        cause = next((e for e in doc.errors if e.field == f"approaches[{i}]" and e.problem.startswith("unknown")), None)
        if cause is None:
            continue
        follows = [e for e in row_errors if e.field.startswith("rows[") and (
            f"'{cols[i]}'" in e.problem or (len(bad) == 1 and "which is not a column" in e.problem))]
        fold(doc.errors, cause, follows)


def today() -> datetime.date:
    """The date `checked:` may not pass (UTC; ATLAS_TODAY=YYYY-MM-DD sets it, for tests)."""
    env = os.environ.get("ATLAS_TODAY")
    return datetime.date.fromisoformat(env) if env else datetime.datetime.now(datetime.timezone.utc).date()


def _date_errors(doc, data: dict) -> None:
    """`checked:` dates (the schema checks their form) are real days, and not in the future: a check is a thing
    done, on the day it was done."""
    for path, value in walk(data):
        if not path or path[-1] != "checked" or not isinstance(value, str):
            continue
        impossible = _impossible_date(value)
        if impossible:
            doc.error(path, f"'{value}' is not a real date ({impossible})", "a date that exists, written YYYY-MM-DD",
                      "check the month and the day")
            continue
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            continue
        if day > today():
            doc.error(path, f"'{value}' is in the future (today is {today().isoformat()})",
                      "the date you compared the claims with their sources, today or earlier",
                      f"write the day of the check, e.g. checked: {today().isoformat()}")
def _parts_errors(doc, data: dict) -> None:
    """A claim cut into parts (which source supports which part): the parts give its text exactly, and together
    cite exactly its sources."""
    for path, claim in walk(data):
        if not (isinstance(claim, dict) and isinstance(claim.get("parts"), list)):
            continue
        whole_claim, claim = claim, claim if "en" in claim else claim.get("rationale")  # a comparison cell: its rationale
        if not isinstance(claim, dict):
            continue
        what = "claim" if claim is whole_claim else "rationale"
        parts = [p for p in whole_claim["parts"] if isinstance(p, dict)]
        en = " ".join(str(p.get("en", "")) for p in parts)
        zh = "".join(str(p.get("zh", "")) for p in parts)
        if en != claim.get("en"):
            doc.error(path + ("parts",), f"the English parts joined with a space are not the {what}'s 'en'",
                      f"parts that give exactly: {claim.get('en')!r}", f"they give {en!r}: cut 'en' without changing it")
        if zh != claim.get("zh"):
            doc.error(path + ("parts",), f"the Chinese parts joined together are not the {what}'s 'zh'",
                      f"parts that give exactly: {claim.get('zh')!r}", f"they give {zh!r}: cut 'zh' without changing it")
        cited = list(dict.fromkeys(s for p in parts for s in (p.get("sources") or [])))
        whole = list(whole_claim.get("sources") or [])
        if set(cited) != set(whole):
            missing, extra = [s for s in whole if s not in cited], [s for s in cited if s not in whole]
            doc.error(path + ("parts",), "the parts' sources are not the claim's sources"
                      + (f": no part cites {', '.join(missing)}" if missing else "")
                      + (f"; parts cite {', '.join(extra)}, which the claim does not" if extra else ""),
                      f"every source of the claim ({', '.join(whole)}) on the part it supports, and no other",
                      "add the source to the part it supports, or to the claim's 'sources'")


def _synthesis_errors(doc, data: dict) -> None:
    """The opening summary sums up the file's cited statements: each of its sentences cites only sources that
    another statement of the same file cites, so that it adds no fact of its own."""
    below = {v for path, v in walk({k: v for k, v in data.items() if k != "synthesis"})
             if isinstance(v, str) and len(path) >= 2 and path[-2] == "sources"}
    for i, item in enumerate(data["synthesis"]):
        if not isinstance(item, dict):
            continue
        for j, s in enumerate(item.get("sources") or []):
            if s not in below:
                doc.error(("synthesis", i, "sources", j),
                          f"the summary cites '{s}', which no other statement of this file cites",
                          "a source that one of the statements summed up cites",
                          "cite it first on the statement it supports, or sum up only what the statements below say")


def _question_errors(doc, data: dict, ids: dict, unknown) -> None:
    """A decision-guide question: option ids unique, weights keyed by approach ids, weighty options cited."""
    seen: dict = {}
    for i, opt in enumerate(data.get("options") or []):
        if not isinstance(opt, dict):
            continue
        oid = opt.get("id")
        if oid in seen:
            doc.error(("options", i, "id"), f"option '{oid}' is listed twice (options[{seen[oid]}])",
                      "each option id once in a question", "rename one of them")
        seen.setdefault(oid, i)
        weights = opt.get("weights") or {}
        for approach in weights:
            if approach not in ids["approaches"]:
                unknown(doc, ("options", i, "weights", approach), "approaches", approach)
        if any(w for w in weights.values()) and not opt.get("sources"):
            doc.error(("options", i), "an option that gives points cites no source",
                      "'sources:' with the ids of the sources behind its reason ('why')",
                      "add sources: [...] (or set every weight to 0)")


# --- the whole load ---------------------------------------------------------------------------------

def load(data_dir: Path | None = None, root: Path | None = None) -> tuple[model.Atlas | None, list[DataError]]:
    atlas, errors, _ = load_documents(data_dir, root)
    return atlas, errors


def load_documents(data_dir: Path | None = None, root: Path | None = None):
    """load(), and the documents read ({(folder, id): YamlDocument}), whose positions place later checks'
    messages (macros/expectations.py) at their line."""
    root = root or ROOT
    data_dir = data_dir or root / "data"
    docs, ui_doc, errors = read_all(data_dir, root)
    vals = values.value_errors([*docs.values(), ui_doc], walk)  # first: it skips files with errors already
    sem = semantic_errors(docs, ui_doc)
    errors = sorted(set(errors) | set(sem) | set(vals))
    if errors:
        return None, errors, docs
    records: dict[str, dict] = {k.folder: {} for k in model.KINDS}
    for (folder, ident), doc in sorted(docs.items()):
        kind = model.KIND_BY_FOLDER[folder]
        checked = doc.data.get("checked")
        if kind.record is model.Comparison:
            records[folder][ident] = model.build_comparison(doc.data, checked)
        else:
            records[folder][ident] = model.build(kind.record, doc.data, checked)
    records["approaches"] = dict(sorted(records["approaches"].items(), key=lambda kv: (kv[1].order, kv[0])))
    records["questions"] = dict(sorted(records["questions"].items(), key=lambda kv: (kv[1].order, kv[0])))
    ui = {k: model.Text(v["en"], v["zh"]) for k, v in (ui_doc.data or {}).items()}
    return model.Atlas(**records, ui=ui), [], docs


def fingerprint(data_dir: Path) -> tuple:
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(data_dir.rglob("*")) if p.is_file())


_cache: dict = {}


def data_dir_default(root: Path = ROOT) -> Path:
    """data/, unless ATLAS_DATA_DIR names another folder (tests build sites from their own data)."""
    env = os.environ.get("ATLAS_DATA_DIR")
    return Path(env).resolve() if env else root / "data"


def load_or_raise(data_dir: Path | None = None, root: Path | None = None) -> model.Atlas:
    """The build's entry point: the validated Atlas, cached until a data file changes, or every error at once."""
    root = root or ROOT
    data_dir = data_dir or data_dir_default(root)
    key = (str(data_dir), fingerprint(data_dir), fingerprint(root / "schemas"))
    if key not in _cache:
        atlas, errors = load(data_dir, root)
        if errors:
            raise DataValidationError(errors)
        _cache.clear()
        _cache[key] = atlas
    return _cache[key]
