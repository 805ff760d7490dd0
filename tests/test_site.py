"""The real site, built strictly in both languages: complete, mirrored, linked, offline."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from macros import model
from sitecheck import broken_links, html_files, parse, remote_resources

ROOT = Path(__file__).resolve().parent.parent


def _pages(site: Path, lang: str) -> set[str]:
    return {p.relative_to(site / lang).as_posix() for p in html_files(site / lang)}


def test_both_languages_build_and_mirror_each_other_page_for_page(site):
    en, zh = _pages(site, "en"), _pages(site, "zh")
    assert len(en) > 80
    assert en == zh


def test_hand_written_pages_exist_in_both_languages():
    en = {p.relative_to(ROOT / "docs/en").as_posix() for p in (ROOT / "docs/en").rglob("*") if p.is_file()}
    zh = {p.relative_to(ROOT / "docs/zh").as_posix() for p in (ROOT / "docs/zh").rglob("*") if p.is_file()}
    assert en == zh
    for rel in en:
        assert len((ROOT / "docs/zh" / rel).read_text(encoding="utf-8").strip()) > 40, rel


def test_every_entity_has_a_page_in_each_language(site, atlas):
    for kind in model.KINDS:
        if not kind.page_dir:
            continue
        for ident in atlas.kind(kind.folder):
            for lang in model.LANGS:
                assert (site / lang / kind.page_dir / ident / "index.html").exists(), (lang, kind.folder, ident)


def test_pages_declare_their_language(site):
    for lang in model.LANGS:
        for page in html_files(site / lang):
            assert parse(page).lang == ("zh" if lang == "zh" else "en"), page


def test_no_broken_internal_link_or_anchor(site):
    assert broken_links(site) == []


def test_nothing_is_loaded_from_the_network(site):
    assert remote_resources(site) == []
    for page in html_files(site):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page


def test_the_root_sends_readers_to_a_language(site):
    root = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="en/"' in root and 'href="zh/"' in root
    assert 'http-equiv="refresh"' in root


def test_search_is_per_language_and_segments_chinese(site):
    en = json.loads((site / "en/search/search_index.json").read_text(encoding="utf-8"))
    zh = json.loads((site / "zh/search/search_index.json").read_text(encoding="utf-8"))
    assert en["config"]["lang"] == ["en"] and zh["config"]["lang"] == ["zh"]
    # the documents are fetched by the search worker (macros/search_index.py), at the address the page names
    assert en["docs"] == [] and zh["docs"] == []
    en = json.loads((site / "en" / en["config"]["atlas_docs"]).read_text(encoding="utf-8"))
    zh = json.loads((site / "zh" / zh["config"]["atlas_docs"]).read_text(encoding="utf-8"))
    zh_text = " ".join(d["text"] for d in zh["docs"])
    assert "\u200b" in zh_text  # jieba word boundaries
    assert "微调" in zh_text
    en_text = " ".join(d["text"] for d in en["docs"])
    assert "fine-tuning" in en_text.lower()
    assert en_text.count("\u200b") * 20 < zh_text.count("\u200b")  # only the odd Chinese label is segmented


def search_docs(site, lang: str) -> list[dict]:
    """The documents of a language's search index, from the address its page fetches them at, as the worker does."""
    index = json.loads((site / lang / "search/search_index.json").read_text(encoding="utf-8"))
    return json.loads((site / lang / index["config"]["atlas_docs"]).read_text(encoding="utf-8"))["docs"]


