"""The decision guide in Chromium, on the built site: clicking through cases in both languages, the shareable
address, back and forward, the keyboard, a phone-sized screen, the decision record, instant navigation, and the
decision tables for readers without JavaScript."""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from macros import guide, model

CLICKED_CASES = ["product-docs-chatbot", "legal-judgment-summaries", "financial-news-analysis", "everyday-work-tools"]
ADR_KEYS = ("adr_context", "adr_options", "adr_decision", "adr_consequences", "adr_sources")


def page_data(site, lang) -> dict:
    html = (site / lang / "guide" / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" class="atlas-guide__data">(.*?)</script>', html, re.S).group(1)
    return json.loads(block)[0]


def ranking(page) -> list[tuple[str, int]]:
    items = page.locator("[data-guide-ranking] > li")
    return [(li.get_attribute("data-approach"), int(li.get_attribute("data-score"))) for li in items.all()]


def checked(page) -> dict:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-guide-form] input:checked')]
        .filter(i => i.value).map(i => [i.name, i.value]))""")


def page_data_from(page) -> dict:
    return page.evaluate("() => JSON.parse(document.querySelector('.atlas-guide__data').textContent)[0]")


def answer_by_clicking(page, answers: dict) -> None:
    for question, option in answers.items():
        label = page.locator(f'label:has(> input[name="{question}"][value="{option}"])')
        label.scroll_into_view_if_needed()
        label.click()
        page.wait_for_function("([q, o]) => new URLSearchParams(location.search).get(q) === o", arg=[question, option])


def test_the_page_embeds_exactly_the_guides_data(site, atlas):
    for lang in model.LANGS:
        site_url = "https://llm-adaptation-atlas.github.io/%s/" % lang
        assert page_data(site, lang) == json.loads(json.dumps(guide.page_data(atlas, lang, site_url)))


def test_every_link_in_the_page_data_leads_to_a_built_page(site):
    for lang in model.LANGS:
        d = page_data(site, lang)
        paths = [a["href"] for a in d["approaches"]] + [s["href"] for s in d["scenarios"]] + \
                [p["href"] for p in d["patterns"]] + [s["href"] for s in d["sources"].values()] + \
                [x["href"] for x in d["dimensions"].values()] + [d["page"]]
        for path in paths:
            assert (site / lang / path / "index.html").exists(), (lang, path)


@pytest.mark.parametrize("lang", model.LANGS)
@pytest.mark.parametrize("case", CLICKED_CASES)
def test_clicking_the_answers_of_a_case_puts_its_approach_first(page, site, site_url, atlas, lang, case):
    scenario = atlas.scenarios[case]
    d = page_data(site, lang)
    names = {a["id"]: a["name"] for a in d["approaches"]}
    page.goto(f"{site_url}/{lang}/guide/")
    assert page.locator("[data-guide-empty]").is_visible()
    answer_by_clicking(page, dict(scenario.guide_answers))
    first = page.locator("[data-guide-ranking] > li").first
    assert first.get_attribute("data-approach") == scenario.chosen[0]
    assert len(ranking(page)) == len(atlas.approaches)
    status = page.locator("[data-guide-status]").inner_text()
    assert names[scenario.chosen[0]] in status and str(len(scenario.guide_answers)) in status
    # the explanation: one line per answer that moved it, with the option's reason and links to its sources
    contributions = first.locator(".atlas-guide__contribution")
    assert contributions.count() >= 1 and first.locator("details").get_attribute("open") is not None
    whys = {o["why"] for q in d["questions"] for o in q["options"] if scenario.guide_answers.get(q["id"]) == o["id"]}
    assert set(first.locator('[data-f="why"]').all_inner_texts()) <= whys
    cite = first.locator(".atlas-cite").first
    assert re.search(rf"/{lang}/sources/[a-z0-9-]+/$", cite.get_attribute("href"))
    assert re.search(rf"/{lang}/approaches/{scenario.chosen[0]}/$", first.locator(".atlas-guide__name").get_attribute("href"))
    # the case itself is the most similar one; patterns only when a combination wins
    assert page.locator("[data-guide-case-list] > li").first.get_attribute("data-case") == case
    combination = scenario.chosen[0] == "hybrid-rag-fine-tuning"
    assert page.locator("[data-guide-patterns]").is_visible() == combination
    if combination:
        assert page.locator("[data-guide-pattern-list] > li").count() >= 1


def test_the_link_reproduces_the_result_for_a_colleague(page, browser, site_url, atlas):
    answers = dict(atlas.scenarios["financial-news-analysis"].guide_answers)
    page.goto(f"{site_url}/en/guide/")
    answer_by_clicking(page, answers)
    mine = ranking(page)
    link = page.url
    assert urlsplit(link).query
    colleague = browser.new_context(viewport={"width": 390, "height": 800})
    other = colleague.new_page()
    other.goto(link)
    other.wait_for_selector("[data-guide-ranking] > li")
    assert ranking(other) == mine
    assert checked(other) == answers
    assert other.locator("[data-guide-status]").inner_text() == page.locator("[data-guide-status]").inner_text()
    colleague.close()


def test_answer_changes_replace_the_history_entry_and_kept_results_get_their_own(browser, site_url):
    """The rule (guide.js): a change of answer replaces the current entry; a result the reader keeps (opened by a
    link, its link or record copied, the record downloaded) gets an entry of its own, and so does Start over."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page = context.new_page()
    page.goto(f"{site_url}/zh/")
    page.goto(f"{site_url}/zh/guide/")
    length = page.evaluate("history.length")
    answer_by_clicking(page, {"freshness": "frequent", "citations": "required"})
    two = ranking(page)
    assert page.evaluate("history.length") == length  # two clicks, no new entries
    page.locator('[data-guide-action="copy-link"]').click()  # the reader keeps this result
    answer_by_clicking(page, {"expertise": "deep"})
    three = ranking(page)
    assert two != three and page.evaluate("history.length") == length + 1
    answer_by_clicking(page, {"latency": "relaxed"})
    assert page.evaluate("history.length") == length + 1  # later changes replace again
    page.go_back()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('expertise')")
    assert checked(page) == {"freshness": "frequent", "citations": "required"} and ranking(page) == two
    page.go_forward()
    page.wait_for_function("() => new URLSearchParams(location.search).get('expertise') === 'deep'")
    assert checked(page) == {"freshness": "frequent", "citations": "required", "expertise": "deep", "latency": "relaxed"}
    page.locator('[data-guide-action="reset"]').click()
    assert checked(page) == {} and urlsplit(page.url).query == "" and page.locator("[data-guide-empty]").is_visible()
    assert not page.locator("[data-guide-top]").is_visible()  # no stale recommendation above the questions
    page.go_back()  # Start over made an entry: Back brings the answers back
    page.wait_for_function("() => new URLSearchParams(location.search).get('latency') === 'relaxed'")
    assert checked(page)["expertise"] == "deep"
    # a result opened by a link is kept: the first change makes a new entry, and Back returns to it
    page.goto(f"{site_url}/zh/guide/?freshness=stable")
    page.wait_for_selector("[data-guide-ranking] > li")
    answer_by_clicking(page, {"style": "fixed"})
    page.go_back()
    page.wait_for_function("() => location.search === '?freshness=stable'")
    assert checked(page) == {"freshness": "stable"}
    context.close()


