"""A contributor's path works as CONTRIBUTING.md says: `make new` starts a valid file for every kind,
placeholders never get through, the walkthrough's file and its error messages are real, `make diff` tells
what a change alters."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from macros import diff, loader, model
from macros.cmd_new import starting_file

ROOT = Path(__file__).resolve().parent.parent
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", [k.folder for k in model.KINDS])
def test_make_new_writes_a_commented_file_whose_every_decision_fails_the_check(kind, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    text = starting_file(kind, "zz-new-entity")
    assert text.startswith(f"# yaml-language-server: $schema=../../schemas/{model.KIND_BY_FOLDER[kind].schema}.schema.json")
    assert "TODO" in text and text.count("\n# ") + text.count("  # ") >= 3
    (data / kind / "zz-new-entity.yaml").write_text(text, encoding="utf-8")
    _, errors = loader.load(data, ROOT)
    lines = text.splitlines()
    mine = [e for e in errors if e.file.endswith(f"{kind}/zz-new-entity.yaml")]
    assert mine, "a starting file passes the checks before its placeholders are replaced"
    # every error points at a placeholder line: nothing else is wrong with the file
    for e in mine:
        assert e.line and re.search(r"TODO|todo-", lines[e.line - 1]), (e.format(), lines[e.line - 1])
    # every TODO is reported in this first run; a todo-… reference names no file, so the reference check (which
    # runs once the file matches its schema) refuses it
    flagged = {e.line for e in mine}
    for n, line in enumerate(lines, 1):
        code = line.split("  #")[0]
        if not line.lstrip().startswith("#") and "TODO" in code:
            assert n in flagged, (n, line)
        for ref in re.findall(r"\btodo-[a-z0-9-]+", code):
            assert not list(data.glob(f"*/{ref}.yaml")), ref


@pytest.mark.parametrize("kind,fields", [
    ("sources", ["published", "identifiers"]), ("dimensions", ["rules"]), ("scenarios", ["guide_answers"]),
    ("glossary", ["aliases", "approach"]), ("approaches", ["parent"])])
def test_make_new_shows_the_optional_fields_that_matter_with_examples(kind, fields):
    text = starting_file(kind, "zz-new-entity")
    for f in fields:
        assert re.search(rf"(?m)^# Optional, and it matters .*\n# {f}:\s+\S", text), (f, text[-1500:])


def test_a_questions_options_cite_their_sources_from_the_start():
    text = starting_file("questions", "zz-new-entity")
    assert text.count("    sources: [todo-source]") == text.count("    weights: ") >= 2


def test_make_new_works_while_a_new_source_is_not_yet_cited(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    env = {**os.environ, "ATLAS_DATA_DIR": str(data)}
    # a source added first, filled in, and not yet cited by anything: the data does not load
    src = (data / "sources" / "gao-2023-rag-survey.yaml").read_text(encoding="utf-8")
    (data / "sources" / "zz-new-source.yaml").write_text(src.replace("id: gao-2023-rag-survey", "id: zz-new-source"),
                                                         encoding="utf-8")
    for kind, ident in (("approach", "zz-new-approach"), ("comparison", "zz-new-comparison"), ("source", "zz-other")):
        proc = subprocess.run([sys.executable, "-m", "macros.cli", "new", kind, ident], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert (data / "approaches" / "zz-new-approach.yaml").exists()
    check = subprocess.run([sys.executable, "-m", "macros.cli", "check", "--data", str(data)], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert "zz-new-source' is never cited" in check.stderr and "placeholder left from `make new`" in check.stderr


def test_make_new_refuses_an_existing_id_and_a_bad_id():
    for args, code in ((["new", "approach", "rag"], 1), (["new", "approach", "Bad_Id"], 2), (["new", "nonsense", "x"], 2)):
        proc = subprocess.run([sys.executable, "-m", "macros.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert proc.returncode == code, proc.stderr
        assert proc.stderr.strip()


def test_no_placeholder_is_left_in_the_data():
    left = []
    for f in sorted((ROOT / "data").rglob("*.yaml")):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bTODO\b|https://example\.org/TODO", line):
                left.append(f"{f.relative_to(ROOT)}:{n}: placeholder left from `make new`: {line.strip()[:80]}")
    assert left == []


def test_the_walkthrough_file_checks_and_its_typo_gives_the_documented_errors(tmp_path):
    example = re.search(r"Fill it in until it reads like this:\n\n   ```yaml\n(.*?)\n   ```", CONTRIBUTING, re.S).group(1)
    example = "\n".join(line[3:] for line in example.splitlines())
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    target = data / "comparisons" / "rag-vs-prompt-engineering.yaml"
    target.write_text(example + "\n", encoding="utf-8")
    _, errors = loader.load(data, ROOT)
    assert errors == []
    target.write_text(example.replace("approaches: [rag, prompt-engineering]", "approaches: [rag, prompt-engineerin]") + "\n",
                      encoding="utf-8")
    _, errors = loader.load(data, ROOT)
    got = "\n".join(e.format().replace(str(data), "data") for e in errors).splitlines()
    documented = re.search(r"then a count:\n\n   ```\n(.*?)\n   ```", CONTRIBUTING, re.S).group(1)
    lines = [line[3:] for line in documented.splitlines()]
    assert lines[-1] == f"{len(errors)} data error{'s' if len(errors) != 1 else ''} found; nothing was built."
    assert_same_meaning(lines[:-1], got)


def assert_same_meaning(documented: list[str], got: list[str]) -> None:
    """The documented messages, line for line, are the real ones, except that '…' stands for any text (a list of
    ids that grows with the data): so adding data never needs CONTRIBUTING.md edited."""
    assert len(documented) == len(got), (documented, got)
    for doc, real in zip(documented, got):
        pattern = ".*?".join(re.escape(part.strip()) for part in doc.split("…"))
        assert re.fullmatch(r"\s*" + pattern + r".*", real), f"documented:\n{doc}\nreal:\n{real}"


def data_with_a_new_approach(tmp_path):
    """A copy of data/ with a filled-in approach that nothing else mentions yet: distillation's file, renamed
    distilled-rag and without its parent (a top-level approach: it inherits no weights)."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    text = (data / "approaches" / "distillation.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^parent: .*\n", "", text)
    (data / "approaches" / "distilled-rag.yaml").write_text(text.replace("id: distillation", "id: distilled-rag"),
                                                            encoding="utf-8")
    return data