def test_search_results_read_as_sentences_without_citation_marks_or_buttons(site, atlas):
    """A result's text is the page's prose: the citation marks (source labels) and the tables' copy buttons are
    left out of the index, so that "…权重始终不变。" is not followed by "RAG vs. 微调 blog ZIYU dtcms" run into the
    next sentence; the sources themselves are still found by their own pages."""
    for lang, copy in (("en", "Copy link"), ("zh", "复制链接")):
        docs = search_docs(site, lang)
        page = {d["location"]: d["text"].replace("\u200b", "") for d in docs if d["location"].startswith("approaches/rag/")}
        text = " ".join(page.values())
        assert len(page) > 5 and len(text) > 5000, (lang, len(page), len(text))
        html = (site / lang / "approaches/rag/index.html").read_text(encoding="utf-8")
        cited = {s for s in atlas.sources if f"/sources/{s}/" in html}
        labels = {atlas.sources[s].label for s in cited}
        assert len(cited) >= 5
        # what each source says is grouped under a line naming the source(s): "<p>RAG vs. 微调 blog · dtcms</p>"
        heads = re.findall(r"<p>([^<]*)</p>", text)
        assert any(set(h.strip().split(" · ")) <= labels for h in heads)
        prose = re.sub(r"<p>([^<]*)</p>", lambda m: "" if set(m[1].strip().split(" · ")) <= labels else m[0], text)
        for label in labels:
            assert label not in prose, (lang, label, prose[max(0, prose.find(label) - 120):prose.find(label) + 60])
        assert copy not in text and copy in html
        for doc in page.values():  # each document on its own: joined, one's last full stop would meet the next's text
            assert not re.search(r" [，。；：、！？）]|[，。；：、！？（] ", doc), re.search(r".{30} [，。；：、！？）]|[，。；：、！？（] .{30}", doc)
        assert all(f"sources/{s}/" in {d["location"] for d in docs} for s in cited)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_tables_meant_to_stay_out_of_search_are_out_of_the_index(site, atlas, lang):
    """The glossary's table of names (each row is an entry below, found by the same names), the results tables of
    "What studies measured" (each value is on its study's page) and the link under every table are not indexed."""
    docs = {d["location"]: d for d in search_docs(site, lang)}
    glossary = docs["glossary/"]["text"].replace("\u200b", "")
    names = [t.term(lang) for t in atlas.glossary.values()]
    assert sum(n in glossary for n in names) <= 2, glossary[:400]  # the page's introduction, not its table
    entry = docs["glossary/#catastrophic-forgetting"]["text"].replace("\u200b", "")
    assert atlas.glossary["catastrophic-forgetting"].term("zh" if lang == "en" else "en") in entry
    measured = docs["approaches/rag/#what-studies-measured"]["text"].replace("\u200b", "")
    study = " ".join(d["text"] for k, d in docs.items() if k.startswith("evidence/lewis-2020-rag/"))
    assert "44.5" not in measured and "44.5" in study  # NQ exact match of RAG-Sequence, Lewis et al. Table 1
    more = atlas.t("table_more", lang)
    assert not any(more in d["text"].replace("\u200b", "") for d in docs.values())
    html = (site / lang / "glossary/index.html").read_text(encoding="utf-8")
    assert more in html and names[0] in html


def test_glossary_has_an_anchor_per_term_and_tooltips_appear_in_chinese_text(site, atlas):
    for lang in model.LANGS:
        ids = parse(site / lang / "glossary/index.html").ids
        assert set(atlas.glossary) <= ids
        # the glossary itself has no tooltips (each term is defined on the page; tooltips.WITHOUT_TOOLTIPS)
        assert 'class="atlas-term"' not in (site / lang / "glossary/index.html").read_text(encoding="utf-8")
    rag_zh = (site / "zh/approaches/rag/index.html").read_text(encoding="utf-8")
    assert rag_zh.count('class="atlas-term"') > 5
    terms = re.findall(r'<abbr class="atlas-term"[^>]* title="[^"]+"[^>]*>([^<]+)</abbr>', rag_zh)
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t in terms), terms[:20]


def test_every_table_cell_shows_where_it_comes_from(site):
    """Comparison cells, rules, advantages and figures each carry a citation link."""
    for rel in ("comparisons/rag-vs-fine-tuning/index.html", "decisions/index.html", "costs/index.html",
                "approaches/rag/index.html"):
        text = (site / "en" / rel).read_text(encoding="utf-8")
        rows = 0
        for ident, body in re.findall(r'<div class="atlas-table"[^>]*data-atlas-table="([^"]+)"[^>]*>(.*?)</table>',
                                      text, re.S):
            if ident.endswith(("-by-source", "-facts")) or ident in ("home-headline",) or "rag-vs-fine-tuning" == ident:
                continue
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]:
                assert 'class="atlas-cite"' in row, (rel, ident, row[:200])
                rows += 1
        if rel != "comparisons/rag-vs-fine-tuning/index.html":  # its one table is the comparison, skipped above
            assert rows >= 3, (rel, rows)  # the tables were found and read


