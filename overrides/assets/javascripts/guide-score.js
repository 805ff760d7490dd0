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

  function parentMap(approaches) {
    var parents = {};
    approaches.forEach(function (a) { parents[a.id] = a.parent || null; });
    return parents;
  }

  /* Are a and b on one line of descent (one is the other, an ancestor or a descendant)? */
  function sameLine(approaches, a, b) {
    return a === b || isVariantOf(approaches, a, b) || isVariantOf(approaches, b, a);
  }

  /* Does `id` come out first on its own: first, and every approach with the same score is one of its variants? */
  function leadsAlone(ranking, approaches, id) {
    if (!ranking.length || ranking[0].id !== id) return false;
    for (var i = 1; i < ranking.length && ranking[i].score === ranking[0].score; i++) {
      if (!isVariantOf(approaches, ranking[i].id, id)) return false;
    }
    return true;
  }

  function withAnswer(answers, q, o) {
    var out = {};
    Object.keys(answers).forEach(function (k) { out[k] = answers[k]; });
    out[q] = o;
    return out;
  }

  /* explain(questions, answers, approaches) -> what decided the result and what would change it:
     {ranking, first, runner, tied: [ids], tiedVariants: [ids], deciding: [{question, option, margin}],
      changes: [{question, option, answered, first}], breakers: [{approach, question, option, answered}]}.
     The runner-up is the best approach outside the first one's line of descent (LoRA's runner-up is never
     fine-tuning, its parent). The deciding answers are the reader's answers that most favour the first over
     the runner-up (at most three, each with a positive margin). A change is one answer, changed or added, after
     which an approach outside the first one's line leads alone; changed answers come before added ones, those
     that lift the runner-up first, then question order. When approaches tie first (variants included), a
     breaker is, for each of them, the first answer (added ones before changed ones) after which it scores
     strictly more than every other approach. */
  function explain(questions, answers, approaches) {
    var parents = parentMap(approaches);
    var valid = validAnswers(questions, answers);
    var ranking = score(questions, valid, approaches);
    var out = { ranking: ranking, first: null, runner: null, tied: [], tiedVariants: [], deciding: [], changes: [], breakers: [] };
    if (!ranking.length || !Object.keys(valid).length) return out;
    var first = ranking[0].id;
    out.first = first;
    var ties = tiedWithFirst(ranking, approaches);
    out.tied = ties.others;
    out.tiedVariants = ties.variants;
    for (var i = 1; i < ranking.length; i++) {
      if (!sameLine(approaches, ranking[i].id, first)) { out.runner = ranking[i].id; break; }
    }
    var cands = [];
    questions.forEach(function (q, i) {
      if (!valid[q.id]) return;
      var o = optionOf(q, valid[q.id]);
      var own = weightOf(o, first, parents).weight;
      var margin = own - (out.runner ? weightOf(o, out.runner, parents).weight : 0);
      if (own > 0 || margin > 0) cands.push({ question: q.id, option: o.id, margin: margin, own: own, i: i });
    });
    // answers that set the first apart from the runner-up; then, up to two, those that lift it most
    var byMargin = cands.filter(function (d) { return d.margin > 0; })
      .sort(function (a, b) { return (b.margin - a.margin) || (b.own - a.own) || (a.i - b.i); }).slice(0, 3);
    cands.filter(function (d) { return d.margin <= 0 && d.own > 0; })
      .sort(function (a, b) { return (b.own - a.own) || (a.i - b.i); })
      .forEach(function (d) { if (byMargin.length < 2) byMargin.push(d); });
    out.deciding = byMargin.sort(function (a, b) { return a.i - b.i; }).map(function (d) {
      return { question: d.question, option: d.option, margin: d.margin };
    });
    var contenders = [first].concat(out.tied, out.tiedVariants);
    var found = {};
    questions.forEach(function (q, qi) {
      q.options.forEach(function (o) {
        if (valid[q.id] === o.id) return;
        var r = score(questions, withAnswer(valid, q.id, o.id), approaches);
        var lead = r[0].id, answered = !!valid[q.id];
        if (!sameLine(approaches, lead, first) && leadsAlone(r, approaches, lead)) {
          out.changes.push({ question: q.id, option: o.id, answered: answered, first: lead, qi: qi });
        }
        if (contenders.length > 1 && contenders.indexOf(lead) >= 0 && (r.length < 2 || r[1].score < r[0].score)) {
          var prev = found[lead];
          if (!prev || (prev.answered && !answered)) found[lead] = { approach: lead, question: q.id, option: o.id, answered: answered };
        }
      });
    });
    out.changes.sort(function (a, b) {
      return (a.answered === b.answered ? 0 : a.answered ? -1 : 1) ||
        ((a.first === out.runner ? 0 : 1) - (b.first === out.runner ? 0 : 1)) || (a.qi - b.qi);
    });
    out.changes.forEach(function (c) { delete c.qi; });
    if (contenders.length > 1) contenders.forEach(function (id) { if (found[id]) out.breakers.push(found[id]); });
    return out;
  }

  /* Cases like the reader's, judged by the answers that matter: a question counts by how much the reader's
     answer moves the first approach and the runner-up (|weight| for each, summed); answers that move neither
     do not count. A case is shown only when the answers it shares with the reader carry at least half of the
     weight of all the reader's answers, it gives no different answer to one of the deciding answers, and it
     agrees more than it differs (by those weights). Most alike first; then those with fewer answers of their own
     the reader did not give, case studies before examples, then data order.
     -> [{id, matches: [question ids], differs: [question ids], weight}] (matches and differs over every
     question both answered). */
  function relevantCases(data, answers, exp, limit) {
    var questions = data.questions, approaches = data.approaches, parents = parentMap(approaches);
    var valid = validAnswers(questions, answers);
    exp = exp || explain(questions, valid, approaches);
    if (!exp.first) return [];
    var weightOfQ = {}, deciding = {};
    questions.forEach(function (q) {
      if (!valid[q.id]) return;
      var o = optionOf(q, valid[q.id]);
      weightOfQ[q.id] = Math.abs(weightOf(o, exp.first, parents).weight) + (exp.runner ? Math.abs(weightOf(o, exp.runner, parents).weight) : 0);
    });
    exp.deciding.forEach(function (d) { deciding[d.question] = true; });
    var total = 0;
    Object.keys(weightOfQ).forEach(function (k) { total += weightOfQ[k]; });
    var out = [];
    (data.scenarios || []).forEach(function (s, i) {
      var matches = [], differs = [], agree = 0, disagree = 0, conflict = false;
      questions.forEach(function (q) {
        if (!valid[q.id] || !s.answers[q.id]) return;
        if (s.answers[q.id] === valid[q.id]) { matches.push(q.id); agree += weightOfQ[q.id]; }
        else { differs.push(q.id); disagree += weightOfQ[q.id]; if (deciding[q.id]) conflict = true; }
      });
      if (agree > 0 && 2 * agree >= total && !conflict && agree > disagree) {
        out.push({ id: s.id, matches: matches, differs: differs, weight: agree - disagree, index: i, study: s.type === "case-study" ? 0 : 1,
                   extra: Object.keys(s.answers).length - matches.length });
      }
    });
    out.sort(function (a, b) {
      return (b.weight - a.weight) || (a.differs.length - b.differs.length) || (a.extra - b.extra) || (a.study - b.study) || (a.index - b.index);
    });
    out.forEach(function (c) { delete c.index; delete c.study; delete c.extra; });
    return typeof limit === "number" ? out.slice(0, limit) : out;
  }

  /* A list of already formatted items, in the data's language: "a", "a and b", "a, b and c". */
  function joinList(ui, items) {
    if (items.length < 2) return items.join("");
    return items.slice(0, -1).join(ui.list_sep) + ui.list_and + items[items.length - 1];
  }

  /* The one sentence that opens the result, as a template and its values (plain text), so that the page can
     format it as text and the record as Markdown: the recommendation, the answers that decided it, and what
     would change it (or, for a tie, what would break it). */
  function verdict(data, exp) {
    var ui = data.ui, qs = byId(data.questions), as = byId(data.approaches);
    if (!exp.first) return null;
    function label(q, o) { return optionOf(qs[q], o).label; }
    var first = exp.ranking[0];
    var tiedIds = [exp.first].concat(exp.tied, exp.tiedVariants);
    if (exp.tied.length) {
      var breaks = exp.breakers.map(function (b) {
        return format(ui.verdict_break, { answer: label(b.question, b.option), question: qs[b.question].text, approach: as[b.approach].name });
      });
      return {
        template: breaks.length ? ui.verdict_tied : ui.verdict_tied_open,
        values: { approaches: joinList(ui, tiedIds.map(function (id) { return as[id].name; })), score: signed(first.score),
                  breaks: breaks.join(ui.verdict_break_sep) }
      };
    }
    var reasons = joinList(ui, exp.deciding.map(function (d) { return format(ui.verdict_reason, { answer: label(d.question, d.option) }); }));
    var change = exp.changes[0];
    var values = { approach: as[exp.first].name, score: signed(first.score), reasons: reasons };
    if (!change) return { template: ui.verdict_stable, values: values };
    values.other = as[change.first].name;
    values.answer = label(change.question, change.option);
    values.question = qs[change.question].text;
    return { template: change.answered ? ui.verdict_change : ui.verdict_add, values: values };
  }

  /* When the first approach's own variants share its score: the line that says so, and which answer would
     put each of them first (a template and plain-text values, like verdict), else null. */
  function variantsNote(data, exp) {
    if (!exp.first || exp.tied.length || !exp.tiedVariants.length) return null;
    var ui = data.ui, qs = byId(data.questions), as = byId(data.approaches);
    var breaks = exp.breakers.filter(function (b) { return b.approach !== exp.first; }).map(function (b) {
      return format(ui.verdict_break, { answer: optionOf(qs[b.question], b.option).label, question: qs[b.question].text, approach: as[b.approach].name });
    });
    return {
      template: breaks.length ? ui.variants_tied : ui.variants_tied_open,
      values: { approach: as[exp.first].name, approaches: joinList(ui, exp.tiedVariants.map(function (id) { return as[id].name; })),
                breaks: breaks.join(ui.verdict_break_sep) }
    };
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
     language. options: {date: "YYYY-MM-DD", url: link to the guide with these answers, base: the address of the
     language root the reader is on, for every other link (data.site_url when not given)}. */
  function decisionRecord(data, answers, options) {
    options = options || {};
    var ui = data.ui;
    var qs = byId(data.questions), as = byId(data.approaches), ss = byId(data.scenarios), ps = byId(data.patterns);
    var site = options.base || data.site_url || "";
    var valid = validAnswers(data.questions, answers);
    var exp = explain(data.questions, valid, data.approaches);
    var ranking = exp.ranking;
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
    if (data.data_version) lines.push(fieldLine(ui.adr_data_version, md(data.data_version.as_of + " \u00b7 " + data.data_version.hash)));
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
    var first = ranking[0], runner = null;
    ranking.forEach(function (r) { if (r.id === exp.runner) runner = r; });
    lines.push("", "## " + md(ui.adr_decision), "");
    var v = verdict(data, exp);
    if (v) {
      var mv = {};
      Object.keys(v.values).forEach(function (k) { mv[k] = md(v.values[k]); });
      lines.push(mdFormat(ui.adr_field, { label: "**" + md(ui.adr_verdict) + "**", value: mdFormat(v.template, mv) }), "");
    }
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
    var breakers = exp.breakers.filter(function (b) { return b.approach !== first.id || tied.others.length; });
    if (breakers.length) {
      lines.push("", "### " + md(ui.adr_breakers), "");
      breakers.forEach(function (b) {
        var q = qs[b.question];
        lines.push("- " + mdFormat(ui.adr_change_line, { approach: approachLink(b.approach), question: md(q.text), answer: md(optionOf(q, b.option).label) }));
      });
    }
    var seen = {}, changes = exp.changes.filter(function (c) {
      if (seen[c.first]) return false;
      seen[c.first] = true;
      return true;
    }).slice(0, 3);
    if (changes.length) {
      lines.push("", "### " + md(ui.adr_changes), "");
      changes.forEach(function (c) {
        var q = qs[c.question];
        lines.push("- " + mdFormat(ui.adr_change_line, { approach: approachLink(c.first), question: md(q.text), answer: md(optionOf(q, c.option).label) }));
      });
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
    var cases = relevantCases(data, valid, exp, 3);
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
    similarCases: similarCases, relevantCases: relevantCases, explain: explain, verdict: verdict, variantsNote: variantsNote, joinList: joinList,
    leadsAlone: leadsAlone, patternsFor: patternsFor, decisionRecord: decisionRecord, format: format,
    signed: signed, isVariantOf: isVariantOf, tiedWithFirst: tiedWithFirst, markdown: md, markdownFormat: mdFormat, validAnswers: validAnswers
  };
});
