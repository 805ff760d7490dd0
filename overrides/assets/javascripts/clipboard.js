/* Copying text to the clipboard, shared by the table tools (tables.js) and the decision guide (guide.js):
   atlasCopyText(textOrPromise) resolves with the text once it is copied and rejects when the browser refuses.
   A promise of text (a table's Markdown, fetched on click) is handed to ClipboardItem at once, as Safari requires
   the write to start within the click. Without the Clipboard API (pages not served over HTTPS or from localhost),
   a hidden textarea and execCommand("copy"). */
(function () {
  "use strict";

  function legacyCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    area.remove();
    if (!ok) throw new Error("copy");
    return text;
  }

  window.atlasCopyText = function (textOrPromise) {
    if (navigator.clipboard && window.ClipboardItem && typeof textOrPromise !== "string") {
      var item = new ClipboardItem({ "text/plain": textOrPromise.then(function (t) { return new Blob([t], { type: "text/plain" }); }) });
      return navigator.clipboard.write([item]).then(function () { return textOrPromise; });
    }
    return Promise.resolve(textOrPromise).then(function (text) {
      if (navigator.clipboard && navigator.clipboard.writeText) return navigator.clipboard.writeText(text).then(function () { return text; });
      return legacyCopy(text);
    });
  };
})();
