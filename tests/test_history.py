"""The knowledge over time (macros/history.py, changes.py, feeds.py): a small repository made for the test, with
dated commits that change a cell, break the data format and mend it; the same without git and as a shallow
clone; the Atom feeds checked with feedparser and with RFC 4287's required elements; the versions' JSON."""
from __future__ import annotations

import re

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from conftest import claim_pieces

from macros import markup, changes, feeds, history, loader, render

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
ATOM = "{http://www.w3.org/2005/Atom}"
COMPARISON = "data/comparisons/retrieval-vs-tuning.yaml"


def _git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(repo), "PATH": "/usr/bin:/bin"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def _commit(repo: Path, message: str, date: str) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message, date=date)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """Four commits: the mini data; a changed cell; data that does not load (a rating outside the schema); mended."""
    repo = tmp_path_factory.mktemp("repo")
    _git(repo, "init", "-q", "-b", "main")
    shutil.copytree(MINI, repo / "data")
    shutil.copytree(ROOT / "schemas", repo / "schemas")
    _commit(repo, "first knowledge", "2026-01-05T10:00:00+00:00")
    comp = repo / COMPARISON
    comp.write_text(comp.read_text(encoding="utf-8").replace("Update the index", "Re-index <b>& go</b>"), encoding="utf-8")
    _commit(repo, "retrieval verdict reworded", "2026-02-06T11:30:00+00:00")
    comp.write_text(comp.read_text(encoding="utf-8").replace("rating: weak", "rating: terrible"), encoding="utf-8")
    _commit(repo, "a rating the rules no longer accept", "2026-03-07T12:00:00+00:00")
    comp.write_text(comp.read_text(encoding="utf-8").replace("rating: terrible", "rating: mixed"), encoding="utf-8")
    _commit(repo, "tuning rated mixed", "2026-04-08T13:00:00+00:00")
    (repo / "README").write_text("not data\n")
    _commit(repo, "no data touched", "2026-05-09T14:00:00+00:00")
    return repo