def test_the_documented_warnings_of_a_new_approach_are_the_real_ones(tmp_path):
    from macros import expectations
    data = data_with_a_new_approach(tmp_path)
    atlas, errors, docs = loader.load_documents(data, ROOT)
    assert errors == []
    got = [w.format().replace(str(data), "data") for w in expectations.warnings(atlas, docs)]
    got = [w for w in got if "distilled-rag.yaml" in w]
    documented = re.search(r"they read like this \(`…` stands for text left out here\):\n\n```\n(.*?)\n```",
                           CONTRIBUTING, re.S).group(1).splitlines()
    assert_same_meaning(documented, got)


def test_diff_names_the_pages_tables_and_cells_a_change_alters(mini_atlas):
    comp = mini_atlas.comparisons["retrieval-vs-tuning"]
    row = comp.rows[0]
    cell = replace(row.cells[1], rating="good", verdict=model.Text("Retrain sometimes", "偶尔重训"))
    changed = replace(comp, rows=(replace(row, cells=(row.cells[0], cell)), *comp.rows[1:]))
    new = replace(mini_atlas, comparisons={"retrieval-vs-tuning": changed})
    report = diff.compare(mini_atlas, new, "en")
    assert "comparisons/retrieval-vs-tuning/" in report.pages_changed
    cells = report.cells["retrieval-vs-tuning"]
    assert ("Freshness", "Tuning", "Weak Retrain [Alpha 2024]", "Good Retrain sometimes [Alpha 2024]") in cells
    assert "matrix" in report.cells and "freshness-in-retrieval-vs-tuning" in report.cells
    text = diff.markdown(report, "main")
    assert "Freshness / Tuning: Weak Retrain [Alpha 2024] → Good Retrain sometimes [Alpha 2024]" in text
    assert diff.compare(mini_atlas, mini_atlas, "en").empty


