"""Typed records for every kind of data file. Built from validated YAML by ``loader``; read by renderers."""
from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field

LANGS = ("en", "zh")


@dataclass(frozen=True)
class Text:
    en: str
    zh: str

    def __call__(self, lang: str) -> str:
        return getattr(self, lang)


@dataclass(frozen=True)
class TextList:
    en: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()

    def __call__(self, lang: str) -> tuple[str, ...]:
        return getattr(self, lang)


@dataclass(frozen=True)
class Where:
    """Where in its sources' works a statement comes from: (source id, its section ids) pairs, for the sources whose
    file lists the work's sections (the statement's optional `section`, {source id: section id or ids})."""
    pairs: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def of(self, source: str) -> tuple[str, ...]:
        return dict(self.pairs).get(source, ())


@dataclass(frozen=True)
class ClaimPart:
    """A part of a claim (a sentence or clause, in both languages) with the sources that support that part."""
    text: Text
    sources: tuple[str, ...]


def runs(text: "Text", sources: tuple, parts: tuple) -> tuple:
    """A cited statement as printed, in order: each part with its own sources, or the whole text with all of them."""
    return tuple((p.text, p.sources) for p in parts) or ((text, sources),)


@dataclass(frozen=True)
class Claim:
    text: Text
    sources: tuple[str, ...]
    checked: str
    # which source supports which part, when its sources do not each support all of it; the parts joined give the
    # text (English with a space between parts, Chinese with nothing), and their sources together are `sources`
    parts: tuple[ClaimPart, ...] = ()
    section: Where = field(default_factory=Where)  # where in the works it comes from

    @property
    def runs(self) -> tuple[tuple[Text, tuple[str, ...]], ...]:
        """What a page prints, in order: each part with its own sources, or the whole text with all of them."""
        return runs(self.text, self.sources, self.parts)


@dataclass(frozen=True)
class Quantity:
    label: Text
    unit: str
    sources: tuple[str, ...]
    checked: str
    approach: str | None = None
    value: float | None = None
    min: float | None = None
    max: float | None = None
    approximate: bool = False
    per: str | None = None
    note: Text | None = None
    section: Where = field(default_factory=Where)  # where in the works it comes from

    @property
    def low(self) -> float:
        return self.value if self.value is not None else self.min

    @property
    def high(self) -> float:
        return self.value if self.value is not None else self.max


@dataclass(frozen=True)
class Identifiers:
    arxiv: str | None = None
    doi: str | None = None


@dataclass(frozen=True)
class Section:
    """A section of a source's work, as the work prints it (``heading`` false: a passage it prints no heading for)."""
    id: str
    title: Text
    heading: bool = True


@dataclass(frozen=True)
class Source:
    id: str
    type: str
    label: str
    title: Text
    language: str
    authors: tuple[str, ...]
    summary: Text
    checked: str
    url: str | None = None
    original_title: str | None = None
    publisher: str | None = None
    published: str | None = None
    licence: str | None = None
    identifiers: Identifiers = field(default_factory=Identifiers)
    seed: str | None = None
    further_reading: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()

    def section(self, ident: str) -> Section | None:
        return next((s for s in self.sections if s.id == ident), None)


@dataclass(frozen=True)
class StackStage:
    stage: Text
    tools: tuple[str, ...]
    sources: tuple[str, ...]
    checked: str
    section: Where = field(default_factory=Where)  # where in the works it comes from


@dataclass(frozen=True)
class Approach:
    id: str
    name: Text
    short_name: Text
    locus: str
    summary: Claim
    definition: tuple[Claim, ...]
    steps: tuple[Claim, ...]
    advantages: tuple[Claim, ...]
    drawbacks: tuple[Claim, ...]
    use_when: tuple[Claim, ...]
    avoid_when: tuple[Claim, ...]
    checked: str
    parent: str | None = None
    risks: tuple[Claim, ...] = ()
    examples: tuple[Claim, ...] = ()
    stack: tuple[StackStage, ...] = ()
    related: tuple[str, ...] = ()
    order: int = 500
    synthesis: tuple[Claim, ...] = ()  # the page's opening summary, one cited item per sentence


@dataclass(frozen=True)
class Tool:
    id: str
    name: str
    category: str
    url: str
    description: Claim
    checked: str


@dataclass(frozen=True)
class Rule:
    text: Text
    prefer: tuple[str, ...]
    sources: tuple[str, ...]
    checked: str
    section: Where = field(default_factory=Where)  # where in the works it comes from
    parts: tuple[ClaimPart, ...] = ()  # which source supports which part (of the text), as a claim's parts

    @property
    def runs(self) -> tuple[tuple[Text, tuple[str, ...]], ...]:
        return runs(self.text, self.sources, self.parts)