@pytest.fixture(scope="module")
def hist(repo, tmp_path_factory) -> history.History:
    return history.compute(repo, tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def ctx(repo):
    atlas, errors = loader.load(repo / "data", repo)
    assert not errors
    return render.Ctx(atlas, "en")


def test_each_commit_that_touched_data_is_a_step_dated_by_the_commit(hist):
    assert hist.available and hist.state == "complete"
    assert [(s.commit.subject, s.status, s.commit.date) for s in hist.steps] == [
        ("first knowledge", "first", "2026-01-05T10:00:00Z"),
        ("retrieval verdict reworded", "changed", "2026-02-06T11:30:00Z"),
        ("a rating the rules no longer accept", "skipped", "2026-03-07T12:00:00Z"),
        ("tuning rated mixed", "changed", "2026-04-08T13:00:00Z"),
    ]
    skipped = hist.steps[2]
    assert "data error" in skipped.note and "terrible" in skipped.note  # says why, does not fail


def test_a_changed_cell_keeps_its_old_and_new_text_and_its_sources(hist):
    (newest, ch_new), (older, ch) = hist.changes("en")
    assert older.commit.subject == "retrieval verdict reworded"
    cells = [c for cs in ch.cells.values() for c in cs]
    assert any(old and new and "Update the index" in old and "Re-index <b>& go</b>" in new for _, _, old, new in cells)
    assert "comparisons/retrieval-vs-tuning/" in ch.pages_changed
    assert ch.sources == ("alpha-article",)
    assert set(ch.approaches) == {"retrieval", "tuning"}
    # the mended commit is compared with the last version that loaded (the reworded one), not with the broken one
    assert newest.commit.subject == "tuning rated mixed"
    assert any(old == "Weak" and new == "Mixed" for cs in ch_new.cells.values() for _, _, old, new in cs
               if old and new and len(old) < 10)


def test_the_cache_is_used_and_gives_the_same_history(repo, hist, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = history.compute(repo, cache)
    assert first == hist
    assert len(list(cache.rglob("*.json"))) == 4
    monkeypatch.setattr(history, "atlas_at", lambda *a: pytest.fail("read from git although cached"))
    assert history.compute(repo, cache) == hist


def test_a_copy_without_git_builds_and_says_history_is_unavailable(repo, tmp_path, ctx):
    copy = tmp_path / "tarball"
    shutil.copytree(repo, copy, ignore=shutil.ignore_patterns(".git"))
    h = history.compute(copy, tmp_path / "cache")
    assert not h.available and h.state == "unavailable" and "not a git repository" in h.detail
    page = changes.changes_page(ctx, h)
    assert ctx.t("history_unavailable").split("(")[0].strip() in page.replace("&#39;", "'")
    assert changes.freshness(ctx, "2026-01-01", None, h.available).count(ctx.t("changed_unknown").split(" ")[0]) == 1


def test_a_shallow_clone_says_its_history_is_partial(repo, tmp_path, ctx):
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    h = history.compute(clone, tmp_path / "cache")
    assert h.state == "shallow" and [s.status for s in h.steps] == ["first"]
    assert h.changes("en") == []
    assert "shallow clone" in changes.changes_page(ctx, h)


def test_the_changes_page_lists_changes_newest_first_escaped(hist, ctx):
    page = changes.changes_page(ctx, hist)
    order = [page.index(s) for s in ("tuning rated mixed", "a rating the rules no longer accept", "retrieval verdict reworded")]
    assert order == sorted(order)
    assert "Re-index &lt;b&gt;&amp; go&lt;/b&gt;" in page and "<b>&" not in page
    assert 'id="c-' + hist.steps[1].commit.short + '"' in page
    ET.fromstring(page)  # well-formed markup


# --- feeds -------------------------------------------------------------------------------------------------

def _required(doc: str) -> ET.Element:
    """RFC 4287 §4.1.1-4.1.2: a feed has one id, title and updated, an author (or every entry has one), a
    self link; each entry one id, title, updated, and content or an alternate link."""
    root = ET.fromstring(doc.encode("utf-8"))
    assert root.tag == ATOM + "feed"
    for tag in ("id", "title", "updated"):
        assert len(root.findall(ATOM + tag)) == 1, tag
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert any(l.get("rel") == "self" for l in root.findall(ATOM + "link"))
    for e in root.findall(ATOM + "entry"):
        for tag in ("id", "title", "updated"):
            assert len(e.findall(ATOM + tag)) == 1, tag
        assert e.find(ATOM + "content") is not None or e.find(ATOM + "link[@rel='alternate']") is not None
    return root


def test_feeds_are_valid_atom_with_stable_ids(hist, ctx, repo, tmp_path):
    site = "https://example.org/en/"
    doc = feeds.site_feed(ctx, hist, site, "Atlas")
    root = _required(doc)
    parsed = feedparser.parse(doc)
    assert not parsed.bozo and parsed.version == "atom10"
    # titled in the feed's language by what changed (each commit changed a cell of the comparison, shown in several
    # tables and pages); the commit's message, its author's English, is the first paragraph
    assert [e.title.split(" · ")[0] for e in parsed.entries] == ["2026-04-08", "2026-02-06"]
    assert all("Pages changed " in e.title and "Cells changed " in e.title for e in parsed.entries), [e.title for e in parsed.entries]
    assert "message: “tuning rated mixed”" in parsed.entries[0].content[0].value
    assert "message: “retrieval verdict reworded”" in parsed.entries[1].content[0].value
    assert parsed.feed.updated == "2026-04-08T13:00:00Z"
    content = parsed.entries[1].content[0].value  # XHTML: the data's text shows as text, escaped by the serializer
    assert "Re-index &lt;b&gt;&amp; go&lt;/b&gt;" in content and "<b>" not in content
    ids = [e.find(ATOM + "id").text for e in root.findall(ATOM + "entry")]
    assert all(i.startswith("tag:example.org,2026:en/changes/") for i in ids)
    again = history.compute(repo, tmp_path / "fresh-cache")  # recomputed from git: the same bytes
    assert feeds.site_feed(ctx, again, site, "Atlas") == doc


def test_a_table_feed_has_an_entry_per_version_and_an_approach_feed_its_changes(hist, ctx):
    table = ctx.tables["retrieval-vs-tuning"]
    doc = feeds.table_feed(ctx, hist, table, "https://example.org/en/", "Atlas")
    _required(doc)
    parsed = feedparser.parse(doc)
    assert not parsed.bozo and len(parsed.entries) == 3  # first version, reworded, mended
    assert parsed.entries[0].link == f"https://example.org/en/tables/retrieval-vs-tuning/#v-{table.content_hash}"
    approach = feedparser.parse(feeds.approach_feed(ctx, hist, "retrieval", "https://example.org/en/", "Atlas"))
    assert not approach.bozo and len(approach.entries) == 2


def test_a_feed_without_history_is_valid_and_dated_from_the_data(ctx, tmp_path):
    h = history.History(False, "unavailable", "no git")
    doc = feeds.site_feed(ctx, h, "https://example.org/en/", "Atlas")
    _required(doc)
    parsed = feedparser.parse(doc)
    assert not parsed.bozo and parsed.entries == [] and parsed.feed.updated == "2026-11-20T00:00:00Z"


# --- versions ------------------------------------------------------------------------------------------------

def test_every_version_is_addressed_by_its_hash_and_lists_what_changed_after_it(hist, ctx):
    table = ctx.tables["retrieval-vs-tuning"]
    docs = changes.version_docs(hist, table, "en", "https://example.org/api/v1/", "https://example.org/en/")
    index = docs["versions/en/retrieval-vs-tuning.json"]
    hashes = [v["hash"] for v in index["versions"]]
    assert len(hashes) == 3 and hashes[0] == table.content_hash and len(set(hashes)) == 3
    oldest = docs[f"versions/en/retrieval-vs-tuning/{hashes[-1]}.json"]
    assert oldest["current"] is False and oldest["published"] == "2026-01-05T10:00:00Z"
    assert oldest["current_version"].endswith(f"/{table.content_hash}.json")
    assert [a["date"] for a in oldest["changes_after"]] == ["2026-02-06T11:30:00Z", "2026-04-08T13:00:00Z"]
    assert any("Update the index" in (c["old"] or "") for c in oldest["changes_after"][0]["cells"])
    assert any("Update the index" in cell for row in oldest["data"]["rows"] for cell in row)
    newest = docs[f"versions/en/retrieval-vs-tuning/{table.content_hash}.json"]
    assert newest["current"] is True and newest["changes_after"] == [] and newest["data"]["rows"] == table.plain_rows


# --- the built site ------------------------------------------------------------------------------------------

def test_the_site_has_feeds_and_versions_for_every_table_linked_from_embeds_and_the_api(site, atlas):
    tables = json.loads((site / "api/v1/tables.json").read_text(encoding="utf-8"))["tables"]
    for lang in ("en", "zh"):
        ctx = render.context(atlas, lang)
        assert not feedparser.parse((site / lang / "feeds/changes.xml").read_bytes()).bozo
        for aid in atlas.approaches:
            _required((site / lang / f"feeds/approaches/{aid}.xml").read_text(encoding="utf-8"))
        for entry in tables:
            t = ctx.tables[entry["id"]]
            assert entry["feed"][lang].endswith(f"/{lang}/feeds/tables/{t.id}.xml")
            feed = site / lang / "feeds/tables" / f"{t.id}.xml"
            _required(feed.read_text(encoding="utf-8"))
            index = json.loads((site / "api/v1/versions" / lang / f"{t.id}.json").read_text(encoding="utf-8"))
            assert entry["versions"][lang].endswith(f"/api/v1/versions/{lang}/{t.id}.json")
            assert index["versions"][0]["hash"] == t.content_hash
            version = site / "api/v1/versions" / lang / t.id / f"{t.content_hash}.json"
            assert json.loads(version.read_text(encoding="utf-8"))["data"]["rows"] == t.plain_rows
        embed = (site / lang / "embed/matrix/index.html").read_text(encoding="utf-8")
        h = ctx.tables["matrix"].content_hash
        assert f'href="../../../api/v1/versions/{lang}/matrix/{h}.json"' in embed
        assert f'href="../../tables/matrix/#v-{h}"' in embed and 'href="../../feeds/tables/matrix.xml"' in embed
        page = (site / lang / "tables/matrix/index.html").read_text(encoding="utf-8")
        assert f'id="v-{h}"' in page and "feeds/tables/matrix.xml" in page
        assert ctx.t("last_changed") in page or ctx.t("changed_unknown") in page


def test_the_changes_page_exists_in_both_languages_and_matches_the_history(site):
    h = history.load(ROOT)
    for lang in ("en", "zh"):
        page = (site / lang / "changes/index.html").read_text(encoding="utf-8")
        assert f'href="../feeds/changes.xml"' in page
        if not h.available:
            assert "history" in page or "历史" in page
        for s, _ in h.changes(lang):
            assert f'id="c-{s.commit.short}"' in page


# --- freshness -------------------------------------------------------------------------------------------------

def test_claims_checked_more_than_a_year_before_the_build_are_warned_about(atlas):
    newest = max(s.checked for s in atlas.sources.values())
    y = int(newest[:4])
    assert history.stale(atlas, f"{y}{newest[4:]}") == []
    later = f"{y + 1}-12-31"
    warnings = history.stale(atlas, later)
    assert warnings and all(w.startswith("warning: data/") and f"before {later}" in w and "Fix:" in w for w in warnings)
    assert any("data/comparisons/rag-vs-fine-tuning.yaml" in w for w in warnings)


def test_the_build_date_comes_from_the_commit_not_the_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    assert history.reference_date(ROOT) == "2026-01-01"


def test_each_comparison_cell_shows_when_it_was_last_checked(atlas):
    ctx = render.Ctx(atlas, "zh")
    page = render.comparison_page(ctx, "rag-vs-fine-tuning")
    comp = atlas.comparisons["rag-vs-fine-tuning"]
    for row in comp.rows:
        for cell in row.cells:
            detail = page.split(f"{{ #{row.dimension}--{cell.approach} }}", 1)[1].split("\n####", 1)[0]
            assert f"{ctx.t('last_checked')}：{cell.checked}" in detail  # full-width colon in Chinese


def test_each_claim_shows_when_it_was_last_checked_on_hover(atlas):
    ctx = render.Ctx(atlas, "en")
    a = atlas.approaches["rag"]
    text = render.approach_page(ctx, "rag")
    claims = [*a.definition, *a.use_when]  # (the page opens with its synthesis, not the one-line summary)
    assert len(claims) > 2
    for c in claims:
        pieces = claim_pieces(c, "en")  # the whole claim, or each of its parts, with its sources
        line = next(l for l in text.splitlines() if render.esc(pieces[0][0]) in l)
        title = markup.md_text(f"{ctx.t('last_checked')}: {c.checked}")  # as attr_list receives it
        # the date first; then, for a source whose work lists sections, where in it (tests/test_sections.py)
        said = " · " + markup.md_text(f"{ctx.t('article_section')}: ")  # (md_text escapes a leading space)
        marks = re.findall(r'title="([^"]*)"', line)
        assert len([m for m in marks if m == title or m.startswith(title + said)]) == sum(len(s) for _, s in pieces)


def test_a_change_is_headed_in_the_pages_language_and_its_message_marked_english(hist, repo):
    """The zh changes page and feed do not head a change with its commit message (English): they say what changed
    in Chinese, and show the message beside it with lang="en"."""
    atlas, _ = loader.load(repo / "data", repo)
    zh = render.Ctx(atlas, "zh")
    step, ch = next(iter(hist.changes("zh")))
    cells = sum(len(c) for c in ch.cells.values())
    assert cells and changes.headline(zh, step.status, ch).endswith(f"{zh.t('changes_cells')} {cells}")
    assert not any("a" <= c.lower() <= "z" for c in changes.headline(zh, step.status, ch))
    page = changes.changes_page(zh, hist)
    assert f'<q lang="en">{step.commit.subject}</q>' in page
    heading = page.split(f'id="c-{step.commit.short}-h">', 1)[1].split("</h2>", 1)[0]
    assert step.commit.subject not in heading and zh.t("changes_cells") in heading


def test_a_change_of_many_cells_lists_the_first_and_links_to_the_tables_history(hist, repo, monkeypatch):
    """The changes page stays within its budget: a table's change lists at most changes.CELLS_SHOWN cells, says how
    many more there are, and links to the table's own page, whose versions list every cell. (The fixture's
    changes are small: the cap is lowered to one cell below the change's size.)"""
    atlas, _ = loader.load(repo / "data", repo)
    ctx = render.Ctx(atlas, "en")
    step, ch = next((s, c) for s, c in hist.changes("en") if c.cells)
    tid, cells = next(iter(ch.cells.items()))
    monkeypatch.setattr(changes, "CELLS_SHOWN", len(cells) - 1)
    page = changes.changes_page(ctx, hist)
    listed, after = page.split(f'id="c-{step.commit.short}-{tid}"', 1)[1].split("</ul>", 1)
    assert listed.count("<li>") == len(cells) - 1
    note = after.split("</p>", 1)[0]
    assert ctx.t("changes_more_cells").replace("{n}", "1") in note
    assert (f'href="../tables/{tid}/#versions"' in note) == (tid in ctx.tables)
    monkeypatch.setattr(changes, "CELLS_SHOWN", len(cells))
    whole = changes.changes_page(ctx, hist).split(f'id="c-{step.commit.short}-{tid}"', 1)[1].split("</ul>", 1)
    assert whole[0].count("<li>") == len(cells) and "atlas-change__more" not in whole[1].split("<h", 1)[0]
