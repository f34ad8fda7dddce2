// Render the math that arithmatex marked (\( \) and \[ \] inside .arithmatex) with the vendored
// KaTeX, loaded only on a page that has some: its CSS, JS and fonts are about 300 KiB, and most
// pages have no math. Only marked spans are touched, so a stray "$" is never read as math.
(function () {
  var katex = new URL("../vendor/katex/", document.currentScript.src);
  var loading = null;

  function add(tag, attributes) {
    var element = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { element[name] = attributes[name]; });
    document.head.append(element);
    return element;
  }

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        add("link", { rel: "stylesheet", href: new URL("katex.min.css", katex).href });
        // async false: the two scripts run in the order added, auto-render after KaTeX.
        add("script", { src: new URL("katex.min.js", katex).href, async: false, onerror: reject });
        add("script", {
          src: new URL("auto-render.min.js", katex).href, async: false,
          onload: resolve, onerror: reject
        });
      });
    }
    return loading;
  }

  function render() {
    var marked = document.querySelectorAll(".arithmatex");
    if (!marked.length) { return; }
    load().then(function () {
      marked.forEach(function (element) {
        renderMathInElement(element, {
          delimiters: [
            { left: "\\(", right: "\\)", display: false },
            { left: "\\[", right: "\\]", display: true }
          ],
          throwOnError: false
        });
      });
    }, function () { loading = null; });  // the failed file is already in the console
  }

  // Material's document$ emits for the first page and, with instant navigation, for each next one.
  if (typeof document$ !== "undefined") { document$.subscribe(render); }
  else { document.addEventListener("DOMContentLoaded", render); }
})();