@pytest.mark.parametrize("lang", model.LANGS)
def test_a_shared_result_opens_with_its_one_sentence_answer_in_view(browser, site, site_url, atlas, lang):
    answers = {"deployment": "on-premises", "privacy": "private-deployment", "freshness": "frequent", "citations": "required"}
    d = page_data(site, lang)
    names = {a["id"]: a["name"] for a in d["approaches"]}
    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 900}):
        context = browser.new_context(viewport=viewport)
        pg = context.new_page()
        pg.goto(f"{site_url}/{lang}/guide/?" + "&".join(f"{q}={o}" for q, o in answers.items()))
        top = pg.locator("[data-guide-top] [data-guide-verdict]")
        top.wait_for()
        sentence = top.inner_text()
        assert sentence.startswith(names["rag"]) or names["rag"] in sentence[:40]
        labels = {o["id"]: o["label"] for q in d["questions"] for o in q["options"] if q["id"] == "freshness"}
        assert labels["frequent"] in sentence
        box = top.bounding_box()
        assert box["y"] + box["height"] <= viewport["height"], (viewport, box)  # no scrolling needed to read it
        # the result opens with the same sentence, then the runner-up
        assert pg.locator("[data-guide-answer] [data-guide-verdict]").inner_text() == sentence
        assert names["hybrid-rag-fine-tuning"] in pg.locator("[data-guide-runner]").inner_text()
        context.close()


def test_the_keyboard_alone_answers_questions(page, site_url):
    page.goto(f"{site_url}/en/guide/")
    page.locator('input[name="freshness"]').first.focus()
    page.keyboard.press("ArrowDown")  # a radio group: arrows move the choice
    page.wait_for_function("() => new URLSearchParams(location.search).get('freshness') === 'frequent'")
    page.keyboard.press("Tab")  # Tab leaves the group: first the next question's link to its dimension...
    assert page.evaluate("document.activeElement.classList.contains('atlas-guide__dimension')")
    page.keyboard.press("Tab")  # ...then its radio group
    order = [q["id"] for q in page_data_from(page)["questions"]]
    assert page.evaluate("document.activeElement.name") == order[order.index("freshness") + 1]
    page.locator('input[name="citations"]').first.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => new URLSearchParams(location.search).get('citations') === 'helpful'")
    assert page.locator("[data-guide-ranking] > li").first.get_attribute("data-approach") == "rag"
    # every question is a fieldset with a legend, every choice a labelled radio button
    assert page.locator("fieldset.atlas-guide__question").count() == page.locator("legend").count() >= 12
    assert page.locator("label > input[type=radio]").count() == page.locator("[data-guide-form] input").count()


