"""A Markdown extension for every table of the site's pages.

1. Every table cell carries its column's heading as ``data-label``, so that on a phone the stylesheet
   (overrides/assets/atlas.css) can show each row as a card of "heading: value" lines instead of a table wider than
   the screen. The heading's text is set as an attribute of the element tree, which escapes it.
2. Every table is put in the scrolling boxes Material's script would otherwise put it in, and classed
   ``atlas-grid``. Material's content component wraps every ``table:not([class])`` in
   ``div.md-typeset__scrollwrap > div.md-typeset__table`` once its bundle starts, after the first paint: every table
   is taken out of the page and put back, and the browser restyles and lays out the page again
   (bench/lighthouse.py's traces: most of the work done on DOMContentLoaded). Written here, Material finds no table
   left to wrap; atlas.css styles ``table.atlas-grid`` with Material's own rules for class-less tables.
3. A table inside an element left out of the search index (``data-search-exclude``) carries the attribute itself.
   Material's search plugin skips an excluded element only until the first closing tag of the same name inside it
   (its parser compares elements by tag name): the table's own ``div`` boxes, or its tools, ended the exclusion of
   the ``div`` around them, and the tables meant to stay out of the index (the glossary's table of names, the
   results tables of "What studies measured") were indexed whole. Nothing inside a table closes a ``table``."""
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


GRID = "atlas-grid"
BOXES = ("md-typeset__scrollwrap", "md-typeset__table")  # Material's, outermost first


def wrap_tables(root: etree.Element) -> int:
    """Puts every class-less table below root in Material's two boxes and classes it GRID; returns how many."""
    n = 0
    for parent in list(root.iter()):
        for i, child in enumerate(list(parent)):
            if child.tag != "table" or "class" in child.attrib:
                continue
            outer = etree.Element("div", {"class": BOXES[0]})
            inner = etree.SubElement(outer, "div", {"class": BOXES[1]})
            outer.tail, child.tail = child.tail, None
            parent.remove(child)
            parent.insert(i, outer)
            inner.append(child)
            child.set("class", GRID)
            n += 1
    return n


EXCLUDE = "data-search-exclude"


def exclude_tables(root: etree.Element) -> int:
    """Sets data-search-exclude on every table below an element that has it; returns how many tables it set."""
    n = 0
    for el in root.iter():
        if EXCLUDE not in el.attrib:
            continue
        for table in el.iter("table"):
            if EXCLUDE not in table.attrib:
                table.set(EXCLUDE, "")
                n += 1
    return n


class _Labels(Treeprocessor):
    def run(self, root):
        label_cells(root)
        wrap_tables(root)
        exclude_tables(root)


class TableLabels(Extension):
    def extendMarkdown(self, md):
        # after the inline patterns (20), so headings are their final text
        md.treeprocessors.register(_Labels(md), "atlas_table_labels", 8)
