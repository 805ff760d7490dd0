"""A wrong data file fails `make check`, the build and pytest alike, naming its file, line and field."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import build_site
from macros import loader

ROOT = Path(__file__).resolve().parent.parent


def _break(data: Path) -> None:
    comp = data / "comparisons" / "retrieval-vs-tuning.yaml"
    text = comp.read_text(encoding="utf-8")
    comp.write_text(text.replace("approaches: [retrieval, tuning]", "approaches: [retrieval, tunning]"), encoding="utf-8")
    dim = data / "dimensions" / "speed.yaml"
    dim.write_text(dim.read_text(encoding="utf-8").replace("zh: 速度}", "zh: \"\"}"), encoding="utf-8")
    src = data / "sources" / "beta-paper.yaml"
    src.write_text(src.read_text(encoding="utf-8").replace("type: paper", "type: papre"), encoding="utf-8")


EXPECTED = [
    "comparisons/retrieval-vs-tuning.yaml:4:25: approaches[1]: unknown approach 'tunning'",
    "did you mean 'tuning'?",
    "dimensions/speed.yaml:2:",
    "name.zh: empty text; expected Chinese text",
    "sources/beta-paper.yaml:2:7: type: 'papre' is not allowed; expected one of article, paper, documentation, web-page, repository",
]


def test_loader_reports_every_error_with_its_place(copy_of_fixture_data):
    _break(copy_of_fixture_data)
    atlas, errors = loader.load(copy_of_fixture_data, ROOT)
    assert atlas is None
    text = "\n".join(e.format() for e in errors)
    for want in EXPECTED:
        assert want in text, f"{want!r} not in:\n{text}"
    assert len(errors) == 3  # all of them, not the first only; the misspelt column counts once
    cause = next(e for e in errors if e.field == "approaches[1]")
    # the rows' missing cells follow from the misspelt column: folded under it, at their own lines
    assert len(cause.follows) == 4, cause.follows
    assert any(f.startswith("rows[0].cells (line 7): no cell for approach 'tunning'") for f in cause.follows)
    assert any(f.startswith("rows[1].cells.tuning (line 13): cell for 'tuning', which is not a column") for f in cause.follows)
    assert cause.format().index("unknown approach 'tunning'") < cause.format().index("no cell for approach")


def test_make_check_prints_all_errors_and_a_count(copy_of_fixture_data):
    _break(copy_of_fixture_data)
    proc = subprocess.run([sys.executable, "-m", "macros.cli", "check", "--data", str(copy_of_fixture_data)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    for want in EXPECTED:
        assert want in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].endswith("data errors found; nothing was built.")


def test_the_build_fails_with_the_file_and_line(copy_of_fixture_data, tmp_path):
    _break(copy_of_fixture_data)
    proc = build_site(tmp_path / "site", copy_of_fixture_data)
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    for want in EXPECTED:
        assert want in out, out[-3000:]
    assert not (tmp_path / "site" / "en" / "index.html").exists()


def test_the_fixture_data_itself_builds(copy_of_fixture_data, tmp_path):
    proc = build_site(tmp_path / "site", copy_of_fixture_data)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (tmp_path / "site/zh/comparisons/retrieval-vs-tuning/index.html").exists()


def _set_checked(data: Path, value: str | None) -> Path:
    f = data / "approaches" / "retrieval.yaml"
    lines = [l for l in f.read_text(encoding="utf-8").splitlines() if not l.startswith("checked:")]
    if value is not None:
        lines.append(f"checked:{' ' + value if value else ''}")
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


def _messages(data: Path) -> str:
    _, errors = loader.load(data, ROOT)
    return "\n".join(e.format() for e in errors)


def test_date_messages_say_what_is_wrong_and_give_an_example(copy_of_fixture_data, monkeypatch):
    monkeypatch.setenv("ATLAS_TODAY", "2026-12-01")
    data = copy_of_fixture_data
    _set_checked(data, None)
    text = _messages(data)
    assert "missing required field 'checked'; expected a date, YYYY-MM-DD" in text and "add checked: 2026-11-20" in text
    _set_checked(data, "")
    text = _messages(data)
    assert "checked: got nothing (empty); expected a date, YYYY-MM-DD" in text
    assert "quotes" not in text and "e.g. checked: 2026-11-20" in text
    _set_checked(data, "2026-13-01")
    assert "'2026-13-01' is not a real date (there is no month 13)" in _messages(data)
    _set_checked(data, "2026-02-31")
    assert "'2026-02-31' is not a real date (month 2 of 2026 has no day 31)" in _messages(data)
    _set_checked(data, "2026-12-02")
    text = _messages(data)
    assert "'2026-12-02' is in the future (today is 2026-12-01)" in text
    _set_checked(data, "2026-12-01")
    assert _messages(data) == ""
