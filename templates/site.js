// coe's site: sorting and filtering of the table of COEs. Without
// JavaScript the whole table shows; this only orders and narrows it.
(function () {
  "use strict";
  var table = document.getElementById("coes");
  if (!table || !table.tBodies.length) return;
  var body = table.tBodies[0];
  var each = Array.prototype.forEach;
  function texts(cell) {
    return Array.prototype.map.call(cell.querySelectorAll("a"), function (a) { return a.textContent; });
  }
  var items = Array.prototype.map.call(body.rows, function (tr, i) {
    var c = tr.cells;
    return {
      tr: tr, i: i,
      time: Number(tr.getAttribute("data-time")) || 0,
      sev: Number(tr.getAttribute("data-sev")),
      status: Number(tr.getAttribute("data-st")),
      open: Number(tr.getAttribute("data-open")) || 0,
      title: c[1].querySelector("a").textContent.toLowerCase(),
      statusName: c[3].textContent.trim(),
      severityName: c[2].textContent.trim(),
      tags: texts(c[5]),
      services: texts(c[6]),
      text: tr.textContent.toLowerCase()
    };
  });

  var filters = document.getElementById("filters");
  if (filters) {
    var count = document.getElementById("count");
    var value = function (name) {
      var el = filters.querySelector("[name=" + name + "]");
      return el ? el.value : "";
    };
    var apply = function () {
      var words = value("q").toLowerCase().split(/\s+/).filter(Boolean);
      var status = value("status"), severity = value("severity"), tag = value("tag"), service = value("service");
      var shown = 0;
      items.forEach(function (it) {
        var ok = (!status || it.statusName === status) &&
          (!severity || it.severityName === severity) &&
          (!tag || it.tags.indexOf(tag) >= 0) &&
          (!service || it.services.indexOf(service) >= 0) &&
          words.every(function (w) { return it.text.indexOf(w) >= 0; });
        it.tr.hidden = !ok;
        if (ok) shown++;
      });
      count.value = shown === items.length ? items.length + (items.length === 1 ? " COE" : " COEs") : shown + " of " + items.length + " COEs";
    };
    filters.addEventListener("input", apply);
    filters.addEventListener("change", apply);
    filters.hidden = false;
    apply();
  }

  var headers = table.tHead.rows[0].cells;
  each.call(headers, function (th) {
    var key = th.getAttribute("data-sort");
    if (!key) return;
    var button = document.createElement("button");
    button.type = "button";
    while (th.firstChild) button.appendChild(th.firstChild);
    th.appendChild(button);
    button.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      each.call(headers, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      items.sort(function (a, b) {
        var x = a[key], y = b[key];
        var d = x < y ? -1 : x > y ? 1 : 0;
        return (asc ? d : -d) || a.i - b.i;
      });
      var frag = document.createDocumentFragment();
      items.forEach(function (it) { frag.appendChild(it.tr); });
      body.appendChild(frag);
    });
  });
})();
