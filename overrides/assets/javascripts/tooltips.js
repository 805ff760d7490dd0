/* Text-only tooltips for every element with a title: glossary terms (abbr.atlas-term), navigation items whose
   name overflows (Material gives them the full name as a title), the guide's citation links, and anything else.
   This replaces Material's `content.tooltips`, which builds its tooltip from the title with innerHTML, so that a
   definition or a name holding markup would run as HTML on hover (tests/test_hostile.py). Here the text is set
   with textContent: it is shown, never parsed. Shown on hover, on keyboard focus and on tap (a tap on a term
   shows it, a tap elsewhere hides it); Escape, leaving, blur and scrolling hide it. The element points at the tooltip with
   aria-describedby while it shows. Event delegation on the document: it survives instant navigation. */
(function () {
  "use strict";

  var tip = null, owner = null;

  function box() {
    if (!tip || !tip.isConnected) {
      tip = document.createElement("div");
      tip.id = "atlas-tip";
      tip.className = "atlas-tip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      // inside the main landmark (axe: all content in landmarks); fixed, so it shows by any element
      (document.querySelector("main") || document.body).appendChild(tip);
    }
    return tip;
  }

  function holder(node) {
    if (!node || node.nodeType !== 1) node = node && node.parentElement;
    if (!node || !node.closest) return null;
    var el = node.closest("[title], [data-atlas-tip]");
    if (!el || !document.body.contains(el) || el.closest("svg, iframe, head")) return null;
    return el;
  }

  function textOf(el) {
    if (el.hasAttribute("title")) {  // taken over, so that the browser's own tooltip does not show it a second time
      var title = el.getAttribute("title");
      el.removeAttribute("title");
      if (title) el.setAttribute("data-atlas-tip", title);
    }
    return el.getAttribute("data-atlas-tip") || "";
  }

  function place(el, b) {
    var r = el.getBoundingClientRect(), margin = 8;
    b.style.left = "0px";
    b.style.top = "0px";
    var w = b.offsetWidth, h = b.offsetHeight;
    var vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
    var left = Math.min(Math.max(margin, r.left + r.width / 2 - w / 2), Math.max(margin, vw - w - margin));
    var top = r.bottom + margin;
    if (top + h > vh - margin && r.top - margin - h >= margin) top = r.top - margin - h;
    b.style.left = Math.round(left) + "px";
    b.style.top = Math.round(top) + "px";
  }

  function show(el) {
    var text = textOf(el);
    if (!text) return;
    var b = box();
    if (owner && owner !== el) owner.removeAttribute("aria-describedby");
    b.textContent = text;
    b.hidden = false;
    owner = el;
    el.setAttribute("aria-describedby", b.id);
    place(el, b);
  }

  function hide() {
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
    if (tip) tip.hidden = true;
  }

  document.addEventListener("mouseover", function (event) {
    var el = holder(event.target);
    if (el) { if (el !== owner || tip.hidden) show(el); }
    else if (owner && owner !== document.activeElement) hide();
  });
  document.addEventListener("mouseout", function (event) {
    if (owner && !owner.contains(event.relatedTarget) && owner !== document.activeElement) hide();
  });
  document.addEventListener("focusin", function (event) {
    var el = holder(event.target);
    if (el && el === event.target) show(el); else hide();
  });
  document.addEventListener("focusout", function (event) {
    if (owner && event.target === owner) hide();
  });
  document.addEventListener("click", function (event) {
    var el = holder(event.target);
    if (el && el.matches("abbr")) {
      show(el);  // a tap on a term (a tap elsewhere hides it)
    } else if (!el) {
      hide();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
  window.addEventListener("scroll", hide, { passive: true });
})();
