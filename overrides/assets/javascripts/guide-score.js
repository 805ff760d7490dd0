/* The decision guide's logic, as pure functions of the page data (macros/guide.py page_data) and the reader's
   answers: no DOM, no globals read, no knowledge. The page script (guide.js) calls them, and the Python tests run
   this very file in Chromium against the same data, so there is one scoring rule.

   The scoring rule: each answer (question id -> option id) adds, to each approach, the option's weight for it;
   an approach the option does not list takes the weight of its parent (LoRA -> parameter-efficient fine-tuning ->
   fine-tuning), and counts 0 at the top of its family. Approaches are ranked by total, highest first; on equal
   totals the more general approach (fewer ancestors) comes first, then the order of the data. Equal totals share
   a rank number. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  if (root) root.AtlasGuideScore = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  function byId(list) {
    var out = {};
    (list || []).forEach(function (x) { out[x.id] = x; });
    return out;
  }

  function optionOf(question, optionId) {
    for (var i = 0; i < question.options.length; i++) if (question.options[i].id === optionId) return question.options[i];
    return null;
  }

  /* The weight an option gives an approach, and the ancestor it comes from when inherited (else null). */
  function weightOf(option, approachId, parents) {
    var id = approachId;
    var seen = {};
    while (id && !seen[id]) {
      seen[id] = true;
      if (Object.prototype.hasOwnProperty.call(option.weights || {}, id)) {
        return { weight: option.weights[id], via: id === approachId ? null : id };
      }
      id = parents[id];
    }
    return { weight: 0, via: null };
  }

  /* Only answers that name a real question and one of its options count. */
  function validAnswers(questions, answers) {
    var out = {};
    (questions || []).forEach(function (q) {
      var o = answers ? answers[q.id] : null;
      if (o && optionOf(q, o)) out[q.id] = o;
    });
    return out;
  }

  /* score(questions, answers, approaches) -> every approach, ranked:
     [{id, score, rank, depth, contributions: [{question, option, weight, via}]}] (contributions with weight 0 are
     left out; they are in question order). */
  function score(questions, answers, approaches) {
    var parents = {};
    approaches.forEach(function (a) { parents[a.id] = a.parent || null; });
    function depth(id) {
      var d = 0, seen = {};
      while (parents[id] && !seen[id]) { seen[id] = true; id = parents[id]; d++; }
      return d;
    }
    var valid = validAnswers(questions, answers);
    var results = approaches.map(function (a, i) {
      return { id: a.id, score: 0, rank: 0, depth: depth(a.id), index: i, contributions: [] };
    });
    questions.forEach(function (q) {
      if (!valid[q.id]) return;
      var option = optionOf(q, valid[q.id]);
      results.forEach(function (r) {
        var w = weightOf(option, r.id, parents);
        if (w.weight !== 0) {
          r.score += w.weight;
          r.contributions.push({ question: q.id, option: option.id, weight: w.weight, via: w.via });
        }
      });
    });
    results.sort(function (a, b) { return (b.score - a.score) || (a.depth - b.depth) || (a.index - b.index); });
    results.forEach(function (r, i) {
      r.rank = i > 0 && results[i - 1].score === r.score ? results[i - 1].rank : i + 1;
      delete r.index;
    });
    return results;
  }

  /* Is `id` a variant (a descendant) of `ancestor`? */
  function isVariantOf(approaches, id, ancestor) {
    var parents = {};
    approaches.forEach(function (a) { parents[a.id] = a.parent || null; });
    var seen = {};
    for (var p = parents[id]; p && !seen[p]; p = parents[p]) {
      if (p === ancestor) return true;
      seen[p] = true;
    }
    return false;
  }

  /* Who shares the top score with the first approach: its variants, and the unrelated approaches. */
  function tiedWithFirst(ranking, approaches) {
    var first = ranking[0], out = { variants: [], others: [] };
    ranking.slice(1).forEach(function (r) {
      if (r.score !== first.score) return;
      (isVariantOf(approaches, r.id, first.id) ? out.variants : out.others).push(r.id);
    });
    return out;
  }

  /* Answers from a query string ("?freshness=frequent&citations=required"); other parameters are ignored. */
  function answersFromQuery(questions, search) {
    var params = new URLSearchParams(search || "");
    var answers = {};
    questions.forEach(function (q) {
      var o = params.get(q.id);
      if (o && optionOf(q, o)) answers[q.id] = o;
    });
    return answers;
  }

  /* The query string of a set of answers, in question order ("" when none). */
  function queryFromAnswers(questions, answers) {
    var valid = validAnswers(questions, answers);
    var parts = [];
    questions.forEach(function (q) {
      if (valid[q.id]) parts.push(encodeURIComponent(q.id) + "=" + encodeURIComponent(valid[q.id]));
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  /* Scenarios that answer some question as the reader did, most alike first: more matching answers, then fewer
     differing ones, then case studies before examples, then data order. */
  function similarCases(scenarios, questions, answers, limit) {
    var valid = validAnswers(questions, answers);
    var out = [];
    (scenarios || []).forEach(function (s, i) {
      var matches = [], differs = [];
      questions.forEach(function (q) {
        if (!valid[q.id] || !s.answers[q.id]) return;
        (s.answers[q.id] === valid[q.id] ? matches : differs).push(q.id);
      });
      if (matches.length) out.push({ id: s.id, matches: matches, differs: differs, index: i, study: s.type === "case-study" ? 0 : 1 });
    });
    out.sort(function (a, b) {
      return (b.matches.length - a.matches.length) || (a.differs.length - b.differs.length) || (a.study - b.study) || (a.index - b.index);
    });
    out.forEach(function (c) { delete c.index; delete c.study; });
    return typeof limit === "number" ? out.slice(0, limit) : out;
  }

  /* When the first approach is a combination: the patterns that use it, those the reader's answers point to
     first (by how many answers name them, then by the earliest place an answer gives them), then those of
     similar cases, then data order. [] otherwise. */
  function patternsFor(data, ranking, answers, cases) {
    if (!ranking.length || ranking[0].score <= 0) return [];
    var first = byId(data.approaches)[ranking[0].id];
    if (!first || !first.combination) return [];
    var valid = validAnswers(data.questions, answers);
    var votes = {};
    data.questions.forEach(function (q) {
      if (!valid[q.id]) return;
      (optionOf(q, valid[q.id]).patterns || []).forEach(function (p, pos) {
        votes[p] = votes[p] || { because: [], best: 99 };
        votes[p].because.push(q.id);
        votes[p].best = Math.min(votes[p].best, pos);
      });
    });
    var caseIds = (cases || []).map(function (c) { return c.id; });
    var out = [];
    data.patterns.forEach(function (p, i) {
      if (p.approaches.indexOf(first.id) < 0) return;
      var v = votes[p.id] || { because: [], best: 99 };
      var viaCase = p.scenarios.filter(function (s) { return caseIds.indexOf(s) >= 0; });
      out.push({ id: p.id, because: v.because, cases: viaCase, votes: v.because.length, best: v.best, index: i });
    });
    out.sort(function (a, b) {
      return (b.votes - a.votes) || (a.best - b.best) || (b.cases.length - a.cases.length) || (a.index - b.index);
    });
    out.forEach(function (p) { delete p.votes; delete p.best; delete p.index; });
    return out;
  }

  /* "{n} of {total}" with values; unknown placeholders stay as written. */
  function format(template, values) {
    return String(template).replace(/\{([a-z_]+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m;
    });
  }

  function signed(n) {
    return n > 0 ? "+" + n : n < 0 ? "\u2212" + Math.abs(n) : "0";
  }

  /* Data text -> Markdown that shows exactly that text: every character CommonMark or GFM could read as syntax
     (emphasis, code, links, raw HTML, entities, table cells, strikethrough, math, attributes) backslash-escaped,
     a list, quote or heading marker at the start escaped too, every line-break form a space. */
  function md(text) {
    return String(text).replace(/([\\`*_{}\[\]<>|#&~$])/g, "\\$1").replace(/\r\n?|[\n\u2028\u2029\u0085]/g, " ")
      .replace(/^(\s*)([-+=])/, "$1\\$2").replace(/^(\s*\d+)([.)])/, "$1\\$2");
  }

  /* A URL -> an autolink <…> (in which CommonMark reads nothing): anything outside RFC 3986's characters is
     percent-encoded, so no '>' or space can end it early. */
  function mdUrl(url) {
    return "<" + String(url).replace(/[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]/g, function (ch) {
      return encodeURIComponent(ch);
    }) + ">";
  }

  /* A URL -> a link destination (…): the characters that could end it or be read in it backslash-escaped. */
  function mdDest(url) {
    return String(mdUrl(url)).slice(1, -1).replace(/([\\()<>&|\[\]`*_{}~!$])/g, "\\$1");
  }

  /* A label with placeholders -> Markdown: the label's own text escaped, the values (Markdown already) as given. */
  function mdFormat(template, values) {
    return String(template).split(/(\{[a-z_]+\})/).map(function (part) {
      var m = /^\{([a-z_]+)\}$/.exec(part);
      return m && Object.prototype.hasOwnProperty.call(values, m[1]) ? String(values[m[1]]) : md(part);
    }).join("");
  }

  function joinUrl(base, path) {
    return String(base || "").replace(/\/?$/, "/") + String(path || "").replace(/^\//, "");
  }

  /* The decision record (an architecture decision record in Markdown) for a set of answers, in the data's
     language. options: {date: "YYYY-MM-DD", url: link to the guide with these answers}. */
  function decisionRecord(data, answers, options) {
    options = options || {};
    var ui = data.ui;
    var qs = byId(data.questions), as = byId(data.approaches), ss = byId(data.scenarios), ps = byId(data.patterns);
    var site = data.site_url || "";
    var valid = validAnswers(data.questions, answers);
    var ranking = score(data.questions, valid, data.approaches);
    var refs = [];
    function cites(ids) {
      return (ids || []).map(function (id) {
        var n = refs.indexOf(id);
        if (n < 0) { refs.push(id); n = refs.length - 1; }
        return "[" + (n + 1) + "]";
      }).join("");
    }
    function approachLink(id) { return "[" + md(as[id].name) + "](" + mdDest(joinUrl(site, as[id].href)) + ")"; }
    function answerLine(q, o) { return "**" + md(q.text) + "** " + md(o.label); }
    var lines = [];
    lines.push("# " + md(ui.adr_title), "");
    function fieldLine(label, value) { return "- " + mdFormat(ui.adr_field, { label: md(label), value: value }); }
    lines.push(fieldLine(ui.adr_status, md(ui.adr_proposed)));
    if (options.date) lines.push(fieldLine(ui.adr_date, options.date));
    if (options.url) lines.push(fieldLine(ui.adr_guide_link, mdUrl(options.url)));
    lines.push("", "## " + md(ui.adr_context), "", md(ui.adr_context_intro), "");
    var open = [];
    data.questions.forEach(function (q) {
      if (valid[q.id]) lines.push("- " + answerLine(q, optionOf(q, valid[q.id])));
      else open.push(md(q.text));
    });
    if (open.length) lines.push("", mdFormat(ui.adr_unanswered, { questions: open.join(" · ") }));
    lines.push("", "## " + md(ui.adr_options), "", md(ui.adr_options_intro), "");
    lines.push("| " + md(ui.adr_rank) + " | " + md(ui.adr_approach) + " | " + md(ui.adr_score) + " |", "| --- | --- | --- |");
    ranking.forEach(function (r) { lines.push("| " + r.rank + " | " + approachLink(r.id) + " | " + signed(r.score) + " |"); });
    var first = ranking[0], runner = ranking.length > 1 ? ranking[1] : null;
    lines.push("", "## " + md(ui.adr_decision), "");
    lines.push(mdFormat(ui.adr_decision_text, {
      approach: "**" + approachLink(first.id) + "**", score: signed(first.score),
      runner: runner ? approachLink(runner.id) : "", runner_score: runner ? signed(runner.score) : ""
    }));
    var tied = tiedWithFirst(ranking, data.approaches);
    if (tied.others.length) {
      lines.push("", mdFormat(ui.adr_decision_tied, { approach: approachLink(first.id), others: tied.others.map(approachLink).join(", ") }));
    }
    if (tied.variants.length) {
      lines.push("", mdFormat(ui.adr_decision_tied_variants, { approach: approachLink(first.id), others: tied.variants.map(approachLink).join(", ") }));
    }
    lines.push("", "### " + md(ui.adr_reasons), "");
    var pro = first.contributions.filter(function (c) { return c.weight > 0; });
    var con = first.contributions.filter(function (c) { return c.weight < 0; });
    function contributionLine(c) {
      var q = qs[c.question], o = optionOf(q, c.option);
      return "- **" + signed(c.weight) + "** " + answerLine(q, o) + " \u2014 " + md(o.why) + " " + cites(o.sources);
    }
    pro.forEach(function (c) { lines.push(contributionLine(c)); });
    lines.push("", "## " + md(ui.adr_consequences), "", "### " + md(ui.adr_against), "");
    if (con.length) con.forEach(function (c) { lines.push(contributionLine(c)); });
    else lines.push(md(ui.adr_none_against));
    var drawbacks = as[first.id].drawbacks || [];
    if (drawbacks.length) {
      lines.push("", "### " + md(ui.adr_drawbacks), "");
      drawbacks.forEach(function (d) { lines.push("- " + md(d.text) + " " + cites(d.sources)); });
    }
    var cases = similarCases(data.scenarios, data.questions, valid, 3);
    var patterns = patternsFor(data, ranking, valid, cases);
    var suggested = patterns.filter(function (p) { return p.because.length || p.cases.length; });
    if (suggested.length) patterns = suggested;
    if (patterns.length) {
      lines.push("", "### " + md(ui.adr_patterns), "");
      patterns.forEach(function (p) {
        var pat = ps[p.id];
        lines.push("- [" + md(pat.name) + "](" + mdDest(joinUrl(site, pat.href)) + "): " + md(pat.summary) + " " + cites(pat.sources));
      });
    }
    if (cases.length) {
      lines.push("", "### " + md(ui.adr_cases), "");
      cases.forEach(function (c) {
        var s = ss[c.id];
        lines.push("- [" + md(s.title) + "](" + mdDest(joinUrl(site, s.href)) + ") (" + md(s.type_label) + ", " + md(s.domain) + ")");
        lines.push("  - " + md(format(ui.case_chose, { approaches: s.chosen.map(function (a) { return as[a].name; }).join(", ") })));
        lines.push("  - " + md(format(ui.case_matches, { questions: c.matches.map(function (q) { return qs[q].text; }).join(" · ") })));
        if (c.differs.length) lines.push("  - " + md(format(ui.case_differs, { questions: c.differs.map(function (q) { return qs[q].text; }).join(" · ") })));
      });
    }
    lines.push("", "## " + md(ui.adr_sources), "");
    refs.forEach(function (id, n) {
      var s = data.sources[id];
      var line = (n + 1) + ". " + md(s.label) + ", *" + md(s.title) + "*: " + mdUrl(joinUrl(site, s.href)) + " (" + md(ui.adr_on_atlas) + ")";
      if (s.url) line += ", " + mdUrl(s.url) + " (" + md(ui.adr_original) + ")";
      lines.push(line);
    });
    lines.push("", "---", "", md(ui.adr_footer), "");
    return lines.join("\n");
  }

  return {
    score: score, weightOf: weightOf, answersFromQuery: answersFromQuery, queryFromAnswers: queryFromAnswers,
    similarCases: similarCases, patternsFor: patternsFor, decisionRecord: decisionRecord, format: format,
    signed: signed, isVariantOf: isVariantOf, tiedWithFirst: tiedWithFirst, markdown: md, markdownFormat: mdFormat, validAnswers: validAnswers
  };
});
