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

// coe's site: the index page's search of every COE's answers, offline.
// coe build writes search.js, each COE's words counted by field (title;
// tags, services and factors; the answers); this loads it when the box is
// first used and ranks as coe search does: the same words (lowercased,
// plurals cut, common words left out), every word needed, -word left out,
// BM25F with the same field weights. A phrase is taken as its words.
// Results are built as DOM nodes, their text set as text.
(function () {
  "use strict";
  var box = document.getElementById("site-search");
  if (!box) return;
  var input = box.querySelector("input");
  var count = document.getElementById("site-search-count");
  var list = document.getElementById("site-search-results");
  var data = null, index = null, stop = null, exceptions = null, loading = false, timer = 0;
  var SHOWN = 20;
  var wordRe = /[\p{L}\p{Nd}][\p{L}\p{Nd}\p{Mn}]*(?:['\u2019](?=\p{L})[\p{L}\p{Nd}\p{Mn}]*)*/gu;
  var urlRe = /[\p{L}\p{Nd}]+:\/\/[^\s)>\]"']*/gu;
  var encoder = new TextEncoder();

  function set(list) {
    var s = Object.create(null);
    list.forEach(function (w) { s[w] = true; });
    return s;
  }
  function prepare() {
    data = window.coeSearchData;
    stop = set(data.stop);
    exceptions = set(data.stem_exceptions);
    index = Object.create(null);
    data.terms.forEach(function (t, i) { index[t] = i; });
  }
  function load() {
    if (data || loading) return;
    if (window.coeSearchData) { prepare(); return; }
    loading = true;
    count.value = "Loading the search index…";
    var s = document.createElement("script");
    s.src = "search.js";
    s.onload = function () {
      if (!window.coeSearchData) { count.value = "The search index did not load."; return; }
      prepare();
      run();
    };
    s.onerror = function () { count.value = "The search index (search.js) did not load."; };
    document.head.appendChild(s);
  }

  // stem is coe/related's Stem: a light plural ending off.
  function stem(w) {
    var n = encoder.encode(w).length, l = w.length;
    if (n <= 3 || w.charAt(l - 1) !== "s") return w;
    var c2 = w.charAt(l - 2), c3 = w.charAt(l - 3), c4 = w.charAt(l - 4);
    if (n > 4 && c2 === "e") {
      if (c3 === "i") return w.slice(0, -3) + "y";
      if ((c3 === "h" && (c4 === "c" || c4 === "s")) || (c3 === "s" && c4 === "s") || c3 === "x" || c3 === "z") {
        return c4 === "c" && exceptions[w] ? w.slice(0, -1) : w.slice(0, -2);
      }
    }
    return c2 === "s" || c2 === "u" || c2 === "i" ? w : w.slice(0, -1);
  }
  // term is the term of one word, or "" when search leaves it out.
  function term(word) {
    var w = word.replace(/['\u2019]/g, "").toLowerCase();
    var chars = Array.from(w).length;
    if (chars < 2 || chars > 32 || /^\p{Nd}+$/u.test(w) || stop[w]) return "";
    if (encoder.encode(w).length > 3) {
      var s = stem(w);
      if (s !== w && stop[s]) return "";
      w = s;
    }
    return w;
  }
  function tokens(text, fn) {
    (text.replace(urlRe, " ").match(wordRe) || []).forEach(function (word) {
      var t = term(word);
      if (t) fn(t);
    });
  }
  // parse reads words, "phrases" (as their words) and -words.
  function parse(q) {
    var want = [], not = [], seen = Object.create(null);
    function add(to) {
      return function (t) { if (!seen[t]) { seen[t] = true; to.push(t); } };
    }
    q.split('"').forEach(function (part, i) {
      if (i % 2) { tokens(part, add(want)); return; }
      part.split(/\s+/).forEach(function (chunk) {
        if (chunk.length > 1 && chunk.charAt(0) === "-") tokens(chunk.slice(1), add(not));
        else tokens(chunk, add(want));
      });
    });
    return { want: want, not: not };
  }
  // postings decodes a term's postings: fn(doc, [title, labels, body]).
  function postings(t, fn) {
    var s = data.post[t], nums = [], v = 0, shift = 1;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i), d;
      if (c >= 48 && c <= 57) d = c - 48;
      else if (c >= 97 && c <= 118) d = c - 87;
      else {
        v += "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_-".indexOf(s.charAt(i)) * shift;
        shift *= 32;
        continue;
      }
      nums.push(v + d * shift);
      v = 0;
      shift = 1;
    }
    var doc = 0;
    for (var k = 0; k < nums.length;) {
      var head = nums[k++];
      doc += Math.floor(head / 2);
      var body = nums[k++], title = 0, labels = 0;
      if (head % 2) { title = nums[k++]; labels = nums[k++]; }
      fn(doc, [title, labels, body]);
    }
  }
  function search(q) {
    var docs = data.docs, n = docs.length;
    var score = new Float64Array(n), found = new Int32Array(n), out = new Uint8Array(n);
    var idx = q.want.map(function (t) { return index[t]; });
    if (idx.some(function (i) { return i === undefined; })) return [];
    idx.forEach(function (ti) {
      var tfs = [], df = 0;
      postings(ti, function (d, c) {
        var tf = 0;
        for (var f = 0; f < 3; f++) {
          if (c[f] > 0) tf += data.weights[f] * c[f] / (1 - data.b[f] + data.b[f] * docs[d][7 + f] / data.avg[f]);
        }
        tfs.push(d, tf);
        df++;
      });
      var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (var i = 0; i < tfs.length; i += 2) {
        var tf = tfs[i + 1];
        score[tfs[i]] += idf * tf * (data.k1 + 1) / (data.k1 + tf);
        found[tfs[i]]++;
      }
    });
    q.not.forEach(function (t) {
      if (index[t] !== undefined) postings(index[t], function (d) { out[d] = 1; });
    });
    var hits = [];
    for (var d = 0; d < n; d++) {
      if (found[d] === q.want.length && !out[d]) hits.push(d);
    }
    hits.sort(function (a, b) {
      return score[b] - score[a] || docs[b][6] - docs[a][6] || (docs[a][0] < docs[b][0] ? -1 : docs[a][0] > docs[b][0] ? 1 : 0);
    });
    return hits;
  }
  // marked appends text to el, the words of want in <mark>.
  function marked(el, text, want) {
    var at = 0, m;
    wordRe.lastIndex = 0;
    while ((m = wordRe.exec(text))) {
      if (want.indexOf(term(m[0])) < 0) continue;
      el.appendChild(document.createTextNode(text.slice(at, m.index)));
      var mk = document.createElement("mark");
      mk.textContent = m[0];
      el.appendChild(mk);
      at = m.index + m[0].length;
    }
    el.appendChild(document.createTextNode(text.slice(at)));
  }
  function run() {
    var text = input.value.trim();
    while (list.firstChild) list.removeChild(list.firstChild);
    list.hidden = true;
    if (!text) { count.value = ""; return; }
    if (!data) load();
    if (!data) return;
    var q = parse(text);
    if (!q.want.length) { count.value = "No word to look for (common words and numbers are left out)."; return; }
    var hits = search(q);
    count.value = hits.length === 0 ? "No COE matches." :
      (hits.length === 1 ? "1 COE matches" : hits.length + " COEs match") + (hits.length > SHOWN ? ", the best " + SHOWN + " shown." : ".");
    hits.slice(0, SHOWN).forEach(function (d) {
      var doc = data.docs[d];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = doc[0];
      marked(a, doc[2], q.want);
      li.appendChild(a);
      var id = document.createElement("span");
      id.className = "id";
      id.textContent = " " + doc[1];
      li.appendChild(id);
      var meta = document.createElement("span");
      meta.className = "muted";
      meta.textContent = " " + [doc[3], doc[4], doc[5]].filter(Boolean).join(" · ");
      li.appendChild(meta);
      list.appendChild(li);
    });
    list.hidden = hits.length === 0;
  }
  input.addEventListener("focus", load);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 80);
  });
  box.hidden = false;
  if (input.value) run();
})();
