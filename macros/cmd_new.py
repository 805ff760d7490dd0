"""`python -m macros.cli new KIND ID` (make new KIND=… ID=…): write a commented starting file.

The file is generated from the kind's JSON Schema (the one source of truth): every field the schema requires,
with its title and description as comments and allowed values listed, and, commented out with an example, the
optional fields that matter (OPTIONAL below). Every value the contributor must decide is a visible placeholder
that fails `make check` until replaced: text and dates `TODO`, choices `TODO` (the check lists the allowed values),
references `todo-<kind>` (the check lists the existing ids). It never needs the data to load: it works while
other files still have errors (a new source that nothing cites yet).
"""
from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

from . import model
from .loader import REFERENCES, RELATED, ROOT, data_dir_default

TODO_EN = "TODO: "
TODO_ZH = "TODO："


def register(sub) -> None:
    p = sub.add_parser("new", help="write a commented starting file: new KIND ID")
    p.add_argument("kind", help="kind folder or its singular, e.g. comparison or comparisons")
    p.add_argument("id", help="kebab-case id (the file name)")
    p.add_argument("--stdout", action="store_true", help="print instead of writing data/<kind>/<id>.yaml")
    p.set_defaults(func=run)


class Writer:
    def __init__(self, schemas: dict, atlas, folder: str, ident: str):
        self.schemas, self.atlas, self.folder, self.ident = schemas, atlas, folder, ident
        self.lines: list[str] = []
        self.counter = 0

    def resolve(self, node: dict, base: str) -> tuple[dict, str]:
        while "$ref" in node:
            ref = node["$ref"]
            file, _, pointer = ref.partition("#")
            file = file or base
            target = self.schemas[file]
            for part in [p for p in pointer.split("/") if p]:
                target = target[part]
            merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
            node, base = merged, file
        return node, base

    def target(self, field: str) -> str | None:
        return RELATED.get(self.folder) if field == "related" else REFERENCES.get(field)

    def existing(self, field: str, n: int = 1) -> list[str]:
        """Placeholders for n references (todo-source, todo-approach-1, ...): they fail the check, which then
        lists the existing ids."""
        target = self.target(field)
        if target is None:
            return []
        singular = model.KIND_BY_FOLDER[target].schema
        return [f"todo-{singular}" if n == 1 else f"todo-{singular}-{i + 1}" for i in range(n)]

    def known(self, field: str, limit: int = 8) -> str:
        """A comment naming some existing ids of the field's kind (read from the file names)."""
        target = self.target(field)
        ids = sorted(p.stem for p in (data_dir_default(ROOT) / target).glob("*.yaml")) if target else []
        ids = [i for i in ids if not (target == self.folder and i == self.ident)]
        if not ids:
            return ""
        return f"  # existing: {', '.join(ids[:limit])}" + (f", … (data/{target}/)" if len(ids) > limit else "")

    def comment(self, indent: int, node: dict, name: str) -> None:
        bits = [node.get("title") or name]
        if node.get("description"):
            bits.append(node["description"])
        if "enum" in node:
            bits.append("one of: " + ", ".join(map(str, node["enum"])))
        self.lines.append(" " * indent + "# " + " — ".join(bits))

    def value(self, name: str, node: dict, base: str, indent: int, key: str) -> None:
        node, base = self.resolve(node, base)
        pad = " " * indent
        props = node.get("properties", {})
        if name == "id" and indent == 0:
            self.lines.append(f"{pad}{key}: {self.ident}")
        elif name == "id":  # ids of items inside the file (a question's options)
            self.counter += 1
            self.lines.append(f"{pad}{key}: todo-{self.counter}")
        elif name == "order":
            self.lines.append(f"{pad}{key}: 100")
        elif set(props) >= {"en", "zh"} and node.get("type") == "object" and "sources" not in props and \
                props["en"].get("type") != "array" and "$ref" in json.dumps(props["en"]):
            self.lines.append(f'{pad}{key}: {{en: "{TODO_EN}{name}", zh: "{TODO_ZH}{name}"}}')
        elif node.get("type") == "object" and props:
            self.lines.append(f"{pad}{key}:")
            self.mapping(node, base, indent + 2)
        elif name == "weights":  # approach id -> points
            self.lines.append(f"{pad}{key}: {{todo-approach: TODO}}{self.known('approaches')}")
        elif node.get("type") == "object":  # mapping keyed by ids (comparison cells)
            self.lines.append(f"{pad}{key}: {{}}")
        elif node.get("type") == "array":
            items, ibase = self.resolve(node.get("items", {}), base)
            refs = self.existing(name, max(node.get("minItems", 1), 2 if name == "approaches" else 1))
            if items.get("type") == "string":
                self.lines.append(f"{pad}{key}: [{', '.join(refs)}]{self.known(name)}" if refs
                                  else f'{pad}{key}: ["{TODO_EN}{name}"]')
            else:
                self.lines.append(f"{pad}{key}:")
                for _ in range(max(node.get("minItems", 1), 1)):
                    self.lines.append(f"{pad}  -")
                    self.mapping(items, ibase, indent + 4)
        elif "enum" in node:
            self.lines.append(f"{pad}{key}: TODO  # one of: {', '.join(map(str, node['enum']))}")
        elif name in REFERENCES or name == "related":
            refs = self.existing(name)
            self.lines.append(f"{pad}{key}: {refs[0] if refs else 'TODO'}{self.known(name)}")
        elif node.get("pattern", "").startswith("^[0-9]{4}-"):
            self.lines.append(f"{pad}{key}: TODO  # the day you compared it with its sources, "
                              f"e.g. {datetime.date.today().isoformat()}")
        elif node.get("type") in ("number", "integer"):
            self.lines.append(f"{pad}{key}: TODO  # the number exactly as the source gives it")
        elif node.get("type") == "boolean":
            self.lines.append(f"{pad}{key}: false")
        elif "http" in node.get("pattern", ""):
            self.lines.append(f"{pad}{key}: https://example.org/TODO")
        elif name == "en":
            self.lines.append(f'{pad}{key}: "{TODO_EN}the English text"')
        elif name == "zh":
            self.lines.append(f'{pad}{key}: "{TODO_ZH}中文文本"')
        else:
            self.lines.append(f'{pad}{key}: "{TODO_EN}{name}"')

    def mapping(self, node: dict, base: str, indent: int) -> None:
        node, base = self.resolve(node, base)
        # fields required unless a condition holds (a source needs a url unless it is a founding article)
        required = node.get("required", []) + [r for r in node.get("then", {}).get("required", [])
                                               if r not in node.get("required", [])]
        props = node.get("properties", {})
        # a quantity needs exactly one of value, or min and max: start with value
        wanted = OPTIONAL.get((self.folder, "" if indent == 0 else "item"), {}) if indent <= 4 else {}
        for name in required + [p for p in ("value",) if p in props and "unit" in props] + [
                p for p in wanted if p in props and wanted[p] is None]:
            if name not in props:
                continue
            sub, sbase = self.resolve(props[name], base)
            self.comment(indent, sub, name)
            self.value(name, props[name], base, indent, name)
        for name, example in wanted.items():
            if example is None or name not in props or name in required:
                continue
            sub, _ = self.resolve(props[name], base)
            self.lines.append(" " * indent + f"# Optional, and it matters — {sub.get('title') or name}"
                              + (f": {sub['description']}" if sub.get("description") else "")
                              + ". Remove the # to use it:")
            self.lines.extend(" " * indent + "# " + line for line in example.splitlines())
        if self.folder == "comparisons" and indent == 0:
            self.comparison_rows()
        if self.folder == "results" and indent == 0:
            self.result_values()

    def comparison_rows(self) -> None:
        # replace the generic 'rows' with one row holding a cell for each listed approach
        start = next(i for i, l in enumerate(self.lines) if l.startswith("rows:"))
        end = next((i for i in range(start + 1, len(self.lines)) if self.lines[i] and not self.lines[i].startswith(" ")
                    and not self.lines[i].startswith("#")), len(self.lines))
        approaches = self.existing("approaches", 2)
        dim = self.existing("dimension")[0]
        row = ["rows:", "  # One row per decision dimension; one cell per approach listed above.",
               f"  - dimension: {dim}{self.known('dimension')}", "    cells:"]
        for a in approaches:
            row += [f"      {a}:",
                    "        # strong, good, mixed, weak or not-applicable: how well the approach serves this dimension",
                    "        rating: TODO",
                    f'        verdict: {{en: "{TODO_EN}a few words", zh: "{TODO_ZH}几个字"}}',
                    f'        rationale: {{en: "{TODO_EN}why, in one to three sentences", zh: "{TODO_ZH}理由"}}',
                    f"        sources: [{self.existing('sources')[0]}]  # the sources that say so"]
        self.lines[start:end] = row


    def result_values(self) -> None:
        # an arm is an approach (or the baseline); a table's number and one value per arm, as printed
        for i, line in enumerate(list(self.lines)):
            if line.strip().startswith("label:") and self.lines[i - 2].strip().startswith("id: todo-1"):
                pad = line[: len(line) - len(line.lstrip())]
                self.lines[i + 1:i + 1] = [f"{pad}# The approach this arm is a variant of (or write baseline: true instead)",
                                           f"{pad}approach: {self.existing('approach')[0]}"]
                break
        for i, line in enumerate(self.lines):
            if line.strip() == 'number: "TODO: number"':
                self.lines[i] = line.replace('"TODO: number"', '"1"  # TODO: the table number as printed')
            elif line.strip() == "values: {}":
                self.lines[i] = line.replace("{}", '{todo-1: "0"}  # TODO: each arm\'s value exactly as printed, quoted')


