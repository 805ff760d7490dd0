/* An embed's filter (/<lang>/embed/<id>/?a=…&d=…&group=…&rating=…&type=…): hides the columns and rows the embed
   code's URL did not pick. The facets (which approach each column is, what each row is) are the page's JSON block
   #atlas-facets, written by macros/compare.py; nothing from the data is run. The only script an embed may run
   (its Content-Security-Policy); without it the whole table shows. */
(function () {
  var block = document.getElementById("atlas-facets");
  if (!block) return;
  var facets = JSON.parse(block.textContent);
  var query = new URLSearchParams(location.search);
  function picked(key) {
    var value = query.get(key);
    return value ? value.split(",") : [];
  }
  var wanted = {};
  facets.controls.forEach(function (c) { wanted[c.key] = picked(c.key); });
  var byColumns = facets.controls.some(function (c) { return c.on === "columns"; });
  document.querySelectorAll("tr").forEach(function (tr) {
    Array.prototype.forEach.call(tr.children, function (td, j) {
      if (byColumns && wanted.a.length && j > 0 && facets.columns[j] && wanted.a.indexOf(facets.columns[j]) < 0) td.hidden = true;
    });
  });
  document.querySelectorAll("tbody tr").forEach(function (tr, i) {
    var row = facets.rows[i] || {};
    tr.hidden = !facets.controls.every(function (c) {
      var w = wanted[c.key];
      if (!w.length || c.on === "columns") return true;
      if (c.on === "ratings") {
        return Array.prototype.slice.call(tr.children, 1).some(function (td) {
          return !td.hidden && w.some(function (x) { return td.querySelector(".r-" + x); });
        });
      }
      if (c.on === "approaches") return (row.approaches || []).some(function (a) { return w.indexOf(a) >= 0; });
      return w.indexOf(row[c.on]) >= 0;
    });
  });
  // a table cut into parts: the same choice on every part, and a word where this part has none of its rows
  if (location.search) {
    document.querySelectorAll(".parts a").forEach(function (a) { a.search = location.search; });
  }
  if (facets.empty && !document.querySelector("tbody tr:not([hidden])")) {
    var note = document.createElement("p");
    note.className = "parts";
    note.setAttribute("role", "status");
    note.textContent = facets.empty;
    document.querySelector(".wrap").before(note);
  }
})();
