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
    document.querySelectorAll(".atlas-table__tools[hidden]").forEach(function (el) { el.hidden = false; });
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
        '" width="100%" height="480" style="border:0" loading="lazy"></iframe>';
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