# The optional fields that matter, per kind ("" the file's top level, "item" the items of its lists): an example
# written commented out, or None to write the field itself (with placeholders) as if it were required.
OPTIONAL = {
    ("sources", ""): {
        "published": "published: 2020-05  # YYYY, YYYY-MM or YYYY-MM-DD, as the work gives it",
        "identifiers": 'identifiers: {arxiv: "2005.11401"}  # or doi: 10.xxxx/...; a paper\'s persistent id',
        "publisher": "publisher: Hugging Face",
    },
    ("approaches", ""): {
        "parent": "parent: fine-tuning  # the broader approach: the guide gives this one its weights where the\n"
                  "#                      questions list none of its own, and its page sits under the parent's",
        "order": "order: 35  # its place in lists and the navigation",
        "related": "related: [rag]",
    },
    ("dimensions", ""): {
        "rules": "rules:\n  - text: {en: \"Knowledge changes weekly or faster\", zh: \"知识每周或更频繁地变化\"}\n"
                 "    prefer: [rag]  # approach ids this rule points to\n    sources: [todo-source]",
    },
    ("scenarios", ""): {
        "guide_answers": "guide_answers:  # question id (data/questions/) -> option id, for what the case settles;\n"
                         "#   make check proves these answers rank the first of `chosen:` first\n"
                         "  freshness: frequent\n  citations: required",
        "outcomes": "outcomes:\n  - label: {en: Answer accuracy, zh: 回答准确率}\n    value: 91  # exactly as the source gives it\n"
                    "    unit: percent\n    sources: [todo-source]",
    },
    ("glossary", ""): {
        "aliases": "aliases: {en: [RAG], zh: [检索增强]}  # other names that also get the tooltip",
        "approach": "approach: rag  # the approach this term names: the glossary links its page",
    },
    ("questions", "item"): {"sources": None},
}


