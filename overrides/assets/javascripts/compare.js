/* Picking and filtering tables: the compare page and the filters of the matrix and of the lists of scenarios and
   sources (macros/compare.py writes each table's facets as JSON beside it). The controls are native checkboxes
   in fieldsets (keyboard and screen readers as usual), built here with textContent only; the choice is kept in
   the URL (?a=rag,lora&d=latency&group=cost&rating=strong&type=paper) so a link opens the same view; what is not
   picked is hidden, and atlasShownTable() gives the table as shown, as Markdown or CSV, for the copy buttons.
   Without JavaScript the controls stay hidden and the whole table stands. */
(function () {
  "use strict";

  var KEYS = ["a", "d", "group", "rating", "type"];

  function picked(key) {
    var value = new URLSearchParams(location.search).get(key);
    return value ? value.split(",").filter(Boolean) : [];
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  function frameOf(box) {
    return document.querySelector('[data-atlas-table="' + box.getAttribute("data-atlas-filter") + '"]');
  }

  function checkbox(control, option) {
    var label = el("label", "atlas-filter__option");
    var input = el("input");
    input.type = "checkbox";
    input.name = control.key;
    input.value = option.id;
    label.appendChild(input);
    label.appendChild(el("span", null, option.label));
    return label;
  }

  function build(box) {
    // found by position, not by its class: instant navigation re-inserts scripts without attributes (filters.html)
    var data = JSON.parse(box.querySelector("script").textContent)[0];
    var form = el("form", "atlas-filter__form");
    form.setAttribute("aria-label", data.labels.filter_label);
    data.facets.controls.forEach(function (control) {
      var set = el("fieldset", "atlas-filter__set");
      set.appendChild(el("legend", null, control.label));
      if (control.grouped) {
        Object.keys(control.grouped).forEach(function (group) {
          var part = el("div", "atlas-filter__group");
          part.appendChild(el("span", "atlas-filter__group-name", control.grouped[group]));
          control.options.forEach(function (o) {
            if (control.groups[o.id] === group) part.appendChild(checkbox(control, o));
          });
          set.appendChild(part);
        });
      } else {
        control.options.forEach(function (o) { set.appendChild(checkbox(control, o)); });
      }
      form.appendChild(set);
    });
    var bar = el("div", "atlas-filter__bar");
    var clear = el("button", "atlas-table__button", data.labels.filter_clear);
    clear.type = "button";
    clear.setAttribute("data-atlas-filter-clear", "");
    var csv = el("button", "atlas-table__button", data.labels.filter_copy_csv);
    csv.type = "button";
    csv.setAttribute("data-atlas-copy-csv", "");
    bar.appendChild(clear);
    bar.appendChild(csv);
    bar.appendChild(el("span", "atlas-filter__hint", data.labels.filter_none_hint));
    var status = el("p", "atlas-filter__status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    form.appendChild(bar);
    form.appendChild(status);
    box.appendChild(form);
    box.hidden = false;
    box._atlas = data;
  }

  function hasRating(cells, wanted) {
    return cells.some(function (td) {
      return !td.hidden && wanted.some(function (r) { return td.querySelector(".atlas-rating--" + r); });
    });
  }

  function apply(box) {
    var data = box._atlas, f = data.facets, frame = frameOf(box);
    if (!frame) return;
    var table = frame.querySelector("table");
    var form = box.querySelector("form");
    var sel = {};
    var any = false;
    f.controls.forEach(function (c) {
      sel[c.key] = picked(c.key);
      form.querySelectorAll('input[name="' + c.key + '"]').forEach(function (i) { i.checked = sel[c.key].indexOf(i.value) >= 0; });
      if (sel[c.key].length) any = true;
    });
    var byColumns = f.controls.some(function (c) { return c.on === "columns"; });
    var hideColumn = function (j) {
      return byColumns && sel.a && sel.a.length && j > 0 && f.columns[j] && sel.a.indexOf(f.columns[j]) < 0;
    };
    table.querySelectorAll("tr").forEach(function (tr) {
      Array.prototype.forEach.call(tr.children, function (cell, j) { cell.hidden = !!hideColumn(j); });
    });
    var rows = table.querySelectorAll("tbody tr"), shown = 0;
    rows.forEach(function (tr, i) {
      var facts = f.rows[i] || {};
      var ok = f.controls.every(function (c) {
        var want = sel[c.key];
        if (!want.length || c.on === "columns") return true;
        if (c.on === "ratings") return hasRating(Array.prototype.slice.call(tr.children, 1), want);
        if (c.on === "approaches") return (facts.approaches || []).some(function (a) { return want.indexOf(a) >= 0; });
        return want.indexOf(facts[c.on]) >= 0;
      });
      tr.hidden = !ok;
      if (ok) shown += 1;
    });
    if (any) frame.setAttribute("data-atlas-filtered", "");
    else frame.removeAttribute("data-atlas-filtered");
    box.querySelector(".atlas-filter__status").textContent =
      data.labels.filter_shown.replace("{rows}", shown).replace("{total}", rows.length);
  }

  function applyAll() {
    document.querySelectorAll("[data-atlas-filter]").forEach(function (box) { if (box._atlas) apply(box); });
  }

  function write(form) {
    var params = new URLSearchParams(location.search);
    var keys = {};
    form.querySelectorAll("input[type=checkbox]").forEach(function (i) { keys[i.name] = keys[i.name] || []; if (i.checked) keys[i.name].push(i.value); });
    Object.keys(keys).forEach(function (k) {
      if (keys[k].length) params.set(k, keys[k].join(","));
      else params.delete(k);
    });
    var query = params.toString().replace(/%2C/g, ",");
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest(".atlas-filter__form");
    if (!form) return;
    write(form);
    applyAll();
  });

  document.addEventListener("click", function (event) {
    var clear = event.target.closest("[data-atlas-filter-clear]");
    if (clear) {
      var form = clear.closest("form");
      form.querySelectorAll("input[type=checkbox]").forEach(function (i) { i.checked = false; });
      write(form);
      applyAll();
      return;
    }
    var csv = event.target.closest("[data-atlas-copy-csv]");
    if (csv) {
      var box = csv.closest("[data-atlas-filter]");
      var status = box.querySelector(".atlas-filter__status");
      window.atlasCopyText(window.atlasShownTable(frameOf(box), "csv")).then(function () {
        status.textContent = csv.textContent + " ✓";
      }, function (err) { status.textContent = String(err); });
    }
  });

  // --- the table as shown, as text -----------------------------------------------------------------------

  var GFM = /([\\`*_\[\]<>|!~&$])/g;

  function gfm(text) { return text.replace(GFM, "\\$1").replace(/\n/g, "<br>"); }

  function cellText(node, fmt) {
    var out = "";
    node.childNodes.forEach(function (child) {
      if (child.nodeType === 3) {
        out += fmt === "md" ? gfm(child.textContent) : child.textContent;
      } else if (child.nodeType === 1 && child.tagName === "A" && child.getAttribute("href")) {
        var text = child.textContent, cite = child.classList.contains("atlas-cite");
        if (fmt === "md") out += cite ? "[\\[" + gfm(text) + "\\]](" + child.href + ")" : "[" + gfm(text) + "](" + child.href + ")";
        else out += cite ? "[" + text + "]" : text;
      } else if (child.nodeType === 1) {
        out += cellText(child, fmt);
      }
    });
    return out.replace(/\s+/g, " ").trim();
  }

  function csvField(text) { return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text; }

  window.atlasShownTable = function (frame, fmt) {
    var table = frame.querySelector("table");
    var title = (frame.querySelector(".atlas-table__tools") || frame).getAttribute("aria-label") || "";
    var lines = [];
    table.querySelectorAll("tr").forEach(function (tr) {
      if (tr.hidden) return;
      var cells = Array.prototype.filter.call(tr.children, function (c) { return !c.hidden; })
        .map(function (c) { return cellText(c, fmt); });
      if (fmt === "md") {
        lines.push("| " + cells.map(function (c) { return c || " "; }).join(" | ") + " |");
        if (tr.parentNode.tagName === "THEAD") lines.push("|" + cells.map(function () { return " --- "; }).join("|") + "|");
      } else {
        lines.push(cells.map(csvField).join(","));
      }
    });
    var link = location.href;
    if (fmt === "md") return lines.join("\n") + "\n\n*" + gfm(title) + ": " + link + "*\n";
    return "# " + title + " — " + link + "\r\n" + lines.join("\r\n") + "\r\n";
  };

  function init() {
    document.querySelectorAll("[data-atlas-filter]").forEach(function (box) { if (!box._atlas) build(box); });
    applyAll();
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
