/* teikit HTML edition: offline full-text search over window.TEIKIT_SEARCH, filled by the
   search/<doc>.js files (scripts, so that the search also works from file://).
   Results are built with textContent only. */
(function () {
  "use strict";
  var doc = document;

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[\u201c\u201d]/g, "\"");
  }

  function parse(q) {
    var terms = [], re = /"([^"]+)"|(\S+)/g, m;
    while ((m = re.exec(q)) !== null) {
      var t = fold((m[1] || m[2]).trim());
      if (t) { terms.push(t); }
    }
    return terms;
  }

  function highlight(el, text, terms) {
    var low = fold(text), ranges = [];
    terms.forEach(function (t) {
      var i = low.indexOf(t);
      while (i >= 0) { ranges.push([i, i + t.length]); i = low.indexOf(t, i + t.length); }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    /* a snippet around the first hit (fold keeps string length for Latin text) */
    var start = ranges.length ? Math.max(0, ranges[0][0] - 80) : 0, end = Math.min(text.length, start + 320);
    if (start > 0) { el.appendChild(doc.createTextNode("… ")); }
    var pos = start;
    ranges.forEach(function (r) {
      if (r[0] < pos || r[1] > end) { return; }
      el.appendChild(doc.createTextNode(text.slice(pos, r[0])));
      var mk = doc.createElement("mark");
      mk.textContent = text.slice(r[0], r[1]);
      el.appendChild(mk);
      pos = r[1];
    });
    el.appendChild(doc.createTextNode(text.slice(pos, end) + (end < text.length ? " …" : "")));
  }

  function run(q) {
    var status = doc.getElementById("tk-search-status"), list = doc.getElementById("tk-search-results");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    var terms = parse(q);
    if (!terms.length) { status.textContent = ""; return; }
    var docs = window.TEIKIT_SEARCH || [], hits = 0, max = 200;
    docs.forEach(function (d) {
      d.records.forEach(function (r) {
        var low = r._f || (r._f = fold(r[2]));
        if (!terms.every(function (t) { return low.indexOf(t) >= 0; })) { return; }
        hits += 1;
        if (hits > max) { return; }
        var li = doc.createElement("li"), a = doc.createElement("a"), p = doc.createElement("p");
        a.href = r[0];
        a.textContent = d.title + (r[1] ? " – " + r[1] : "");
        p.className = "tk-search-snippet";
        highlight(p, r[2], terms);
        li.appendChild(a);
        li.appendChild(p);
        list.appendChild(li);
      });
    });
    status.textContent = hits === 0 ? "No results." :
      (hits === 1 ? "1 result." : hits + " results." + (hits > max ? " Showing the first " + max + "." : ""));
  }

  function init() {
    var form = doc.querySelector(".tk-search-form"), input = doc.getElementById("tk-q");
    if (!form || !input) { return; }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      run(input.value);
      try { window.history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); } catch (e) { /* file:// */ }
    });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; run(q); }
  }

  if (doc.readyState === "loading") { doc.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
