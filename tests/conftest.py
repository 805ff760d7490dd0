"""Shared fixtures: the real atlas, sites built from real and fixture data, a local server, Chromium."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros import loader  # noqa: E402
from bench.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402,F401  (the browser the tests import)
from bench.serving import serve_static as serve  # noqa: E402,F401  (the static server the tests import)

FIXTURE_DATA = ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture(scope="session")
def atlas():
    result, errors = loader.load(ROOT / "data", ROOT)
    assert not errors, "\n".join(e.format() for e in errors)
    return result


@pytest.fixture(scope="session")
def mini_atlas():
    result, errors = loader.load(FIXTURE_DATA, ROOT)
    assert not errors, "\n".join(e.format() for e in errors)
    return result


def claim_pieces(claim, lang: str) -> list[tuple[str, tuple]]:
    """What a page prints for a claim, as (text, sources) runs: the whole text and all its sources, or each part
    (which source says which part) with its own sources."""
    if claim.parts:
        return [(p.text(lang), p.sources) for p in claim.parts]
    return [(claim.text(lang), claim.sources)]


def build_site(out: Path, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if data_dir is not None:
        env["ATLAS_DATA_DIR"] = str(data_dir)
    else:
        env.pop("ATLAS_DATA_DIR", None)
    return subprocess.run([sys.executable, "-m", "macros.cli", "build", "--site-dir", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test session with the strict build."""
    out = tmp_path_factory.mktemp("site")
    proc = build_site(out)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-8000:]
    return out


@pytest.fixture(scope="session")
def site_url(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run the tests through `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def clip_page(browser, site_url):
    """A desktop page of the real site allowed to read and write the clipboard (the table tools copy to it)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page = ctx.new_page()
    yield page
    ctx.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def copy_of_fixture_data(tmp_path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, dest)
    return dest
