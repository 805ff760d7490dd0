/* Material's search worker, with two corrections made around it (main.html points the theme at this file and
   names Material's own worker in the query string, ?w=search.<hash>.min.js, so no version is written here).

   1. Chinese queries match whole words. Material segments a run of Chinese characters into the words of the
      index (segment() in its worker) but never tries the run as a whole: its loop stops one character short
      (`j < query.length`), so 微调 is searched as 微* and matches every word that starts with 微 (微软 too).
      Each run is given one extra character that no text contains (U+2E80, a CJK radical; Han script, so it joins
      the run): the loop then reaches the run's last character, and the extra character, never a word of the
      index, is dropped with the rest of what matches nothing.
   2. The results that hold the query come first. Material's search joins a query's words with OR and weighs
      titles and tags far above text, so a page with one of the words in its title outranks the page that has
      them all, and RAG's page (tagged with its names, macros/seo.py) ranked below pages that merely mention
      RAG in their titles. The pages are put in this order, each group keeping Material's order within it:
      the page one of whose tags (an entity's name, in either language) or whose title is the query; then pages
      with the query as it was typed in a title, then in a text; then pages with every word of the query;
      then the rest.
   3. Results carry no zero-width spaces: the build marks Chinese word boundaries with U+200B (jieba, in
      Material's search plugin) so that the index holds words; they are taken out of the titles and texts a
      reader sees and copies. The highlighting is already in place by then. */
(function () {
  "use strict";
  var QUERY = 2, RESULT = 3, PAD = "\u2e80";
  var HAN = /\p{sc=Han}+/gu;

  function padded(query) {
    return String(query).replace(HAN, function (run) { return run + PAD; });
  }

  function clean(value) {
    return typeof value === "string" ? value.replace(/\u200b/g, "") : value;
  }

  function norm(value) {
    return String(value || "").replace(/<[^>]*>/g, "").replace(/\u200b/g, "").replace(/\s+/g, " ").trim().toLowerCase();
  }

  function rank(group, query, words) {
    var article = group.find(function (item) { return !item.parent; }) || group[0];
    var tags = (article.tags || []).map(norm);
    if (tags.indexOf(query) >= 0 || norm(article.title) === query) return 0;
    var titles = group.map(function (item) { return norm(item.title); });
    var texts = group.map(function (item) { return norm(item.title) + " " + norm(item.text); });
    if (titles.some(function (t) { return t.indexOf(query) >= 0; })) return 1;
    if (texts.some(function (t) { return t.indexOf(query) >= 0; })) return 2;
    if (words.length > 1 && words.every(function (w) { return texts.some(function (t) { return t.indexOf(w) >= 0; }); })) return 3;
    return 4;
  }

  function ranked(items, typed) {
    var query = norm(typed);
    if (!query) return items;
    var words = query.split(" ").filter(Boolean);
    return items.map(function (group, i) { return { group: group, key: rank(group, query, words), i: i }; })
      .sort(function (a, b) { return a.key - b.key || a.i - b.i; })
      .map(function (entry) { return entry.group; });
  }

  var lastQuery = "";

  function cleaned(data) {
    if (!data || !Array.isArray(data.items)) return data;
    data.items = ranked(data.items, lastQuery);
    data.items.forEach(function (group) {
      group.forEach(function (item) {
        item.title = clean(item.title);
        item.text = clean(item.text);
        if (item.parent) { item.parent = Object.assign({}, item.parent, { title: clean(item.parent.title), text: clean(item.parent.text) }); }
      });
    });
    return data;
  }

  var listen = self.addEventListener.bind(self);
  self.addEventListener = function (type, handler, options) {
    if (type !== "message") return listen(type, handler, options);
    return listen(type, function (ev) {
      if (ev.data && ev.data.type === QUERY && typeof ev.data.data === "string") {
        lastQuery = ev.data.data;
        ev = { data: { type: QUERY, data: padded(ev.data.data) } };
      }
      return handler(ev);
    }, options);
  };
  var post = self.postMessage.bind(self);
  self.postMessage = function (message, transfer) {
    if (message && message.type === RESULT) message = { type: RESULT, data: cleaned(message.data) };
    return transfer === undefined ? post(message) : post(message, transfer);
  };

  var worker = new URLSearchParams(self.location.search).get("w") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(worker)) throw new Error("atlas-search.js: no Material search worker named in ?w=");
  importScripts(worker);
})();
