/*
  The map's controls (see map.js, whose drawing this uses): on /map/ a canvas with zoom
  buttons, a search box that marks matching titles (and lists the first of them as links),
  the title of the point under the pointer, and a click to open it; on a topic page, its
  region of the map, its papers in colour and the rest grey.
*/
(function () {
  "use strict";
  var map = window.digestMap;
  if (!map) return;
  var root = map.root;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function button(text, label) {
    var node = element("button", "md-button digest-map-button", text);
    node.type = "button";
    node.setAttribute("aria-label", label);
    return node;
  }

  function canvasIn(box, label, focusable) {
    var canvas = element("canvas", "digest-map-canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", label);
    if (focusable) canvas.tabIndex = 0;
    box.appendChild(canvas);
    return canvas;
  }

  function panning(canvas, view, named) {
    // Drag with the pointer (the primary one), arrow keys, + and -, the wheel. After a key,
    // the paper nearest the middle is named (`named`), and Enter opens it.
    var from = null;
    canvas.addEventListener("pointerdown", function (event) {
      if (!event.isPrimary || event.button !== 0) return;
      from = [event.clientX, event.clientY, false, event.pointerId];
      canvas.setPointerCapture(event.pointerId);
    });
    var stop = function () { from = null; };
    canvas.addEventListener("pointercancel", stop);
    canvas.addEventListener("lostpointercapture", stop);
    canvas.addEventListener("pointermove", function (event) {
      if (!from || event.pointerId !== from[3]) return;
      var ratio = view.size()[2];
      var dx = event.clientX - from[0], dy = event.clientY - from[1];
      if (Math.abs(dx) + Math.abs(dy) > 2) from[2] = true;
      view.x += dx * ratio; view.y += dy * ratio;
      from[0] = event.clientX; from[1] = event.clientY;
      view.redraw();
    });
    canvas.addEventListener("pointerup", function (event) {
      if (!from || event.pointerId !== from[3]) return;
      canvas.dragged = from[2];
      from = null;
      canvas.releasePointerCapture(event.pointerId);
    });
    canvas.addEventListener("wheel", function (event) {
      if (!event.deltaY) return; // sideways: the page's
      event.preventDefault();
      var box = canvas.getBoundingClientRect(), ratio = view.size()[2];
      view.zoom(event.deltaY < 0 ? 1.25 : 0.8, (event.clientX - box.left) * ratio,
        (event.clientY - box.top) * ratio);
    }, { passive: false });
    canvas.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return; // the browser's own keys
      var step = 40 * view.size()[2], size = view.size();
      var moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step],
        ArrowDown: [0, -step] };
      if (moves[event.key]) {
        view.x += moves[event.key][0]; view.y += moves[event.key][1]; view.redraw();
      } else if (event.key === "+" || event.key === "=") {
        view.zoom(1.25, size[0] / 2, size[1] / 2);
      } else if (event.key === "-") {
        view.zoom(0.8, size[0] / 2, size[1] / 2);
      } else if (event.key === "Enter") {
        named.open();
        return;
      } else {
        return;
      }
      event.preventDefault();
      named.middle();
    });
  }

  function pointing(canvas, view, titles, tip) {
    // The title of the point under the pointer (or, after a key, nearest the middle); a
    // click (not a drag) or Enter opens its page.
    var shown = -1;
    function show(index) {
      if (index === shown) return;
      shown = index;
      canvas.style.cursor = index < 0 ? "grab" : "pointer";
      if (index < 0) { tip.textContent = "Point at a paper to see its title."; return; }
      titles.of(index).then(function (paper) {
        if (shown === index && paper) tip.textContent = paper.title;
      });
    }
    function open(index) {
      if (index < 0) return;
      titles.of(index).then(function (paper) {
        if (paper) window.location.href = new URL("papers/" + paper.slug + "/", root).href;
      });
    }
    canvas.addEventListener("mousemove", function (event) {
      show(view.nearest(event.clientX, event.clientY));
    });
    canvas.addEventListener("click", function (event) {
      if (!canvas.dragged) open(view.nearest(event.clientX, event.clientY));
    });
    return {
      middle: function () {
        var box = canvas.getBoundingClientRect();
        show(view.nearest(box.left + box.width / 2, box.top + box.height / 2, 24));
      },
      open: function () { open(shown); }
    };
  }

  function searching(form, input, view, titles, status, found) {
    var asked = 0; // the latest search's number: an earlier one's answer is dropped
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var number = ++asked;
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      found.textContent = "";
      if (!words.length) {
        view.marked = null; view.redraw(); status.textContent = "";
        return;
      }
      status.textContent = "Searching the titles…";
      titles.all().then(function (papers) {
        if (number !== asked) return;
        var marked = new Uint8Array(papers.length), hits = [];
        papers.forEach(function (paper, index) {
          var title = paper ? paper.title.toLowerCase() : "";
          if (paper && words.every(function (word) { return title.indexOf(word) >= 0; })) {
            marked[index] = 1;
            hits.push(paper);
          }
        });
        view.marked = marked; view.redraw();
        status.textContent = hits.length + " paper" + (hits.length === 1 ? "" : "s") +
          " marked on the map" + (hits.length > 20 ? "; the first 20:" : hits.length ? ":" : ".");
        hits.slice(0, 20).forEach(function (paper) {
          var item = element("li"), link = element("a", "", paper.title);
          link.href = new URL("papers/" + paper.slug + "/", root).href;
          item.appendChild(link);
          found.appendChild(item);
        });
      });
    });
  }

  function mapPage(box, points, meta) {
    box.textContent = "";
    var form = element("form", "digest-map-search");
    form.setAttribute("role", "search");
    var input = element("input");
    input.type = "search";
    input.setAttribute("aria-label", "Mark papers whose titles contain");
    input.placeholder = "Mark titles containing…";
    form.appendChild(input);
    form.appendChild(element("button", "md-button md-button--primary", "Mark"));
    var zoomIn = button("+", "Zoom in"), zoomOut = button("−", "Zoom out");
    var reset = button("Whole map", "Show the whole map");
    [zoomIn, zoomOut, reset].forEach(function (node) { form.appendChild(node); });
    box.appendChild(form);
    var status = element("p", "digest-map-status");
    status.setAttribute("role", "status");
    box.appendChild(status);
    var canvas = canvasIn(box, "Map of " + meta.count + " papers in " + meta.topics.length +
      " topics, each a dot coloured by its topic; arrow keys and + and - move it, Enter " +
      "opens the paper named under it", true);
    var tip = element("p", "digest-map-tip", "Point at a paper to see its title.");
    tip.setAttribute("aria-live", "polite");
    box.appendChild(tip);
    var found = element("ul", "digest-map-found");
    box.appendChild(found);
    var listed = element("p", "digest-map-caption", "The same papers as lists, by topic: ");
    var topics = element("a", "", "Topics");
    topics.href = new URL("topics/", root).href;
    listed.appendChild(topics);
    box.appendChild(listed);
    var view = new map.View(canvas, points, meta, { labels: true });
    var titles = new map.Titles(meta);
    panning(canvas, view, pointing(canvas, view, titles, tip));
    searching(form, input, view, titles, status, found);
    var middle = function () { var s = view.size(); return [s[0] / 2, s[1] / 2]; };
    zoomIn.addEventListener("click", function () { view.zoom.apply(null, [1.5].concat(middle())); });
    zoomOut.addEventListener("click", function () { view.zoom.apply(null, [1 / 1.5].concat(middle())); });
    reset.addEventListener("click", function () {
      view.scale = 1; view.x = 0; view.y = 0; view.redraw();
    });
    window.digestMapView = view; // the bench reads its frame count
    view.draw();
    // Drawn: tests wait on this mark; its value, ms since the page began, is the bench's.
    box.setAttribute("data-digest-ready", String(Math.round(performance.now())));
  }

  function topicRegion(box, slug, points, meta) {
    // The topic's papers in colour, framed with some of their surroundings.
    var number = meta.topics.findIndex(function (topic) { return topic[0] === slug; });
    if (number < 0) return;
    var low = [Infinity, Infinity], high = [-Infinity, -Infinity];
    for (var i = 0; i < points.length; i += 3) {
      if (points[i + 2] !== number) continue;
      low = [Math.min(low[0], points[i]), Math.min(low[1], points[i + 1])];
      high = [Math.max(high[0], points[i]), Math.max(high[1], points[i + 1])];
    }
    if (low[0] === Infinity) return;
    box.appendChild(element("p", "digest-map-caption", "Where this topic is on the map:"));
    var canvas = canvasIn(box, "This topic's papers on the map of the field, among its " +
      "neighbours", false);
    var view = new map.View(canvas, points, meta, { topic: number });
    var size = view.size();
    var span = Math.max(high[0] - low[0], high[1] - low[1], 1500) / map.SCALE;
    view.scale = Math.min(16, Math.max(1, 0.6 / span));
    var centre = view.toScreen((low[0] + high[0]) / 2, (low[1] + high[1]) / 2);
    view.x = size[0] / 2 - centre[0]; view.y = size[1] / 2 - centre[1];
    view.draw();
    var link = element("a", "", "Open the whole map");
    link.href = new URL("map/", root).href;
    var line = element("p", "digest-map-caption");
    line.appendChild(link);
    box.appendChild(line);
    box.setAttribute("data-digest-ready", "");
  }

  function start() {
    var page = document.getElementById("digest-map");
    var region = document.getElementById("map-region");
    var here = location.pathname.indexOf(root.pathname) === 0 ?
      location.pathname.slice(root.pathname.length) : "";
    var topic = region && map.TOPIC_PAGE.exec(here);
    if (!page && !topic) return;
    map.load().then(function (loaded) {
      var meta = loaded[1];
      if (!loaded[0] || !meta || !Array.isArray(meta.topics) || !(meta.chunk > 0) ||
        loaded[0].byteLength !== 6 * meta.count) {
        if (page) page.appendChild(element("p", "", "The map could not be loaded; try again later."));
        return;
      }
      var points = new Uint16Array(loaded[0]);
      if (page) mapPage(page, points, loaded[1]);
      else topicRegion(region, topic[1], points, loaded[1]);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
