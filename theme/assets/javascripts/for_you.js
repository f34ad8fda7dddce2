/*
  For you, with no account (see reader.js, whose helpers and saved list this uses): the papers
  that arrived in the digest's last days (for-you/papers.json, publish/for_you.py) ranked in
  this browser by likeness to the reader's saved papers, each naming the saved paper it is
  there for. Vectors are 128 int8 values in base64 (tags/compact.py); a saved paper older
  than the window gives its vector from its own page. Nothing is sent anywhere.
*/
(function () {
  "use strict";
  var reader = window.digestReader;
  if (!reader) return;
  var root = reader.root;
  var element = reader.element;
  var STEP = 50; // papers shown at first, and added by each "Show more"
  var VECTOR = /^[A-Za-z0-9+/]{2,684}={0,2}$/; // base64, of at most 512 bytes

  function decoded(text, dimensions) {
    // A compact vector as a unit Float32Array, or null for anything the build did not write.
    if (typeof text !== "string" || !VECTOR.test(text)) return null;
    var bytes;
    try {
      bytes = atob(text);
    } catch (error) {
      return null; // base64's letters, but not base64
    }
    if (bytes.length !== dimensions) return null;
    var vector = new Float32Array(bytes.length);
    var norm = 0;
    for (var index = 0; index < bytes.length; index++) {
      var value = bytes.charCodeAt(index);
      vector[index] = value > 127 ? value - 256 : value;
      norm += vector[index] * vector[index];
    }
    if (!norm) return null;
    norm = Math.sqrt(norm);
    for (index = 0; index < vector.length; index++) vector[index] /= norm;
    return vector;
  }

  function cosine(one, other) {
    var sum = 0;
    for (var index = 0; index < one.length; index++) sum += one[index] * other[index];
    return sum;
  }

  function fetched(path, as) {
    // A file of this site as JSON or text; null where none answered.
    return fetch(new URL(path, root).href)
      .then(function (response) { return response.ok ? response[as]() : null; })
      .catch(function () { return null; });
  }

  function recentPapers(data) {
    // The window's rows as {path, title, arrived, vector}: rows the build did not write are left out.
    var rows = data && Array.isArray(data.papers) ? data.papers : [];
    return rows.map(function (row) {
      if (!Array.isArray(row) || typeof row[0] !== "string" || typeof row[1] !== "string") {
        return null;
      }
      var path = reader.pathOf(new URL("papers/" + row[0] + "/", root).href);
      var vector = decoded(row[3], data.dimensions);
      return path && vector ? { path: path, title: row[1], arrived: String(row[2] || ""),
        vector: vector } : null;
    }).filter(Boolean);
  }

  function pageVector(path, dimensions) {
    // A saved paper's vector from its page (the Read row's data-vector), or null.
    return fetched(path, "text").then(function (text) {
      var page = new DOMParser().parseFromString(text || "", "text/html");
      var row = page.querySelector("p.digest-read[data-vector]");
      return row ? decoded(row.getAttribute("data-vector"), dimensions) : null;
    });
  }

  function ranked(papers, saved) {
    // The papers not saved, each saved paper's nearest in turn: every saved paper's nearest
    // paper first, then every one's second, and so on, so each interest gets its share (by
    // cosine alone, a saved paper in a crowded field would take the whole list). A paper near
    // several saved papers comes once, for the one it ranks highest with, named as the reason;
    // at one rank the closer comes first, then the newer.
    var savedPaths = {};
    saved.forEach(function (item) { savedPaths[item.path] = true; });
    var candidates = papers.filter(function (paper) { return !savedPaths[paper.path]; });
    var picks = candidates.map(function (paper) {
      return { paper: paper, rank: Infinity, score: -2, why: null };
    });
    saved.forEach(function (item) {
      var scores = candidates.map(function (paper) { return cosine(paper.vector, item.vector); });
      var order = scores.map(function (score, index) { return index; });
      order.sort(function (one, other) { return scores[other] - scores[one]; });
      order.forEach(function (index, rank) {
        var pick = picks[index];
        if (rank < pick.rank || (rank === pick.rank && scores[index] > pick.score)) {
          picks[index] = { paper: pick.paper, rank: rank, score: scores[index], why: item };
        }
      });
    });
    return picks.sort(function (one, other) {
      return one.rank - other.rank || other.score - one.score ||
        (one.paper.arrived < other.paper.arrived ? 1 :
          one.paper.arrived > other.paper.arrived ? -1 : 0);
    });
  }

  function say(box, text) {
    box.textContent = "";
    box.appendChild(element("p", "digest-for-you-count", text));
    reader.ready(box);
  }

  function shown(box, picks, known, data, unread) {
    box.textContent = "";
    var days = Number(data.days) || 0;
    box.appendChild(element("p", "digest-for-you-count", picks.length + " paper" +
      (picks.length === 1 ? "" : "s") + " of the last " + days + " days, ranked by likeness " +
      "to the " + known.length + " you saved, each one's nearest in turn; worked out in " +
      "this browser." +
      (unread ? " " + unread + " saved " +
      (unread === 1 ? "paper was" : "papers were") + " left out: their page could not be read." :
      "")));
    var list = element("ul", "digest-papers digest-for-you");
    box.appendChild(list);
    var more = reader.plain("Show more");
    more.addEventListener("click", function () {
      var first = list.children.length;
      listed(list, picks.slice(first, first + STEP));
      list.children[first].querySelector("a").focus();
      if (list.children.length >= picks.length) more.remove();
    });
    listed(list, picks.slice(0, STEP));
    if (picks.length > STEP) box.appendChild(more);
    reader.ready(box);
  }

  function listed(list, picks) {
    // Each pick as a line of the list: its title, the saved paper it is there for, its
    // arrival; with a star to save it (reader.js).
    var scope = element("div");
    var part = element("ul", "digest-papers");
    scope.appendChild(part);
    picks.forEach(function (pick) {
      var item = element("li");
      var link = element("a", "", pick.paper.title);
      link.href = new URL(pick.paper.path, root).href;
      var why = element("a", "", pick.why.title);
      why.href = new URL(pick.why.path, root).href;
      var reason = element("span", "digest-why", " · like your saved ");
      reason.appendChild(why);
      reason.appendChild(document.createTextNode(" · arrived " + pick.paper.arrived.slice(0, 10)));
      item.appendChild(link);
      item.appendChild(reason);
      part.appendChild(item);
    });
    reader.stars(scope);
    while (part.firstChild) list.appendChild(part.firstChild);
  }

  function forYouPage(box) {
    var saved = reader.saved();
    if (!saved.length) {
      return say(box, "Nothing saved yet. Save a few papers (the Save button on a paper's " +
        "page, or the star beside it in a list) and the newest papers are ranked here by " +
        "how alike they are to them.");
    }
    box.setAttribute("aria-busy", "true");
    fetched("for-you/papers.json", "json").then(function (data) {
      var papers = recentPapers(data);
      if (!data || !papers.length) {
        return say(box, "The newest papers could not be read; try again later.");
      }
      var inWindow = {};
      papers.forEach(function (paper) { inWindow[paper.path] = paper.vector; });
      return Promise.all(saved.map(function (item) {
        return inWindow[item.path] || pageVector(item.path, data.dimensions);
      })).then(function (vectors) {
        var known = saved.map(function (item, index) {
          return { path: item.path, title: item.title, vector: vectors[index] };
        }).filter(function (item) { return item.vector; });
        if (!known.length) return say(box, "The saved papers' pages could not be read.");
        shown(box, ranked(papers, known), known, data, saved.length - known.length);
      });
    }).catch(function () {
      say(box, "The newest papers could not be read; try again later.");
    });
  }

  function start() {
    var box = document.getElementById("digest-for-you");
    if (box) forYouPage(box);
  }

  reader.whenReady(start);
})();
