/*
  The map of the field (publish/field_map.py): every paper a point on a canvas, coloured by
  topic, from map/points.bin (x, y, topic: uint16 each) and map/map.json (the topics, where
  their labels go). Drag or arrow keys to pan, the wheel or + and - to zoom; hovering a point
  names its paper, clicking opens it; the search box marks the papers whose titles match.
  Titles come in chunks (map/titles-<n>.json), fetched when first needed. Drawn into one
  ImageData a frame, so 100k points stay smooth. A topic page gets its region of the map.
  Without JavaScript the map page says what it needs and links the topics.
*/
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var root = new URL("../../", script.src); // this file is assets/javascripts/map.js
  var SCALE = 65535;
  var NO_TOPIC = 65535;
  var TOPIC_PAGE = /^topics\/([A-Za-z0-9_-][A-Za-z0-9._-]*)\/$/;

  function colour(topic) {
    // A topic's colour: hues a golden angle apart, so neighbouring numbers differ.
    if (topic === NO_TOPIC) return [150, 150, 150];
    var hue = (topic * 137.508) % 360 / 60;
    var chroma = 0.62, light = 0.42;
    var x = chroma * (1 - Math.abs(hue % 2 - 1)), m = light - chroma / 2;
    var rgb = [[chroma, x, 0], [x, chroma, 0], [0, chroma, x], [0, x, chroma], [x, 0, chroma],
      [chroma, 0, x]][Math.floor(hue) % 6];
    return rgb.map(function (value) { return Math.round(255 * Math.min(1, value + m + 0.2)); });
  }

  function load() {
    return Promise.all([
      fetch(new URL("map/points.bin", root).href).then(function (r) {
        return r.ok ? r.arrayBuffer() : null;
      }),
      fetch(new URL("map/map.json", root).href).then(function (r) { return r.ok ? r.json() : null; })
    ]).catch(function () { return [null, null]; });
  }

  function Titles(meta) {
    // Titles by point number, a chunk at a time; a chunk that failed is asked for again.
    var chunks = {};
    function chunk(number) {
      if (!chunks[number]) {
        chunks[number] = fetch(new URL("map/titles-" + number + ".json", root).href)
          .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
          .then(function (rows) { return Array.isArray(rows) ? rows : Promise.reject(rows); })
          .catch(function () { delete chunks[number]; return null; });
      }
      return chunks[number];
    }
    function checked(row) {
      return Array.isArray(row) && typeof row[0] === "string" && typeof row[1] === "string" &&
        /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(row[0]) ? { slug: row[0], title: row[1] } : null;
    }
    this.of = function (index) {
      var number = Math.floor(index / meta.chunk);
      return chunk(number).then(function (rows) {
        return rows ? checked(rows[index - number * meta.chunk]) : null;
      });
    };
    this.all = function () {
      // Every paper's {slug, title} at its point's number (null where none could be read).
      var numbers = [];
      for (var n = 0; n * meta.chunk < meta.count; n++) numbers.push(n);
      return Promise.all(numbers.map(chunk)).then(function (parts) {
        var found = new Array(meta.count).fill(null);
        parts.forEach(function (rows, n) {
          (rows || []).forEach(function (row, j) {
            if (n * meta.chunk + j < meta.count) found[n * meta.chunk + j] = checked(row);
          });
        });
        return found;
      });
    };
  }

  function View(canvas, points, meta, options) {
    // One drawing of the map in `canvas`: pan and zoom state, what is marked, hit testing.
    var view = this;
    var count = points.length / 3;
    var context = canvas.getContext("2d");
    var palette = meta.topics.map(function (topic, index) { return colour(index); });
    view.scale = 1; view.x = 0; view.y = 0; // the unit square's offset and zoom on screen
    view.marked = null; // Uint8Array of points to mark, or null
    view.frames = 0;
    var width = 0, height = 0, ratio = 1, image = null, pixels = null, pending = false;

    function fit() {
      ratio = window.devicePixelRatio || 1;
      width = Math.max(1, Math.round(canvas.clientWidth * ratio));
      height = Math.max(1, Math.round(canvas.clientHeight * ratio));
      canvas.width = width; canvas.height = height;
      image = context.createImageData(width, height);
      pixels = new Uint32Array(image.data.buffer);
    }

    view.toScreen = function (px, py) {
      var side = Math.min(width, height);
      return [((px / SCALE - 0.5) * view.scale + 0.5) * side + (width - side) / 2 + view.x,
        ((py / SCALE - 0.5) * view.scale + 0.5) * side + (height - side) / 2 + view.y];
    };

    function dot(sx, sy, packed, size) {
      var x0 = Math.round(sx - size / 2), y0 = Math.round(sy - size / 2); // centred on the point
      for (var dy = 0; dy < size; dy++) {
        var y = y0 + dy;
        if (y < 0 || y >= height) continue;
        for (var dx = 0; dx < size; dx++) {
          var x = x0 + dx;
          if (x >= 0 && x < width) pixels[y * width + x] = packed;
        }
      }
    }

    function packed(rgb, alpha) {
      return (alpha << 24) | (rgb[2] << 16) | (rgb[1] << 8) | rgb[0]; // little-endian RGBA
    }

    view.draw = function () {
      pending = false;
      pixels.fill(0);
      var base = count < 5000 ? 4 : count < 30000 ? 3 : 2; // fewer points, bigger dots
      var size = Math.max(2, Math.round(ratio * (base + (view.scale > 4 ? 1 : 0))));
      var dim = packed([150, 150, 150], 110);
      var colours = palette.map(function (rgb) { return packed(rgb, 255); });
      var focus = options.topic;
      for (var pass = 0; pass < 2; pass++) { // marked points over the others
        for (var i = 0; i < count; i++) {
          var topic = points[3 * i + 2];
          var on = view.marked ? view.marked[i] : focus === undefined || topic === focus;
          if ((pass === 1) !== Boolean(on)) continue;
          var at = view.toScreen(points[3 * i], points[3 * i + 1]);
          dot(at[0], at[1], on ? (colours[topic] || packed([120, 120, 120], 255)) : dim,
            on && view.marked ? size + 1 : size);
        }
      }
      context.putImageData(image, 0, 0);
      if (options.labels) labels();
      view.frames++;
      canvas.setAttribute("data-digest-drawn", String(view.frames));
    };

    function labels() {
      // The topics' names where their papers are, the largest first, none over another.
      var taken = [];
      context.font = Math.round(12 * ratio) + "px sans-serif";
      context.textAlign = "center";
      meta.topics.slice().sort(function (a, b) { return b[4] - a[4]; }).forEach(function (t) {
        var at = view.toScreen(t[2], t[3]);
        var w = context.measureText(t[1]).width + 8 * ratio, h = 16 * ratio;
        var box = [at[0] - w / 2, at[1] - h / 2, w, h];
        if (box[0] < 0 || box[1] < 0 || box[0] + w > width || box[1] + h > height) return;
        if (taken.some(function (o) {
          return box[0] < o[0] + o[2] && o[0] < box[0] + w && box[1] < o[1] + o[3] && o[1] < box[1] + h;
        })) return;
        taken.push(box);
        context.fillStyle = "rgba(255,255,255,0.85)";
        context.fillRect(box[0], box[1], w, h);
        context.fillStyle = "#111";
        context.fillText(t[1], at[0], at[1] + 4 * ratio);
      });
    }

    view.redraw = function () {
      if (!pending) { pending = true; window.requestAnimationFrame(view.draw); }
    };

    view.nearest = function (clientX, clientY, within) {
      // The point under the pointer (within `within` CSS pixels, 6 by default), or -1.
      var box = canvas.getBoundingClientRect(); // the bitmap lies inside the border
      var across = width / Math.max(1, canvas.clientWidth);
      var sx = (clientX - box.left - canvas.clientLeft) * across;
      var sy = (clientY - box.top - canvas.clientTop) * across;
      var best = -1, reach = Math.pow((within || 6) * ratio, 2);
      for (var i = 0; i < count; i++) {
        if (options.topic !== undefined && !view.marked && points[3 * i + 2] !== options.topic) {
          continue;
        }
        var at = view.toScreen(points[3 * i], points[3 * i + 1]);
        var d = (at[0] - sx) * (at[0] - sx) + (at[1] - sy) * (at[1] - sy);
        if (d < reach) { reach = d; best = i; }
      }
      return best;
    };

    view.zoom = function (factor, sx, sy) {
      // Zoom by `factor` around the screen point (sx, sy), in canvas pixels.
      var next = Math.min(64, Math.max(0.5, view.scale * factor));
      factor = next / view.scale;
      view.x = sx - (sx - view.x - width / 2) * factor - width / 2;
      view.y = sy - (sy - view.y - height / 2) * factor - height / 2;
      view.scale = next;
      view.redraw();
    };

    view.size = function () { return [width, height, ratio]; };
    fit();
    var refit = function () {
      if (Math.round(canvas.clientWidth * ratio) === width &&
        Math.round(canvas.clientHeight * ratio) === height) return;
      fit();
      view.redraw();
    };
    if (window.ResizeObserver) new ResizeObserver(refit).observe(canvas);
    else window.addEventListener("resize", refit);
  }

  window.digestMap = { load: load, View: View, Titles: Titles, root: root, NO_TOPIC: NO_TOPIC,
    SCALE: SCALE, TOPIC_PAGE: TOPIC_PAGE };
})();
