/* The decision guide page: reads the page data (the JSON block of partials/atlas/guide.html), keeps the answers
   in the address (?question=option), shows the result with AtlasGuideScore (guide-score.js, the one scoring
   rule) and exports the decision record. Behaviour only: every text comes from the page data, every element
   from the page's <template>s. Starts through Material's document$, so it also runs after instant navigation.

   History rule: changing an answer replaces the current history entry (the address always holds the current
   answers, but Back does not undo clicks one by one). A result becomes an entry of its own when the reader
   deliberately keeps it: by opening a link to it, or by copying its link or its record or downloading the
   record; the next change then starts a new entry, so Back returns to the result that was kept. Start over
   also starts a new entry. Back and forward restore the answers of the entry they reach. */
(function () {
  "use strict";
  var S = window.AtlasGuideScore;
  var current = null; // the guide on the page: {root, data, pathname, answers}

  function siteBase() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : "..";
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function readData(root) {
    // Found by position, not by its type or class: instant navigation re-inserts scripts without attributes.
    var parsed = JSON.parse(root.querySelector("script").textContent);
    return Array.isArray(parsed) ? parsed[0] : parsed;
  }

  function byId(list) {
    var out = {};
    list.forEach(function (x) { out[x.id] = x; });
    return out;
  }

  function tpl(g, name) {
    return g.root.querySelector('template[data-guide-tpl="' + name + '"]').content.firstElementChild.cloneNode(true);
  }

  function field(el, name) {
    return el.querySelector('[data-f="' + name + '"]');
  }

  function link(g, el, path, text) {
    el.href = new URL(path, g.base).href;
    el.textContent = text;
    return el;
  }

  function cites(g, container, ids) {
    container.textContent = "";
    ids.forEach(function (id) {
      var s = g.data.sources[id];
      var a = link(g, tpl(g, "cite"), s.href, s.label);
      a.title = s.title;
      container.appendChild(a);
      container.appendChild(document.createTextNode(" "));
    });
  }

  function readForm(g) {
    var answers = {};
    g.data.questions.forEach(function (q) {
      var checked = g.form.querySelector('input[name="' + CSS.escape(q.id) + '"]:checked');
      if (checked && checked.value) answers[q.id] = checked.value;
    });
    return answers;
  }

  function writeForm(g, answers) {
    g.data.questions.forEach(function (q) {
      var value = answers[q.id] || "";
      g.form.querySelectorAll('input[name="' + CSS.escape(q.id) + '"]').forEach(function (input) {
        input.checked = input.value === value;
      });
    });
  }

  /* The link to this result on the page the reader is on (not the configured site address). */
  function guideUrl(g, answers) {
    return location.origin + location.pathname + S.queryFromAnswers(g.data.questions, answers);
  }

  function render(g) {
    var d = g.data, ui = d.ui, answers = g.answers;
    var qs = byId(d.questions), as = byId(d.approaches), ss = byId(d.scenarios), ps = byId(d.patterns);
    var n = Object.keys(answers).length;
    var progress = S.format(ui.progress, { n: n, total: d.questions.length });
    var empty = g.root.querySelector("[data-guide-empty]");
    var answer = g.root.querySelector("[data-guide-answer]");
    var status = g.root.querySelector("[data-guide-status]");
    empty.hidden = n > 0;
    answer.hidden = n === 0;
    var top = g.root.querySelector("[data-guide-top]");
    if (top) top.hidden = true;
    if (!n) {
      status.textContent = S.format(ui.status, { progress: progress, result: ui.empty });
      return;
    }
    var exp = S.explain(d.questions, answers, d.approaches);
    var ranking = exp.ranking;
    var first = ranking[0], tied = exp.tied;
    status.textContent = S.format(ui.status, { progress: progress, result: tied.length
      ? S.format(ui.tied_first, { approaches: [first.id].concat(tied).map(function (id) { return as[id].short; }).join(", "), score: S.signed(first.score) })
      : S.format(ui.leading, { approach: as[first.id].name, score: S.signed(first.score) }) });

    // the one sentence: the recommendation, the answers that decided it, what would change it (or break a tie)
    var v = S.verdict(d, exp);
    var sentence = v ? S.format(v.template, v.values) : "";
    g.root.querySelectorAll("[data-guide-verdict]").forEach(function (el) { el.textContent = sentence; });
    if (top) top.hidden = !sentence;
    var runner = null;
    ranking.forEach(function (r) { if (r.id === exp.runner) runner = r; });
    var runnerLine = g.root.querySelector("[data-guide-runner]");
    var note = S.variantsNote(d, exp);
    runnerLine.textContent = [note ? S.format(note.template, note.values) : "",
      runner && !tied.length ? S.format(ui.runner_up, { approach: as[runner.id].name, score: S.signed(runner.score) }) : ""]
      .filter(Boolean).join(" ");
    runnerLine.hidden = !runnerLine.textContent;

    // every approach, ranked, with each answer's contribution, its reason and its sources
    var list = g.root.querySelector("[data-guide-ranking]");
    list.textContent = "";
    var best = Math.max(1, ranking[0].score);
    ranking.forEach(function (r, i) {
      var a = as[r.id];
      var item = tpl(g, "approach");
      item.setAttribute("data-approach", r.id);
      item.setAttribute("data-score", r.score);
      if (r.rank === 1) item.classList.add("atlas-guide__approach--first");
      field(item, "rank").textContent = S.format(ui.rank, { rank: r.rank });
      link(g, field(item, "name"), a.href, a.name);
      field(item, "score").textContent = S.format(ui.points, { score: S.signed(r.score) });
      field(item, "bar").style.width = Math.max(0, r.score) / best * 100 + "%";
      field(item, "summary").textContent = a.summary;
      var own = r.contributions.filter(function (c) { return !c.via; });
      if (a.parent && r.contributions.length && !own.length) {
        var note = field(item, "note");
        note.hidden = false;
        note.textContent = S.format(ui.variant_same, { parent: as[a.parent].name });
      }
      var ul = field(item, "contributions");
      if (!r.contributions.length) {
        var none = document.createElement("li");
        none.textContent = ui.no_effect;
        ul.appendChild(none);
      }
      r.contributions.forEach(function (c) {
        var q = qs[c.question];
        var o = q.options.filter(function (x) { return x.id === c.option; })[0];
        var li = tpl(g, "contribution");
        li.classList.add(c.weight > 0 ? "atlas-guide__contribution--for" : "atlas-guide__contribution--against");
        field(li, "points").textContent = S.signed(c.weight);
        link(g, field(li, "question"), "", q.text).href = "#guide-q-" + q.id;
        field(li, "answer").textContent = o.label;
        field(li, "via").textContent = c.via ? "(" + S.format(ui.inherited, { parent: as[c.via].short }) + ")" : "";
        field(li, "why").textContent = o.why;
        cites(g, field(li, "cites"), o.sources);
        ul.appendChild(li);
      });
      field(item, "details").open = i === 0;
      list.appendChild(item);
    });

    // cases like the reader's, and the patterns when a combination comes first
    var cases = S.relevantCases(d, answers, exp, 3);
    var caseList = g.root.querySelector("[data-guide-case-list]");
    caseList.textContent = "";
    g.root.querySelector("[data-guide-no-cases]").hidden = cases.length > 0;
    cases.forEach(function (c) {
      var s = ss[c.id];
      var li = tpl(g, "case");
      li.setAttribute("data-case", c.id);
      link(g, field(li, "title"), s.href, s.title);
      field(li, "type").textContent = "(" + s.type_label + ", " + s.domain + ")";
      field(li, "chose").textContent = S.format(ui.case_chose, { approaches: s.chosen.map(function (x) { return as[x].name; }).join(", ") });
      field(li, "matches").textContent = S.format(ui.case_matches, { questions: c.matches.map(function (x) { return qs[x].text; }).join(" · ") });
      field(li, "differs").textContent = c.differs.length ? S.format(ui.case_differs, { questions: c.differs.map(function (x) { return qs[x].text; }).join(" · ") }) : "";
      caseList.appendChild(li);
    });
    var patterns = S.patternsFor(d, ranking, answers, cases);
    var box = g.root.querySelector("[data-guide-patterns]");
    var patternList = g.root.querySelector("[data-guide-pattern-list]");
    patternList.textContent = "";
    box.hidden = !patterns.length;
    patterns.forEach(function (p) {
      var pat = ps[p.id];
      var li = tpl(g, "pattern");
      li.setAttribute("data-pattern", p.id);
      link(g, field(li, "name"), pat.href, pat.name);
      field(li, "summary").textContent = pat.summary;
      cites(g, field(li, "cites"), pat.sources);
      field(li, "because").textContent = p.because.length
        ? S.format(ui.pattern_because, { question: p.because.map(function (x) { return qs[x].text; }).join(" · ") }) : "";
      patternList.appendChild(li);
    });

    g.record = S.decisionRecord(d, answers, { date: new Date().toISOString().slice(0, 10), url: guideUrl(g, answers), base: g.base.href });
    g.root.querySelector("[data-guide-record]").textContent = g.record;
  }

  function say(g, text) {
    g.root.querySelector("[data-guide-share-status]").textContent = text;
  }

  function act(g, action) {
    var ui = g.data.ui;
    if (action === "copy-link") {
      g.keep = true;
      window.atlasCopyText(location.href).then(function () { say(g, ui.copied_link); }, function () { say(g, ui.copy_failed); });
    } else if (action === "copy-record") {
      g.keep = true;
      window.atlasCopyText(g.record).then(function () { say(g, ui.copied_record); }, function () {
        say(g, ui.copy_failed);
        g.root.querySelector(".atlas-guide__preview").open = true;
      });
    } else if (action === "download-record") {
      g.keep = true;
      var file = ui.record_file + ".md";
      var url = URL.createObjectURL(new Blob([g.record], { type: "text/markdown;charset=utf-8" }));
      var a = document.createElement("a");
      a.href = url;
      a.download = file;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      say(g, S.format(ui.downloaded, { file: file }));
    } else if (action === "reset") {
      g.answers = {};
      writeForm(g, g.answers);
      history.pushState(null, "", location.pathname);
      g.keep = false;
      say(g, "");
      render(g);
      g.form.querySelector("input").focus();
    }
  }

  function init() {
    var root = document.querySelector("[data-atlas-guide]");
    if (!root || !root.querySelector("[data-guide-app]")) { current = null; return; }
    if (current && current.root === root) return;
    // arriving with answers in the address is a result the reader chose: the first change keeps it in history
    var g = { root: root, data: readData(root), base: siteBase(), pathname: location.pathname, record: "", keep: !!location.search };
    g.form = root.querySelector("[data-guide-form]");
    current = g;
    root.querySelector("[data-guide-app]").hidden = false;
    var fallback = document.querySelector("[data-atlas-guide-fallback]");
    if (fallback) fallback.hidden = true;
    root.classList.add("atlas-guide--ready");
    g.form.addEventListener("change", function () {
      g.answers = readForm(g);
      var query = S.queryFromAnswers(g.data.questions, g.answers);
      history[g.keep ? "pushState" : "replaceState"](null, "", location.pathname + query);
      g.keep = false;
      say(g, "");
      render(g);
    });
    g.form.addEventListener("submit", function (event) { event.preventDefault(); });
    root.addEventListener("click", function (event) {
      var button = event.target.closest("[data-guide-action]");
      if (button) act(g, button.getAttribute("data-guide-action"));
    });
    restore(g);
    // a result opened by a link starts at its one-sentence answer, not at the page's introduction
    var top = root.querySelector("[data-guide-top]");
    if (top && !top.hidden && !location.hash) top.scrollIntoView({ block: "start" });
  }

  function restore(g) {
    g.answers = S.answersFromQuery(g.data.questions, location.search);
    g.keep = Object.keys(g.answers).length > 0; // an entry reached by back or forward is kept as it is
    writeForm(g, g.answers);
    render(g);
  }

  window.addEventListener("popstate", function () {
    if (current && document.contains(current.root) && location.pathname === current.pathname) restore(current);
  });

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
