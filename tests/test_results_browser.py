"""In Chromium, on the built site: the index of all results filters its rows by approach, task and metric in both
languages, and a study's chart is drawn at a readable size in light and dark schemes."""
from __future__ import annotations

import pytest

from macros import loader, results


@pytest.fixture(scope="module")
def flat():
    return results.all_results(loader.load_or_raise())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_results_index_filters_by_approach_task_and_metric(page, site_url, flat, lang):
    atlas = loader.load_or_raise()
    page.goto(f"{site_url}/{lang}/evidence/")
    form = page.locator("form[data-atlas-filter]")
    form.wait_for(state="visible")
    rows = page.locator("#results tbody tr")
    assert rows.count() == len(flat)
    name = atlas.approaches["qlora"].short_name(lang)
    page.select_option("select[data-atlas-filter-by=approach]", name)
    want = sum(1 for r in flat if r.approach == "qlora")
    assert want and page.locator("#results tbody tr:not([hidden])").count() == want
    task = next(r for r in flat if r.approach == "qlora").task(lang)
    page.select_option("select[data-atlas-filter-by=task]", task)
    want = sum(1 for r in flat if r.approach == "qlora" and r.task(lang) == task)
    assert page.locator("#results tbody tr:not([hidden])").count() == want
    assert form.locator(".atlas-filter__count").inner_text() == f"{want} / {len(flat)}"
    page.select_option("select[data-atlas-filter-by=approach]", "")
    page.select_option("select[data-atlas-filter-by=task]", "")
    metric = flat[0].metric(lang)
    page.select_option("select[data-atlas-filter-by=metric]", metric)
    assert page.locator("#results tbody tr:not([hidden])").count() == sum(1 for r in flat if r.metric(lang) == metric)


def test_a_study_chart_is_readable_in_light_and_dark(page, site_url):
    page.goto(f"{site_url}/en/evidence/ovadia-2023-knowledge-injection/")
    svg = page.locator("figure.atlas-chart svg").last
    svg.scroll_into_view_if_needed()
    assert svg.bounding_box()["width"] > 500  # drawn at the width of the text column, not shrunk to a thumbnail
    colours = {}
    for scheme in ("default", "slate"):
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        colours[scheme] = page.evaluate("""() => [
            getComputedStyle(document.querySelector('.atlas-chart__bar--0')).fill,
            getComputedStyle(document.querySelector('.atlas-chart__value')).fill]""")
        bar, label = colours[scheme]
        assert bar not in ("none", "") and bar != label
    assert colours["default"][0] != colours["slate"][0]  # each scheme has its own bar colours
    assert colours["default"][1] != colours["slate"][1]  # and labels in the scheme's text colour
