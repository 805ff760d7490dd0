/* The rest of a long page, rendered while the browser is idle. atlas.css leaves the blocks below the fold unstyled
   and unlaid (content-visibility: auto), so that a phone shows the first screen without first laying out every
   table of the page. Once the page has loaded, this script renders those blocks one at a time, tables first (they
   hold the targets, such as citation marks and copy buttons, whose size and spacing a pointer relies on), each in
   a frame of its own when the browser has nothing else to do (requestIdleCallback), so that no long task blocks the
   reader: soon every block is as it would be without the optimisation, for anchors, scrolling, hit testing and
   assistive technology alike. Re-run after each of Material's instant page changes. */
(function () {
  "use strict";

  var FIRST = ".md-typeset .atlas-table, .md-typeset > .atlas-guide-fallback";
  var THEN = ".md-typeset > ul, .md-typeset > ol, .md-typeset > dl, .md-typeset > p";
  var idle = window.requestIdleCallback || function (f) { return window.setTimeout(f, 50); };
  var generation = 0;

  function run() {
    var mine = ++generation;
    var blocks = Array.prototype.slice.call(document.querySelectorAll(FIRST))
      .concat(Array.prototype.slice.call(document.querySelectorAll(THEN)));
    var i = 0;
    function step() {
      if (mine !== generation) return;  // the page has changed: its own run takes over
      if (i < blocks.length) blocks[i++].classList.add("atlas-rendered");  // laid out in the next frame, alone
      if (i < blocks.length) window.requestAnimationFrame(function () { idle(step); });
    }
    idle(step);
  }

  function start() {
    if (document.readyState === "complete") run();
    else window.addEventListener("load", run, { once: true });
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  else start();
})();