@pytest.mark.parametrize("lang", model.LANGS)
def test_it_fits_a_phone_screen(browser, site_url, atlas, lang):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.goto(f"{site_url}/{lang}/guide/")
    answers = dict(atlas.scenarios["customer-support-assistant"].guide_answers)
    for question, option in answers.items():
        pg.locator(f'label:has(> input[name="{question}"][value="{option}"])').tap()
    pg.wait_for_function("n => new URLSearchParams(location.search).size === n", arg=len(answers))
    assert pg.locator("[data-guide-ranking] > li").first.get_attribute("data-approach") == "hybrid-rag-fine-tuning"
    assert pg.evaluate("document.documentElement.scrollWidth") <= 360
    widest = pg.evaluate("""() => Math.max(...[...document.querySelectorAll('.atlas-guide *')]
        .filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect().right))""")
    assert widest <= 360
    context.close()


@pytest.mark.parametrize("lang", model.LANGS)
def test_the_decision_record_is_copied_and_downloaded(browser, site, site_url, atlas, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    pg = context.new_page()
    d = page_data(site, lang)
    answers = dict(atlas.scenarios["legal-judgment-summaries"].guide_answers)
    pg.goto(f"{site_url}/{lang}/guide/")
    answer_by_clicking(pg, answers)
    pg.locator('[data-guide-action="copy-record"]').click()
    status = pg.locator("[data-guide-share-status]")
    pg.wait_for_function("t => document.querySelector('[data-guide-share-status]').textContent === t", arg=d["ui"]["copied_record"])
    assert status.is_visible()
    record = pg.evaluate("navigator.clipboard.readText()")
    lines = record.splitlines()
    assert lines[0] == "# " + d["ui"]["adr_title"]
    positions = [lines.index("## " + d["ui"][k]) for k in ADR_KEYS]
    assert positions == sorted(positions)
    assert atlas.approaches["fine-tuning"].name(lang) in lines[positions[2] + 2]
    # every link leads to the site the reader is on (here the local server), not the configured address
    assert f"{site_url}/{lang}/sources/rag-vs-fine-tuning-how-to-choose/" in record
    assert f"<{pg.url}>" in record and "llm-adaptation-atlas.github.io" not in record
    assert f"{d['data_version']['as_of']} · {d['data_version']['hash']}" in record
    assert record == pg.locator("[data-guide-record]").text_content()  # the preview shows the same text
    with pg.expect_download() as info:
        pg.locator('[data-guide-action="download-record"]').click()
    download = info.value
    assert download.suggested_filename == d["ui"]["record_file"] + ".md"
    assert open(download.path(), encoding="utf-8").read() == record
    pg.locator('[data-guide-action="copy-link"]').click()
    pg.wait_for_function("t => document.querySelector('[data-guide-share-status]').textContent === t", arg=d["ui"]["copied_link"])
    assert pg.evaluate("navigator.clipboard.readText()") == pg.url
    context.close()


def test_without_javascript_the_page_shows_the_decision_tables(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    for lang in model.LANGS:
        pg.goto(f"{site_url}/{lang}/guide/")
        assert not pg.locator("[data-guide-app]").is_visible()
        assert pg.locator("[data-atlas-guide-fallback]").is_visible()
        for group in ("knowledge", "cost", "risk"):
            table = pg.locator(f"#decisions-{group} table")
            assert table.is_visible() and table.locator("tbody tr").count() >= 2
        assert pg.locator("[data-atlas-guide-fallback] [role=heading][aria-level='2']").count() >= 5
    context.close()


def test_with_javascript_the_tables_give_way_to_the_guide_and_the_address_stays_clean(page, site_url):
    page.goto(f"{site_url}/en/guide/?freshness=stable")
    page.wait_for_selector("[data-guide-ranking] > li")
    assert not page.locator("[data-atlas-guide-fallback]").is_visible()
    page.mouse.wheel(0, 4000)
    page.wait_for_timeout(400)  # Material's anchor tracking runs on scroll; no hidden anchor may enter the link
    assert urlsplit(page.url).fragment == "" and urlsplit(page.url).query == "freshness=stable"


def test_it_starts_after_material_instant_navigation(page, site, site_url):
    """The deployed site's sitemap names its own host; served locally, it is rewritten to the local address so that
    Material navigates instantly (without reloading the page), as it does on the real site."""
    def sitemap(route, request):
        lang = "zh" if "/zh/" in request.url else "en"
        body = (site / lang / "sitemap.xml").read_text(encoding="utf-8")
        route.fulfill(body=body.replace("https://llm-adaptation-atlas.github.io", site_url), content_type="application/xml")
    page.route("**/sitemap.xml", sitemap)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site_url}/en/approaches/rag/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__sameDocument = true")
    page.locator(".md-nav--primary a[href$='guide/']").first.click()
    page.wait_for_url("**/en/guide/")
    page.wait_for_selector("[data-guide-app]:not([hidden])")
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded: instant navigation did not happen"
    answer_by_clicking(page, {"freshness": "frequent", "precision": "exact"})
    assert ranking(page)[0][0] == "rag"
    # away and back again by instant navigation, then with the browser's back button
    page.locator(".md-nav--primary a[href$='matrix/']").first.click()
    page.wait_for_url("**/en/matrix/")
    # the matrix's filters are built from a data block that instant navigation re-inserts as a script
    page.wait_for_selector("[data-atlas-filter] form.atlas-filter__form", timeout=10_000)
    page.go_back()
    page.wait_for_url("**/en/guide/?freshness=frequent&precision=exact")
    page.wait_for_selector("[data-guide-ranking] > li")
    assert page.evaluate("window.__sameDocument === true")
    assert checked(page) == {"freshness": "frequent", "precision": "exact"} and ranking(page)[0][0] == "rag"
    assert not page.locator("[data-atlas-guide-fallback]").is_visible()
    assert errors == []


def test_hostile_text_in_the_guides_data_is_shown_never_run(browser, tmp_path_factory):
    import shutil
    from pathlib import Path

    from conftest import build_site, serve
    from test_guide import HOSTILE
    root = Path(__file__).resolve().parent.parent
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(root / "data", data)
    q = data / "questions" / "freshness.yaml"
    text = q.read_text(encoding="utf-8")
    for old in ("  en: How often does the knowledge behind the answers change?", "      en: Daily or weekly, or as events happen"):
        text = text.replace(old, old.split("en: ")[0] + "en: " + json.dumps(HOSTILE))
    q.write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-site")
    proc = build_site(out, data)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    context = browser.new_context(accept_downloads=True)
    pg = context.new_page()
    with serve(out) as url:
        pg.goto(f"{url}/en/guide/?freshness=frequent")
        pg.wait_for_selector("[data-guide-ranking] > li")
        assert pg.evaluate("window.__pwned") is None
        assert pg.locator("#guide-q-freshness legend").inner_text() == HOSTILE
        assert HOSTILE in pg.locator("[data-guide-ranking] > li").first.locator('[data-f="question"]').first.inner_text()
        assert pg.locator("[data-guide-ranking] img").count() == 0
        record = pg.locator("[data-guide-record]").text_content()
        assert "<script>" not in record and "\\<script\\>" in record
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", model.LANGS)
def test_axe_finds_no_violation_in_the_answered_guide(browser, site_url, atlas, lang, scheme):
    """The guide as a reader leaves it: answered, a combination first (patterns shown), every explanation open,
    the record previewed; on a phone and on a desktop. (tests/test_quality.py checks the page as it loads.)"""
    from pathlib import Path
    axe = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
    assert axe.exists(), "axe-core missing: run `make test` (npm ci)"
    answers = dict(atlas.scenarios["financial-news-analysis"].guide_answers) | {"budget": "cluster", "team": "mlops", "latency": "real-time"}
    query = "&".join(f"{q}={o}" for q, o in answers.items())
    for viewport in ({"width": 360, "height": 740}, {"width": 1280, "height": 900}):
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        pg = context.new_page()
        pg.goto(f"{site_url}/{lang}/guide/?{query}")
        pg.wait_for_selector("[data-guide-pattern-list] > li")
        pg.evaluate("document.querySelectorAll('.atlas-guide details').forEach(d => d.open = true)")
        pg.locator('[data-guide-action="copy-link"]').focus()
        pg.add_script_tag(path=str(axe))
        result = pg.evaluate("""async () => await axe.run(document.querySelector('.md-content'), {
            resultTypes: ['violations'], rules: {'target-size': {enabled: true}}})""")
        problems = [f"{v['id']}: {n['target']} {' '.join((n.get('failureSummary') or '').split())[:200]}"
                    for v in result["violations"] for n in v["nodes"][:5]]
        assert problems == [], (viewport, "\n".join(problems))
        context.close()
