/* Table tools: copy a table's link, its Markdown, or its embed code. Event delegation on the document, so it
   keeps working across Material's instant navigation; no data or markup here, only behaviour. */
(function () {
  "use strict";

  function siteBase() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function reveal() {
    window.requestAnimationFrame(scrollBoxes);
  }

  // A table wider than its box scrolls sideways in Material's .md-typeset__scrollwrap; a keyboard reader scrolls it
  // once it can be focused, and a screen reader hears which table it is (axe: scrollable-region-focusable). A box
  // that does not scroll (a phone's cards, a narrow table) is no tab stop. Each box is measured when the browser lays
  // it out (a ResizeObserver: again when it or its table changes size), never all at once: a table below the fold is
  // not laid out before it is near (atlas.css: content-visibility), and measuring it would force that work up front.
  function mark(box, scrolls) {
    if (scrolls && !box.hasAttribute("tabindex")) {
      var frame = box.closest("[data-atlas-table]");
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("data-atlas-scrolls", "");
      if (frame && frame.hasAttribute("data-atlas-title")) box.setAttribute("aria-label", frame.getAttribute("data-atlas-title"));
    } else if (!scrolls && box.hasAttribute("data-atlas-scrolls")) {
      ["tabindex", "role", "aria-label", "data-atlas-scrolls"].forEach(function (a) { box.removeAttribute(a); });
    }
  }
  function scrolls(box) { return box.scrollWidth > box.clientWidth + 1; }
  // every box measured first, then every change made: a change between two measurements would make the browser
  // lay the page out again for the next one
  var sizes = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
    var boxes = [];
    entries.forEach(function (e) {
      var box = e.target.closest(".md-typeset__scrollwrap");
      if (box && boxes.indexOf(box) < 0) boxes.push(box);
    });
    boxes.map(function (box) { return [box, scrolls(box)]; }).forEach(function (m) { mark(m[0], m[1]); });
  }) : null;
  function scrollBoxes() {
    document.querySelectorAll(".md-typeset .md-typeset__scrollwrap").forEach(function (box) {
      if (!sizes) return mark(box, scrolls(box));
      sizes.observe(box);
      if (box.firstElementChild) sizes.observe(box.firstElementChild);
    });
  }
  if (!sizes) {
    var resizing;
    window.addEventListener("resize", function () {
      window.clearTimeout(resizing);
      resizing = window.setTimeout(scrollBoxes, 150);
    });
  }

  function say(frame, text) {
    var status = frame.querySelector(".atlas-table__status");
    if (status) status.textContent = text;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-atlas-copy]");
    if (!button) return;
    var frame = button.closest("[data-atlas-table]");
    var id = frame.getAttribute("data-atlas-table");
    var base = siteBase();
    var kind = button.getAttribute("data-atlas-copy");
    var title = frame.querySelector(".atlas-table__tools").getAttribute("aria-label");
    var payload;
    // A filtered table (compare.js) is copied as shown: its link and embed keep the choice, its Markdown is made
    // from what is shown.
    var filtered = frame.hasAttribute("data-atlas-filtered") && window.atlasShownTable;
    var query = filtered ? location.search : "";
    if (kind === "link") {
      payload = new URL(frame.getAttribute("data-atlas-page") + query + "#" + id, base).href;
    } else if (kind === "markdown" && filtered) {
      payload = window.atlasShownTable(frame, "md");
    } else if (kind === "embed") {
      var src = new URL("embed/" + id + "/" + query, base).href;
      payload = '<iframe src="' + src + '" title="' + title.replace(/&/g, "&amp;").replace(/"/g, "&quot;") +
        '" width="100%" height="480" style="border:0" loading="lazy"' +
        ' sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>';
    } else {
      payload = fetch(new URL("tables/" + id + ".md", base)).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      });
    }
    var label = button.textContent.trim();
    window.atlasCopyText(payload).then(function () {
      say(frame, frame.querySelector(".atlas-table__status").getAttribute("data-copied") + ": " + label);
      frame.setAttribute("data-atlas-copied", kind);
    }, function (err) {
      say(frame, String(err));
    });
  });

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(reveal);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", reveal);
  else reveal();
})();
