/* Search results: Material prints the names a page is also found by (its search tags: an approach's or a
   dimension's names in both languages, macros/seo.py) in a <nav> under each result. They are names, not
   navigation, and a landmark per result would leave a screen reader's list of landmarks full of unnamed,
   identical entries (axe: landmark-unique): each is made a plain container (role="none"); its text still reads.
   And when the reader opens the search box, the search worker is told to build its index now, before the first
   query is typed (workers/atlas-search.js builds it only when the reader searches). */
(function () {
  "use strict";

  function plain(root) {
    root.querySelectorAll("nav.md-tags:not([role])").forEach(function (nav) { nav.setAttribute("role", "none"); });
  }

  function watch() {
    var results = document.querySelector(".md-search-result");
    if (!results || results.hasAttribute("data-atlas-watched")) return;
    results.setAttribute("data-atlas-watched", "");
    new MutationObserver(function () { plain(results); }).observe(results, { childList: true, subtree: true });
    plain(results);
  }

  var warmed = false;
  document.addEventListener("focusin", function (event) {
    if (warmed || typeof BroadcastChannel !== "function") return;
    if (!(event.target instanceof Element) || !event.target.matches("[data-md-component=search-query]")) return;
    warmed = true;
    var channel = new BroadcastChannel("atlas-search");
    channel.postMessage(new URL(".", window.__md_scope || location.href).href);  // the language's root, as the worker names it
    channel.close();
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(watch);
})();
