"""A Markdown extension: every table cell carries its column's heading as ``data-label``, so that on a phone the
stylesheet (overrides/assets/atlas.css) can show each row as a card of "heading: value" lines instead of a table
wider than the screen. The heading's text is set as an attribute of the element tree, which escapes it."""
from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor


def heading_texts(table: etree.Element) -> list[str]:
    head = table.find("thead")
    row = head.find("tr") if head is not None else None
    if row is None:
        return []
    return [" ".join("".join(th.itertext()).split()) for th in row if th.tag in ("th", "td")]


def label_cells(root: etree.Element) -> int:
    """Sets data-label on the cells of every table below root; returns how many cells were labelled."""
    n = 0
    for table in root.iter("table"):
        labels = heading_texts(table)
        body = table.find("tbody")
        if not labels or body is None:
            continue
        for row in body.iter("tr"):
            for i, cell in enumerate(c for c in row if c.tag in ("td", "th")):
                if i < len(labels) and labels[i] and "data-label" not in cell.attrib:
                    cell.set("data-label", labels[i])
                    n += 1
    return n


class _Labels(Treeprocessor):
    def run(self, root):
        label_cells(root)


class TableLabels(Extension):
    def extendMarkdown(self, md):
        # after the inline patterns (20), so headings are their final text
        md.treeprocessors.register(_Labels(md), "atlas_table_labels", 8)