def test_make_diff_runs_against_git(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "macros.cli", "diff", "HEAD", "--lang", "en"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("## Changes against `HEAD` (/en/)")


def test_every_data_file_kind_has_editor_schema_mapping():
    settings = yaml.safe_load((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for kind in model.KINDS:
        assert mapping[f"schemas/{kind.schema}.schema.json"] == f"data/{kind.folder}/*.yaml"


def test_repository_automation_runs_the_same_checks():
    checks = yaml.safe_load((ROOT / ".github/workflows/checks.yml").read_text(encoding="utf-8"))
    steps = checks["jobs"]["test"]["steps"]
    runs = " ".join(s.get("run", "") for s in steps)
    assert "make check" in runs and "make test" in runs and "make diff" in runs
    assert any(s.get("uses", "").startswith("actions/upload-artifact") and s["with"]["path"] == "site/" for s in steps)
    assert set(checks[True]) >= {"pull_request", "push"}  # YAML 1.1 reads the key 'on' as true
    pages = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    assert pages[True]["push"]["branches"] == ["main"]
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in pages["jobs"]["deploy"]["steps"])
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"][0]["hooks"][0]["entry"] == "make check"
    for form in (ROOT / ".github/ISSUE_TEMPLATE").glob("*-*.yml"):
        doc = yaml.safe_load(form.read_text(encoding="utf-8"))
        assert doc["name"] and any(b.get("validations", {}).get("required") for b in doc["body"])
    template = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert template.count("- [ ]") >= 8


def test_make_check_reports_a_scenario_whose_answers_rank_another_approach_first(tmp_path):
    """The guide's own rule, checked by `make check` with the page's scoring script (guide-score.js)."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    f = data / "scenarios" / "product-docs-chatbot.yaml"
    text = f.read_text(encoding="utf-8")
    assert "chosen: [rag]" in text
    f.write_text(text.replace("chosen: [rag]", "chosen: [distillation]"), encoding="utf-8")
    line = next(n for n, l in enumerate(text.splitlines(), 1) if l.startswith("guide_answers:"))
    proc = subprocess.run([sys.executable, "-m", "macros.cli", "check", "--data", str(data)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    msg = next(l for l in proc.stderr.splitlines() if "product-docs-chatbot.yaml" in l)
    assert f"product-docs-chatbot.yaml:{line}:1: guide_answers: these answers rank 'rag' first" in msg
    assert "the chosen 'distillation' " in msg and "(ranking: 1. rag +" in msg
    assert "the answers that decided it: freshness: frequent gives rag +" in msg
    assert proc.stderr.strip().endswith("1 data error found; nothing was built.")


def test_warnings_do_not_fail_the_check(tmp_path):
    data = data_with_a_new_approach(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "macros.cli", "check", "--data", str(data)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("warning: data/approaches/distilled-rag.yaml") == 4 or \
        proc.stderr.count(f"warning: {data}/approaches/distilled-rag.yaml") == 4, proc.stderr
    assert "warnings (they do not fail)" in proc.stdout


def test_diff_shows_the_guides_weights_answers_and_each_scenarios_result_summary_first():
    from dataclasses import replace as rep
    old, errors = loader.load(ROOT / "data", ROOT)
    assert errors == []
    q = old.questions["freshness"]
    opt = next(o for o in q.options if o.id == "frequent")
    assert opt.weights.get("rag", 0) > 0
    options = tuple(rep(o, weights={**o.weights, "rag": 0}) if o.id == "frequent" else o for o in q.options)
    questions = {**old.questions, "freshness": rep(q, options=options)}
    s = old.scenarios["product-docs-chatbot"]
    assert s.guide_answers.get("freshness") == "frequent"
    scenarios = {**old.scenarios, s.id: rep(s, guide_answers={**s.guide_answers, "freshness": "stable"})}
    new = rep(old, questions=questions, scenarios=scenarios)
    report = diff.compare(old, new, "en")
    assert ("freshness", "frequent", "rag", opt.weights["rag"], 0) in report.guide.weights
    assert ("product-docs-chatbot", "freshness", "frequent", "stable") in report.guide.answers
    assert "guide/" in report.pages_changed
    moved = {m[0]: m for m in report.guide.moved}
    assert "product-docs-chatbot" in moved and len(report.guide.results) == sum(1 for x in new.scenarios.values() if x.guide_answers)
    text = diff.markdown(report, "main")
    assert text.index("### Summary") < text.index("### Details") < text.index("weight `freshness` = `frequent` for `rag`")
    assert "1 weight(s) changed, 1 scenario answer(s) changed" in text
    assert "- result for scenario `product-docs-chatbot`: rag +" in text
    assert "result unchanged for" in text


def test_diff_has_no_empty_to_empty_lines(tmp_path):
    """A new approach adds a column whose cells are empty in some tables: nothing to say about those."""
    old, _ = loader.load(ROOT / "data", ROOT)
    data = data_with_a_new_approach(tmp_path)
    new, errors = loader.load(data, ROOT)
    assert errors == []
    report = diff.compare(old, new, "en")
    assert "approaches/distilled-rag/" in report.pages_added
    for cells in report.cells.values():
        for row, col, before, after in cells:
            assert (before or "") != (after or ""), (row, col)
    out = diff.markdown(report, "main")
    assert not re.search(r"(?m)∅ → (∅)?$", out), out
