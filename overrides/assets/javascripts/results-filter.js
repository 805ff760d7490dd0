/* The index of all results: filter its rows by approach, task and metric. The columns are found by position
   (arm, task, metric: see macros/results.py index_table); the approach matches the name in brackets (full-width in Chinese) after
   the arm, the task and the metric the whole cell. Behaviour only; the options come from the page. */
(function () {
  "use strict";
  var COLUMN = { approach: 5, task: 2, metric: 6 };

  function cellMatches(row, by, value) {
    var cell = row.cells[COLUMN[by]];
    if (!cell || !value) return true;
    var text = cell.textContent.trim();
    if (by === "approach") return text.indexOf("(" + value + ")") !== -1 || text.indexOf("（" + value + "）") !== -1;
    return text === value;
  }

  function apply(form) {
    var frame = document.getElementById(form.getAttribute("data-atlas-filter"));
    if (!frame) return;
    var selects = form.querySelectorAll("select[data-atlas-filter-by]");
    var rows = frame.querySelectorAll("tbody tr");
    var shown = 0;
    rows.forEach(function (row) {
      var ok = true;
      selects.forEach(function (s) { ok = ok && cellMatches(row, s.getAttribute("data-atlas-filter-by"), s.value); });
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    var out = form.querySelector(".atlas-filter__count");
    if (out) out.textContent = shown + " / " + rows.length;
  }

  function init() {
    document.querySelectorAll("form[data-atlas-filter][hidden]").forEach(function (form) {
      form.hidden = false;
      apply(form);
    });
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-atlas-filter]");
    if (form) apply(form);
  });
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
