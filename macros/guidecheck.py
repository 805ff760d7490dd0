"""The decision guide's own rule, in `make check`: answering as a scenario describes (its `guide_answers`) ranks
the approach it chose first, ahead of every approach that is not a variant of it.

The ranking comes from the one scoring rule, AtlasGuideScore.score(questions, answers, approaches) in
overrides/assets/javascripts/guide-score.js, run on macros/guide.page_data (the data the page itself scores), by
macros/js.py. Only that function and its signature are relied on; of its result, each entry's id and score (and
contributions, [{question, option, weight}], when present, to say which answers decided it). Variants (an
approach whose parent chain reaches the chosen one) may tie with it.
"""
from __future__ import annotations

from .errors import DataError
from .loader import ROOT

SCORE_JS = ROOT / "overrides" / "assets" / "javascripts" / "guide-score.js"


def _signed(n) -> str:
    return f"+{n}" if n > 0 else str(n)


def _weights(entry) -> dict:
    """question id -> points given to this approach by the answer to it."""
    out: dict = {}
    for c in entry.get("contributions") or []:
        out[c.get("question")] = out.get(c.get("question"), 0) + (c.get("weight") or 0)
    return out


def _ancestors(parents: dict, ident: str) -> list:
    out, p = [], parents.get(ident)
    while p and p not in out:
        out.append(p)
        p = parents.get(p)
    return out


def check(atlas, docs: dict, script=None) -> list[DataError]:
    from . import guide, js

    script = script or js.Script(SCORE_JS, "AtlasGuideScore")
    data = guide.page_data(atlas, "en")  # weights do not depend on the language
    parents = {a["id"]: a.get("parent") for a in data["approaches"]}
    errors = []
    for s in atlas.scenarios.values():
        if not s.guide_answers or not s.chosen:
            continue
        answers = dict(s.guide_answers)
        ranking = script.call("score", data["questions"], answers, data["approaches"])
        chosen = s.chosen[0]
        by_id = {r["id"]: r for r in ranking}
        if chosen not in by_id:
            continue
        top = ranking[0]
        ahead = [r for r in ranking if r["id"] != chosen and r["score"] >= by_id[chosen]["score"]
                 and chosen not in _ancestors(parents, r["id"])]
        if top["id"] == chosen and not ahead:
            continue
        doc = docs.get(("scenarios", s.id))
        line, col = doc.where(("guide_answers",)) if doc else (0, 0)
        shown = ", ".join(f"{n}. {r['id']} {_signed(r['score'])}" for n, r in enumerate(ranking[:5], 1))
        rival = ahead[0] if ahead else top
        mine, theirs = _weights(by_id[chosen]), _weights(rival)
        decided = []
        for q, o in answers.items():
            diff = theirs.get(q, 0) - mine.get(q, 0)
            if diff > 0:
                decided.append(f"{q}: {o} gives {rival['id']} {_signed(theirs.get(q, 0))}, {chosen} {_signed(mine.get(q, 0))}")
        problem = (f"these answers rank '{rival['id']}' {'first' if rival is top else 'level with'} and the chosen "
                   f"'{chosen}' {_signed(by_id[chosen]['score'])} (ranking: {shown})")
        if decided:
            problem += "; the answers that decided it: " + "; ".join(decided)
        errors.append(DataError(
            doc.path if doc else f"data/scenarios/{s.id}.yaml", line, col, "guide_answers", problem,
            f"the scenario's answers to rank its chosen approach ('{chosen}', the first of chosen:) first, ahead of "
            "every approach that is not a variant of it",
            "correct an answer that does not describe the case, or the weights in data/questions/<question>.yaml "
            "(each weight with its sources); the guide scores with overrides/assets/javascripts/guide-score.js"))
    return errors