@dataclass(frozen=True)
class Dimension:
    id: str
    name: Text
    question: Text
    group: str
    description: Claim
    checked: str
    rules: tuple[Rule, ...] = ()
    synthesis: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class Cell:
    approach: str
    rating: str
    verdict: Text
    rationale: Text
    sources: tuple[str, ...]
    checked: str
    figures: tuple[str, ...] = ()
    section: Where = field(default_factory=Where)  # where in the works it comes from
    parts: tuple[ClaimPart, ...] = ()  # which source supports which part (of the rationale), as a claim's parts

    @property
    def runs(self) -> tuple[tuple[Text, tuple[str, ...]], ...]:
        return runs(self.rationale, self.sources, self.parts)


@dataclass(frozen=True)
class Row:
    dimension: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Reproduction:
    source: str
    table: Text


@dataclass(frozen=True)
class Comparison:
    id: str
    title: Text
    summary: Claim
    approaches: tuple[str, ...]
    rows: tuple[Row, ...]
    checked: str
    context: tuple[Claim, ...] = ()
    reproduces: tuple[Reproduction, ...] = ()
    conclusions: tuple[Claim, ...] = ()
    featured: bool = False
    synthesis: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class Scenario:
    id: str
    title: Text
    type: str
    domain: Text
    summary: Claim
    chosen: tuple[str, ...]
    why: tuple[Claim, ...]
    checked: str
    implementation: tuple[Claim, ...] = ()
    outcomes: tuple[Quantity, ...] = ()
    lessons: tuple[Claim, ...] = ()
    dimensions: tuple[str, ...] = ()
    guide_answers: dict[str, str] = field(default_factory=dict)  # question id -> option id (data/questions/)


@dataclass(frozen=True)
class Figure:
    id: str
    name: Text
    kind: str
    description: Text
    values: tuple[Quantity, ...]
    checked: str


@dataclass(frozen=True)
class Pattern:
    id: str
    name: Text
    summary: Claim
    approaches: tuple[str, ...]
    flow: tuple[Claim, ...]
    fits: tuple[Claim, ...]
    checked: str
    scenarios: tuple[str, ...] = ()


@dataclass(frozen=True)
class Phase:
    name: Text
    approaches: tuple[str, ...]
    goals: tuple[Claim, ...]
    timing: Quantity | None = None
    triggers: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class Roadmap:
    id: str
    name: Text
    summary: Claim
    phases: tuple[Phase, ...]
    checked: str


@dataclass(frozen=True)
class Trend:
    id: str
    name: Text
    summary: Claim
    points: tuple[Claim, ...]
    checked: str
    approaches: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleOfThumb:
    """A rule of thumb: when to choose one approach, as a cited claim."""

    approach: str
    text: Text
    sources: tuple[str, ...]
    checked: str
    section: Where = field(default_factory=Where)  # where in the works it comes from
    parts: tuple[ClaimPart, ...] = ()  # which source supports which part (of the text), as a claim's parts

    @property
    def runs(self) -> tuple[tuple[Text, tuple[str, ...]], ...]:
        return runs(self.text, self.sources, self.parts)


@dataclass(frozen=True)
class Advice:
    id: str
    audience: Text
    summary: Claim
    items: tuple[Claim, ...]
    checked: str
    rules_of_thumb: tuple[RuleOfThumb, ...] = ()


@dataclass(frozen=True)
class Remedy:
    approach: str
    text: Text
    sources: tuple[str, ...]
    checked: str
    section: Where = field(default_factory=Where)  # where in the works it comes from
    parts: tuple[ClaimPart, ...] = ()  # which source supports which part (of the text), as a claim's parts

    @property
    def runs(self) -> tuple[tuple[Text, tuple[str, ...]], ...]:
        return runs(self.text, self.sources, self.parts)


@dataclass(frozen=True)
class Challenge:
    id: str
    name: Text
    description: Claim
    checked: str
    addressed_by: tuple[Remedy, ...] = ()


@dataclass(frozen=True)
class Term:
    id: str
    term: Text
    definition: Claim
    checked: str
    aliases: TextList = field(default_factory=TextList)
    related: tuple[str, ...] = ()
    approach: str | None = None
    avoid_zh: tuple[str, ...] = ()  # Chinese names the site does not use for this concept


@dataclass(frozen=True)
class Option:
    id: str
    label: Text
    why: Text
    checked: str
    weights: dict[str, int] = field(default_factory=dict)  # approach id -> points; unlisted: the parent's
    sources: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    section: Where = field(default_factory=Where)  # where in the works it comes from


@dataclass(frozen=True)
class Question:
    id: str
    order: int
    dimension: str
    text: Text
    help: Text
    options: tuple[Option, ...]
    checked: str


@dataclass(frozen=True)
class Arm:
    id: str
    label: Text
    approach: str | None = None
    baseline: bool = False
    variant: Text | None = None


@dataclass(frozen=True)
class Location:
    kind: str  # table | figure
    number: str
    section: str | None = None
    version: str | None = None


@dataclass(frozen=True)
class Metric:
    name: Text
    direction: str  # higher-is-better | lower-is-better
    unit: str  # fraction | percent | score | parameters


@dataclass(frozen=True)
class ResultRow:
    id: str
    task: Text
    model: Text
    values: dict = field(default_factory=dict)  # arm id -> "0.556" or {printed, approximate, read_from}
    setting: Text | None = None


