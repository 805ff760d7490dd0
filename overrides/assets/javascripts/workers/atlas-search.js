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
      the page one of whose tags (an entity's name, in either language) or whose title is the query; then the
      page with a section whose title or names (a glossary entry's names and aliases in both languages,
      macros/seo.glossary_search_names) are the query; then pages with the query as it was typed in a title,
      then in a text; then pages with every word of the query; then the rest. Without the second rule,
      "catastrophic forgetting" found two papers and a study with the words in their titles before the glossary's
      entry.
   3. Results carry no zero-width spaces: the build marks Chinese word boundaries with U+200B (jieba, in
      Material's search plugin) so that the index holds words; they are taken out of the titles and texts a
      reader sees and copies. The highlighting is already in place by then.
   4. The documents are fetched here, off the page's main thread. The page fetches search/search_index.json, which
      holds only the configuration and the documents' address (config.atlas_docs; macros/search_index.py); this
      worker fetches and parses the documents and hands Material's worker the whole index, as if the page had
      sent it. The page's main thread neither parses nor copies megabytes of JSON.
   5. The index is built when the reader searches, not on every page load. Material sends the configuration as
      soon as a page starts, and its worker fetched and indexed every document then: a second or more of a core on a
      phone, for every page read, most of them without a search (Lighthouse's traces: on two cores it slowed the
      page's own main thread by half). This worker answers that it is ready at once, answers the empty query
      Material sends then with no results, and builds the index on the first real query, or earlier when the
      reader opens the search box (search-results.js says so on the BroadcastChannel "atlas-search", naming the
      language's root: the tabs open on that language's site hear it, and a tab whose index is built ignores it).
      A query typed meanwhile waits for it.
   6. A Chinese query of several words finds and marks every word. Material splits a run of Chinese characters
      into the words of the index and joins them with "* " (灾难性遗忘 -> "灾难性* 遗忘"), then gives every word
      a trailing "*" of its own: the first words end in "**", of which its own clause parser takes off one. The
      word was then compared with the words found as "灾难性*", never matched, and every result said
      "缺少: 灾难性*" (Missing) with only the last word highlighted on the page it opened (?h=遗忘). A clause's
      trailing asterisks are taken as one (lunr.Query's clause(), patched once lunr is loaded). */
(function () {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3, PAD = "\u2e80";
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
    if (titles.indexOf(query) >= 0 || group.some(function (item) { return (item.names || []).map(norm).indexOf(query) >= 0; })) return 1;
    var texts = group.map(function (item) { return norm(item.title) + " " + norm(item.text); });
    if (titles.some(function (t) { return t.indexOf(query) >= 0; })) return 2;
    if (texts.some(function (t) { return t.indexOf(query) >= 0; })) return 3;
    if (words.length > 1 && words.every(function (w) { return texts.some(function (t) { return t.indexOf(w) >= 0; }); })) return 4;
    return 5;
  }

  function ranked(items, typed) {
    var query = norm(typed);
    if (!query) return items;
    var words = query.split(" ").filter(Boolean);
    return items.map(function (group, i) { return { group: group, key: rank(group, query, words), i: i }; })
      .sort(function (a, b) { return a.key - b.key || a.i - b.i; })
      .map(function (entry) { return entry.group; });
  }

  // (6.) lunr is loaded by Material's worker when the index is set up, so this runs before each query
  function oneTrailingWildcard() {
    var Query = self.lunr && self.lunr.Query;
    if (!Query || Query.prototype.atlasOneWildcard) return;
    var clause = Query.prototype.clause;
    Query.prototype.clause = function (c) {
      if (c && typeof c.term === "string") c.term = c.term.replace(/\*{2,}$/, "*");
      return clause.call(this, c);
    };
    Query.prototype.atlasOneWildcard = true;
  }

  var lastQuery = "";
  var setupDone = Promise.resolve();  // the setup, then each query, under way: the next query waits for them
  var pending = null;                 // the setup Material sent, until the index is built (5.)
  var building = false;               // Material's worker is building the index; its "ready" is not passed on

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

  function reported(error) { console.error(error); }  // shown in the console; the next query still runs

  var listen = self.addEventListener.bind(self);
  self.addEventListener = function (type, handler, options) {
    if (type !== "message") return listen(type, handler, options);
    return listen(type, function (ev) {
      var setup = ev.data && ev.data.type === SETUP && ev.data.data;
      if (setup && setup.config && typeof setup.config.atlas_docs === "string") {
        pending = { setup: setup, handler: handler };
        post({ type: READY });
        return undefined;
      }
      if (ev.data && ev.data.type === QUERY && typeof ev.data.data === "string") {
        var query = { data: { type: QUERY, data: padded(ev.data.data) } }, typed = ev.data.data;
        if (pending && !typed.trim()) { post({ type: RESULT, data: { items: [] } }); return undefined; }
        build();
        // a query typed while the index is being built is answered once it is; queries are answered one after the
        // other, each ranked by its own words (lastQuery)
        return setupDone = setupDone.then(function () { oneTrailingWildcard(); lastQuery = typed; return handler(query); }).catch(reported);
      }
      return handler(ev);
    }, options);
  };
  // Fetches the documents and has Material's worker build the index, once (5.)
  function build() {
    if (!pending) return;
    var setup = pending.setup, handler = pending.handler;
    pending = null;
    // the language's root is three folders above this file (assets/javascripts/workers/)
    var docs = new URL("../../../" + setup.config.atlas_docs, self.location.href);
    setupDone = fetch(docs.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("atlas-search.js: " + docs.href + " answered " + response.status);
        return response.json();
      })
      .then(function (full) {
        building = true;
        return handler({ data: { type: SETUP, data: Object.assign({}, setup, { docs: full.docs }) } });
      })
      .then(function () { building = false; }, function (error) { building = false; reported(error); });
  }
  // a tab of this language's site (its root, three folders above this file) opened its search box
  var root = new URL("../../../", self.location.href).href;
  if (typeof BroadcastChannel === "function") {
    new BroadcastChannel("atlas-search").onmessage = function (ev) { if (ev.data === root) build(); };
  }

  var post = self.postMessage.bind(self);
  self.postMessage = function (message, transfer) {
    if (message && message.type === READY && building) return undefined;  // the page was told so already (5.)
    if (message && message.type === RESULT) message = { type: RESULT, data: cleaned(message.data) };
    return transfer === undefined ? post(message) : post(message, transfer);
  };

  var worker = new URLSearchParams(self.location.search).get("w") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(worker)) throw new Error("atlas-search.js: no Material search worker named in ?w=");
  importScripts(worker);
})();
