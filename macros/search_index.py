"""The search index, split in two so that a page's main thread does not parse it.

Material's page script fetches `search/search_index.json` on every first load, parses it on the main thread and
copies it to the search worker: for the Chinese site, 2.9 MB of JSON, one of the longest tasks of a phone's load
(Lighthouse's total blocking time, bench/lighthouse.py). After the search plugin has written the index, the
documents move to `search/search_docs.json` and `search_index.json` keeps only the configuration, with the
documents' address (`config.atlas_docs`, relative to the language's root). The search worker
(overrides/assets/javascripts/workers/atlas-search.js) fetches and parses the documents itself, off the main
thread, before Material's worker builds the index from them. Search finds what it found before: the same
documents reach the same code, with one correction to their text (`tidy`) and, on the glossary's entries, the
names the worker ranks them by (`names`).

The marks and buttons a page leaves out of the index (data-search-exclude: citation marks, table tools) leave
the spaces around them behind, so a Chinese result read "……适应这些数据。 与 RAG 不同" with a space after the
full stop. Spaces next to full-width punctuation are taken out of titles and texts: Chinese sets none there, and
the punctuation itself separates words in the index (the search plugin's separator), so no two words join."""
from __future__ import annotations

import json
import re
from pathlib import Path

INDEX = Path("search") / "search_index.json"
DOCS = Path("search") / "search_docs.json"
# full-width punctuation, with the zero-width spaces (U+200B) that the search plugin puts between Chinese words
_FULLWIDTH = "，。；：、！？（）《》「」『』【】“”‘’"
_SPACE_AFTER = re.compile(f"([{_FULLWIDTH}]\u200b*) +")
_SPACE_BEFORE = re.compile(f" +(\u200b*[{_FULLWIDTH}])")


def tidy(text: str) -> str:
    """`text` without the spaces next to full-width punctuation."""
    return _SPACE_BEFORE.sub(r"\1", _SPACE_AFTER.sub(r"\1", text))


def split(index: dict, names: dict[str, list[str]] | None = None) -> tuple[dict, dict]:
    """(what the page fetches, what the worker fetches) from the search plugin's index. `names` gives the
    documents at some locations (the glossary's entries) the names the search worker ranks them by, as `names`:
    a field the index does not search (its fields are title, text and tags), kept with the document and read by
    the worker. Each of those locations must be in the index."""
    if "config" not in index or "docs" not in index:
        raise ValueError("not a search index: it needs 'config' and 'docs'")
    names = names or {}
    missing = sorted(set(names) - {d.get("location") for d in index["docs"]})
    if missing:
        raise ValueError(f"the search index has no document at {', '.join(missing)}: a glossary entry's anchor "
                         "is its term's id (macros/render.glossary)")
    stub = {"config": {**index["config"], "atlas_docs": DOCS.as_posix()}, "docs": []}
    docs = [{**d, **{k: tidy(d[k]) for k in ("title", "text") if isinstance(d.get(k), str)},
             **({"names": names[d["location"]]} if d.get("location") in names else {})} for d in index["docs"]]
    return stub, {"docs": docs}


def split_in_place(site_dir: Path, names: dict[str, list[str]] | None = None) -> None:
    """Rewrite the search plugin's index in `site_dir` as the two files (a no-op where search wrote none)."""
    path = Path(site_dir) / INDEX
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    if index.get("config", {}).get("atlas_docs"):
        return  # already split (a warm rebuild that left the file as it was)
    stub, docs = split(index, names)
    (Path(site_dir) / DOCS).write_text(json.dumps(docs, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    path.write_text(json.dumps(stub, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
