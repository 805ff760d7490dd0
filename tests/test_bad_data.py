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
    assert len(errors) >= 4  # all of them, not the first only


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
