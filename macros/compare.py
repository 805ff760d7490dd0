"""Picking and filtering tables in the browser: the compare page (approaches x dimensions, the reader's pick) and
the filters of the matrix and of the lists of scenarios and sources.

For each such table the page carries its facets as JSON (overrides/partials/atlas/filters.html): what each row
and approach column is (ids, dimension group, ratings, approaches, kind of source) and the labels of the
controls, in table order. compare.js builds the controls from it, hides what is not picked, keeps the choice in
the URL and copies the table as shown. Without JavaScript the whole table stands as it is.
"""
from __future__ import annotations

from . import snippets, tablespecs
from .render import Ctx, framed
from .text import colon

RATINGS = tablespecs.RATINGS


def _options(ctx: Ctx, ids, label) -> list[dict]:
    return [{"id": i, "label": label(i)} for i in ids]


def _approach_options(ctx: Ctx, ids) -> list[dict]:
    return _options(ctx, ids, lambda a: ctx.atlas.approaches[a].short_name(ctx.lang))


def _group_options(ctx: Ctx, groups) -> list[dict]:
    return _options(ctx, [g for g in tablespecs.GROUPS if g in groups], lambda g: ctx.t("group_" + g))


def facets(ctx: Ctx, table_id: str) -> dict | None:
    """The facets of one filterable table, or None. Keys: columns (approach id per column after the first, or
    None), rows (per row: dimension, group, ratings, approaches, type), controls (what can be picked)."""
    atlas = ctx.atlas
    if table_id in ("matrix", "compare"):
        cells, used, dims = tablespecs.matrix_cells(atlas)
        rows = [{"id": d, "group": atlas.dimensions[d].group,
                 "ratings": sorted({x.rating for a in used for _, x in cells.get((d, a), [])}, key=RATINGS.index)}
                for d in dims]
        controls = [{"key": "a", "label": ctx.t("filter_approaches"), "on": "columns",
                     "options": _approach_options(ctx, used)}]
        if table_id == "compare":
            controls.append({"key": "d", "label": ctx.t("filter_dimensions"), "on": "id",
                             "options": _options(ctx, dims, lambda d: atlas.dimensions[d].name(ctx.lang)),
                             "grouped": {g["id"]: g["label"] for g in _group_options(ctx, {r["group"] for r in rows})},
                             "groups": {d: atlas.dimensions[d].group for d in dims}})
        controls.append({"key": "group", "label": ctx.t("filter_group"), "on": "group",
                         "options": _group_options(ctx, {r["group"] for r in rows})})
        controls.append({"key": "rating", "label": ctx.t("filter_rating"), "on": "ratings",
                         "options": _options(ctx, RATINGS, lambda r: ctx.t("rating_" + r.replace("-", "_")))})
        return {"table": table_id, "columns": [None, *used], "rows": rows, "controls": controls}
    if table_id.startswith("scenarios-"):
        kind = table_id.removeprefix("scenarios-")
        items = [s for s in atlas.scenarios.values() if s.type == kind]
        rows = [{"approaches": list(s.chosen)} for s in items]
        used = [a for a in atlas.approaches if any(a in r["approaches"] for r in rows)]
        return {"table": table_id, "columns": [], "rows": rows,
                "controls": [{"key": "a", "label": ctx.t("filter_approaches"), "on": "approaches",
                              "options": _approach_options(ctx, used)}]}
    if table_id.startswith("sources-"):
        founding = table_id == "sources-founding-articles"
        items = [s for s in atlas.sources.values() if bool(s.seed) == founding]
        types = sorted({s.type for s in items})
        return {"table": table_id, "columns": [], "rows": [{"type": s.type} for s in items],
                "controls": [{"key": "type", "label": ctx.t("filter_type"), "on": "type",
                              "options": _options(ctx, types, lambda t: ctx.t("source_type_" + t.replace("-", "_")))}]}
    return None


def labels(ctx: Ctx) -> dict:
    return {k: ctx.t(k) for k in ("filter_label", "filter_clear", "filter_shown", "filter_copy_csv", "filter_none_hint")}


def filterable(ctx: Ctx, table_id: str, dom_id: str | None = None) -> str:
    """A table framed as everywhere, preceded by its facets and the (hidden until scripted) place of its controls."""
    f = facets(ctx, table_id)
    table = framed(ctx, table_id, dom_id)
    if f is None or not table:
        return table

    named = {**labels(ctx), "filter_label": f"{ctx.t('filter_label')}{colon(ctx.lang)}{ctx.tables[table_id].title}"}  # one per table
    return snippets.render("filters.html", table_id=table_id, facets=f, labels=named) + "\n\n" + table


def compare_page(ctx: Ctx) -> str:
    return filterable(ctx, "compare")