@dataclass(frozen=True)
class ResultTable:
    id: str
    location: Location
    caption: Text
    metric: Metric
    rows: tuple[ResultRow, ...]
    conditions: TextList = field(default_factory=TextList)


@dataclass(frozen=True)
class Reading:
    supports: Text
    limits: Text


@dataclass(frozen=True)
class Contrast:
    comparison: str
    dimension: str
    approach: str
    note: Text


@dataclass(frozen=True)
class Study:
    """What one study measured (data/results/): its arms, and each table's rows of values as printed."""

    id: str
    title: Text
    source: str
    summary: Text
    reading: Reading
    dimensions: tuple[str, ...]
    arms: tuple[Arm, ...]
    tables: tuple[ResultTable, ...]
    checked: str
    not_transcribed: tuple[Text, ...] = ()
    contrasts: tuple[Contrast, ...] = ()


@dataclass(frozen=True)
class Kind:
    folder: str  # data/<folder>/
    schema: str  # schemas/<schema>.schema.json
    record: type
    page_dir: str | None  # docs path of the entity's own page, or None when it has none


KINDS: tuple[Kind, ...] = (
    Kind("sources", "source", Source, "sources"),
    Kind("approaches", "approach", Approach, "approaches"),
    Kind("tools", "tool", Tool, None),
    Kind("dimensions", "dimension", Dimension, "dimensions"),
    Kind("comparisons", "comparison", Comparison, "comparisons"),
    Kind("scenarios", "scenario", Scenario, "scenarios"),
    Kind("figures", "figure", Figure, None),
    Kind("patterns", "pattern", Pattern, "patterns"),
    Kind("roadmaps", "roadmap", Roadmap, None),
    Kind("trends", "trend", Trend, None),
    Kind("advice", "advice", Advice, None),
    Kind("challenges", "challenge", Challenge, None),
    Kind("glossary", "glossary", Term, None),
    Kind("questions", "question", Question, None),
    Kind("results", "result", Study, "evidence"),
)
KIND_BY_FOLDER = {k.folder: k for k in KINDS}


@dataclass(frozen=True)
class Atlas:
    """Everything in data/, validated and typed. Entities of a kind keep file-name order."""

    sources: dict[str, Source]
    approaches: dict[str, Approach]
    tools: dict[str, Tool]
    dimensions: dict[str, Dimension]
    comparisons: dict[str, Comparison]
    scenarios: dict[str, Scenario]
    figures: dict[str, Figure]
    patterns: dict[str, Pattern]
    roadmaps: dict[str, Roadmap]
    trends: dict[str, Trend]
    advice: dict[str, Advice]
    challenges: dict[str, Challenge]
    glossary: dict[str, Term]
    ui: dict[str, Text]
    questions: dict[str, Question] = field(default_factory=dict)
    results: dict[str, Study] = field(default_factory=dict)

    def kind(self, folder: str) -> dict:
        return getattr(self, folder)

    def t(self, key: str, lang: str) -> str:
        return self.ui[key](lang)


# --- building records from validated dictionaries -------------------------------------------------

def build(cls, data: dict, checked: str):
    """Build a record of type ``cls`` from schema-valid data; claims inherit the file's ``checked``."""
    return _convert(cls, data, checked)


@functools.lru_cache(maxsize=None)
def _hints(tp) -> dict:
    """A record type's field types (resolving them is slow; a load asks for them once per value)."""
    return typing.get_type_hints(tp)


def _convert(tp, value, checked):
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return None if value is None else _convert(args[0], value, checked)
    if origin is tuple:
        (item,) = typing.get_args(tp)[:1]
        return tuple(_convert(item, v, checked) for v in (value or ()))
    if tp is Text:
        if isinstance(value, str):  # a proper name, the same in both languages (a study's dataset or model)
            return Text(value, value)
        return Text(value["en"], value["zh"])
    if tp is Where:
        return Where(tuple((s, (v,) if isinstance(v, str) else tuple(v)) for s, v in value.items()))
    if tp is TextList:
        return TextList(tuple(value.get("en", ())), tuple(value.get("zh", ())))
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        kwargs = {}
        for f in dataclasses.fields(tp):
            if f.name == "text" and hints[f.name] is Text and "text" not in value:
                kwargs["text"] = Text(value["en"], value["zh"])  # flat {en, zh, sources} claims
            elif f.name == "checked":
                kwargs["checked"] = value.get("checked", checked)
            elif f.name in value:
                kwargs[f.name] = _convert(hints[f.name], value[f.name], checked)
        return tp(**kwargs)
    return value


def build_comparison(data: dict, checked: str) -> Comparison:
    rows = []
    for row in data["rows"]:
        cells = tuple(build(Cell, {**row["cells"][a], "approach": a}, checked)
                      for a in data["approaches"] if a in row["cells"])
        rows.append(Row(row["dimension"], cells))
    plain = {k: v for k, v in data.items() if k != "rows"}
    return dataclasses.replace(build(Comparison, {**plain, "rows": []}, checked), rows=tuple(rows))
