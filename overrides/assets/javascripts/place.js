/* Keeping the reader's place.
   1. The language switcher (partials/alternate.html) links to the same page in the other language; when it is
      followed, the anchor and the query string (the decision guide's answers) come along, since both languages
      share them. The languages' roots are resolved once, on the page whose header rendered them, so the link
      stays right after Material's instant navigation has changed the page.
   2. Printing: each citation mark is printed with its URL (atlas.css prints data-print-url). */
(function () {
  "use strict";
  var roots = {};
  document.querySelectorAll("a.md-select__link[data-atlas-root]").forEach(function (a) {
    roots[a.getAttribute("hreflang")] = new URL(a.getAttribute("data-atlas-root"), location.href).pathname;
  });
  function target(a) {
    var here = roots[document.documentElement.lang];
    var there = roots[a.getAttribute("hreflang")];
    if (!here || !there || location.pathname.indexOf(here) !== 0) return null;
    return there + location.pathname.slice(here.length) + location.search + location.hash;
  }
  document.addEventListener("click", function (ev) {
    var a = ev.target && ev.target.closest && ev.target.closest("a.md-select__link[data-atlas-root]");
    if (!a) return;
    var url = target(a);
    if (url) a.setAttribute("href", url);
  }, true);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".md-typeset a.atlas-cite[href]").forEach(function (a) {
      a.setAttribute("data-print-url", a.href);
    });
  });
})();