def starting_file(folder: str, ident: str) -> str:
    kind = model.KIND_BY_FOLDER[folder]
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "schemas").glob("*.schema.json")}
    name = f"{kind.schema}.schema.json"
    w = Writer(schemas, None, folder, ident)
    w.lines += [f"# yaml-language-server: $schema=../../schemas/{name}",
                f"# {schemas[name]['title']}: {schemas[name].get('description', '')}",
                "# Started by `make new`. Every TODO and todo-… is yours to decide: `make check` fails on each one left",
                "# and says what it expects (the allowed values, the existing ids). '# Optional, and it matters' lines",
                f"# show optional fields worth filling in, commented out; every field is in schemas/{name}."]
    w.mapping(schemas[name], name, 0)
    return "\n".join(w.lines) + "\n"


def run(args) -> int:
    folder = args.kind if args.kind in model.KIND_BY_FOLDER else next(
        (k.folder for k in model.KINDS if k.schema == args.kind), None)
    if folder is None:
        print(f"unknown kind '{args.kind}'; expected one of {', '.join(k.schema for k in model.KINDS)}", file=sys.stderr)
        return 2
    from .loader import ID_RE
    if not ID_RE.match(args.id):
        print(f"id '{args.id}' is not kebab-case; expected lowercase letters, digits and single hyphens", file=sys.stderr)
        return 2
    text = starting_file(folder, args.id)
    if args.stdout:
        print(text, end="")
        return 0
    path = data_dir_default(ROOT) / folder / f"{args.id}.yaml"
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    if path.exists():
        print(f"{shown} already exists; ids never change, pick another", file=sys.stderr)
        return 1
    path.write_text(text, encoding="utf-8")
    print(f"wrote {shown}: replace every TODO and todo-… (make check lists each one left), then run `make check`")
    return 0
