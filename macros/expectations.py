"""What the site expects but does not require: warnings that name the file to add or change.

An error fails `make check` and the build; a warning does not. After adding an entity, the warnings list what it
still needs to take part fully (a new approach: its glossary term, its weights in the decision guide, a scenario
that chose it, a place in a comparison). Pure functions of the loaded atlas and its documents (for lines).

Two sorts of rule:
  - EXPECTED_FIELDS: optional fields that a file of a kind should have, with what they give. A new kind adds
    its folder here; kinds not listed get the generic rules only.
  - RULES: checks across files, one function per kind folder, each returning warnings.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import model
from .errors import format_path


@dataclass(frozen=True, order=True)
class Warning:
    file: str
    line: int
    field: str
    problem: str
    fix: str = ""

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"warning: {where}: " + (f"{self.field}: " if self.field else "") + self.problem + (
            f". Fix: {self.fix}" if self.fix else "")


# folder -> field -> (what it gives, an example line)
EXPECTED_FIELDS = {
    "sources": {
        "published": ("a paper's date (YYYY, YYYY-MM or YYYY-MM-DD, as the paper gives it); its page and citations "
                      "show it", "published: 2020-05"),
        "identifiers": ("a paper's arXiv id or DOI, so that readers find the work if its URL moves",
                        "identifiers: {arxiv: \"2005.11401\"}"),
    },
    "dimensions": {
        "rules": ("the decision rules shown on the dimension's page and in the decision tables",
                  "rules: [{text: {en: ..., zh: ...}, prefer: [rag], sources: [...]}]"),
    },
    "scenarios": {
        "guide_answers": ("how the case answers the decision guide's questions: the guide shows it as a similar "
                          "case, and `make check` proves those answers rank its chosen approach first",
                          "guide_answers: {knowledge-freshness: frequent}  # question id: option id"),
    },
}
# which fields apply only to some files of a kind (a source's identifiers: papers)
APPLIES = {("sources", "identifiers"): lambda data: data.get("type") == "paper",
           ("sources", "published"): lambda data: data.get("type") == "paper"}


def _file(docs, folder, ident) -> str:
    doc = docs.get((folder, ident))
    return doc.path if doc else f"data/{folder}/{ident}.yaml"


def _line(docs, folder, ident, path=()) -> int:
    doc = docs.get((folder, ident))
    return doc.where(path)[0] if doc else 0


def _expected_fields(atlas, docs) -> list:
    out = []
    for (folder, ident), doc in sorted(docs.items()):
        for name, (gives, example) in EXPECTED_FIELDS.get(folder, {}).items():
            data = doc.data if isinstance(doc.data, dict) else {}
            if data.get(name) or not APPLIES.get((folder, name), lambda d: True)(data):
                continue
            out.append(Warning(doc.path, 1, "", f"no '{name}': {gives}", f"add {example}"))
    return out


def _ancestors(atlas, ident) -> list:
    out, seen = [], {ident}
    parent = atlas.approaches[ident].parent
    while parent and parent not in seen and parent in atlas.approaches:
        out.append(parent)
        seen.add(parent)
        parent = atlas.approaches[parent].parent
    return out


def _approaches(atlas, docs) -> list:
    out = []
    termed = {t.approach for t in atlas.glossary.values() if getattr(t, "approach", None)}
    weighted: dict[str, list] = {}
    for q in atlas.questions.values():
        for i, o in enumerate(q.options):
            for a, w in dict(o.weights).items():
                if w:
                    weighted.setdefault(a, []).append((q.id, i))
    chosen = {a for s in atlas.scenarios.values() for a in s.chosen}
    compared = {a for c in atlas.comparisons.values() for a in c.approaches}
    first_q = next(iter(atlas.questions), None)
    for ident, a in atlas.approaches.items():
        f, line = _file(docs, "approaches", ident), 1
        if ident not in termed:
            out.append(Warning(f, line, "", "no glossary term names this approach: its names get no tooltip and the "
                               "glossary does not link its page",
                               f"add data/glossary/{ident}.yaml with `approach: {ident}` (make new KIND=glossary ID={ident})"))
        if ident not in weighted:
            via = next((p for p in _ancestors(atlas, ident) if p in weighted), None)
            where = f"data/questions/{first_q}.yaml, options[0].weights" if first_q else "data/questions/"
            if via:
                out.append(Warning(f, _line(docs, "approaches", ident, ("parent",)), "parent",
                                   f"no question gives it points of its own: it inherits every weight of '{via}' "
                                   f"(through parent: {a.parent}), so the guide scores it exactly as '{via}': no "
                                   f"answer gives it more points than '{via}'",
                                   f"to let answers tell them apart, give '{ident}: <points>' under the weights of "
                                   f"the options that favour it (e.g. {where})"))
            else:
                out.append(Warning(f, line, "", "no question of the decision guide gives it points: it scores 0 "
                                   "whatever the reader answers",
                                   f"add '{ident}: <points>' under the weights of the options that favour or "
                                   f"disfavour it (e.g. {where}; points are whole numbers, negative against it, "
                                   "with the option's sources), or set `parent:` to a broader approach to inherit "
                                   "its weights"))
        if ident not in chosen:
            out.append(Warning(f, line, "", "no scenario chose it: no case shows it in use, and the guide's rule "
                               "(its answers rank the chosen approach first) is never tried on it",
                               f"add data/scenarios/<id>.yaml with `chosen: [{ident}]` and `guide_answers:` "
                               "(make new KIND=scenario ID=<id>)"))
        if ident not in compared:
            out.append(Warning(f, line, "", "no comparison has it as a column: it is absent from the matrix and "
                               "the decision tables",
                               f"add '{ident}' to `approaches:` of a file in data/comparisons/ with a cell in each "
                               "row, or start one with make new KIND=comparison ID=<id>"))
    return out


def _dimensions(atlas, docs) -> list:
    rows = {r.dimension for c in atlas.comparisons.values() for r in c.rows}
    return [Warning(_file(docs, "dimensions", d), 1, "", "no comparison has a row for it: no cell rates an "
                    "approach on it", f"add a row `- dimension: {d}` with a cell per approach to a file in "
                    "data/comparisons/")
            for d in atlas.dimensions if d not in rows]


def _tools(atlas, docs) -> list:
    used = {t for a in atlas.approaches.values() for s in a.stack for t in s.tools}
    return [Warning(_file(docs, "tools", t), 1, "", "no approach's stack names it: it is not on the Tech stack page",
                    f"add '{t}' to the `tools:` of a stage under `stack:` in data/approaches/<id>.yaml")
            for t in atlas.tools if t not in used]


RULES = {"approaches": _approaches, "dimensions": _dimensions, "tools": _tools}


def _sections(atlas, docs) -> list:
    """A statement that cites a source whose file lists its work's sections says which section it comes from, so
    that its citation can name it (the statement's `section`). Questions' reasons are not shown with sections."""
    outlined = {s.id: s for s in atlas.sources.values() if s.sections}
    out = []
    for (folder, ident), doc in docs.items():
        if folder in ("sources", "questions", "results") or not isinstance(doc.data, dict):
            continue
        from .loader import walk

        for path, value in walk(doc.data):
            if not (isinstance(value, dict) and isinstance(value.get("sources"), list)) or "parts" in path[-2:-1]:
                continue
            where = value.get("section") if isinstance(value.get("section"), dict) else {}
            for src in value["sources"]:
                if src in outlined and src not in where:
                    first = outlined[src].sections[0].id
                    out.append(Warning(doc.path, doc.where(path)[0], format_path(path) or "(file)",
                                       f"cites {src} without saying where in the work: its file lists the work's "
                                       f"sections", f"add `section: {{{src}: {first}}}` with the section it comes "
                                       f"from (data/sources/{src}.yaml lists them)"))
    return out


def warnings(atlas: model.Atlas, docs: dict) -> list[Warning]:
    out = _expected_fields(atlas, docs) + _sections(atlas, docs)
    for folder, rule in RULES.items():
        if hasattr(atlas, folder):
            out += rule(atlas, docs)
    # by file, and within a file in the order of the rules (what to do first comes first)
    return sorted(dict.fromkeys(out), key=lambda w: w.file)


__all__ = ["Warning", "warnings", "EXPECTED_FIELDS", "RULES", "format_path"]