def test_language_switcher_points_to_the_same_page(site):
    text = (site / "en/approaches/rag/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="(\.\./)+zh/approaches/rag/"', text), "switcher must link to the same page in Chinese"
    text = (site / "zh/glossary/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="(\.\./)+en/glossary/"', text)


def test_no_element_that_tooltips_pass_over_holds_another_of_its_name(site):
    """macros/tooltips.py passes over a link, code, a heading… from its opening tag to the first closing tag of its
    name. That is right only while none holds another of the same name: checked in every page's content."""
    from html.parser import HTMLParser

    from macros.tooltips import SKIP

    class Nesting(HTMLParser):
        def __init__(self):
            super().__init__()
            self.open: dict = {}
            self.found: set = set()

        def handle_starttag(self, tag, attrs):
            if tag in SKIP:
                self.open[tag] = self.open.get(tag, 0) + 1
                if self.open[tag] > 1:
                    self.found.add(tag)

        def handle_startendtag(self, tag, attrs):
            pass

        def handle_endtag(self, tag):
            if self.open.get(tag):
                self.open[tag] -= 1

    nested, pages = [], 0
    for path in html_files(site):
        text = path.read_text(encoding="utf-8")
        start = text.find('<article class="md-content__inner md-typeset">')
        if start < 0:
            continue
        pages += 1
        check = Nesting()
        check.feed(text[start:text.index("</article>", start)])
        if check.found:
            nested.append(f"{path.relative_to(site)}: {sorted(check.found)}")
    assert pages > 800 and not nested, nested[:10]


def test_the_search_index_splits_into_what_the_page_and_the_worker_fetch():
    from macros import search_index

    index = {"config": {"lang": ["zh"], "separator": "[\\s]+"}, "docs": [{"location": "", "title": "微调", "text": "x"}]}
    page, worker = search_index.split(index)
    assert page == {"config": {"lang": ["zh"], "separator": "[\\s]+", "atlas_docs": "search/search_docs.json"}, "docs": []}
    assert worker == {"docs": index["docs"]}
    with pytest.raises(ValueError, match="needs 'config' and 'docs'"):
        search_index.split({"docs": []})
    # the spaces that the marks left out of the index leave beside full-width punctuation go; others stay
    text = "数据\u200b。 \u200b与\u200b RAG \u200b不同\u200b， 它 （注） end. Next"
    _, worker = search_index.split({"config": {}, "docs": [{"location": "", "title": "a ， b", "text": text}]})
    assert worker["docs"][0]["text"] == "数据\u200b。\u200b与\u200b RAG \u200b不同\u200b，它（注）end. Next"
    assert worker["docs"][0]["title"] == "a，b"
    # the glossary's entries carry the names the search worker ranks them by; a name for a place the index lacks fails
    index = {"config": {}, "docs": [{"location": "glossary/", "title": "G", "text": ""},
                                    {"location": "glossary/#llm", "title": "LLM", "text": "x"}]}
    _, worker = search_index.split(index, {"glossary/#llm": ["LLM", "大语言模型"]})
    assert [d.get("names") for d in worker["docs"]] == [None, ["LLM", "大语言模型"]]
    with pytest.raises(ValueError, match="no document at glossary/#rag"):
        search_index.split(index, {"glossary/#rag": ["RAG"]})


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_glossary_entry_in_the_search_index_carries_its_names(site, atlas, lang):
    docs = search_docs(site, lang)
    named = {d["location"]: d["names"] for d in docs if "names" in d}
    assert set(named) == {f"glossary/#{i}" for i in atlas.glossary}
    term = atlas.glossary["catastrophic-forgetting"]
    assert {term.term.en, term.term.zh} <= set(named["glossary/#catastrophic-forgetting"])
