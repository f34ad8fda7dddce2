// Render the math that arithmatex marked (\( \) and \[ \] inside .arithmatex) with the vendored KaTeX.
// Only marked spans are touched, so a stray "$" in an abstract is never read as math.
(function () {
  function render() {
    document.querySelectorAll(".arithmatex").forEach(function (element) {
      renderMathInElement(element, {
        delimiters: [
          { left: "\\(", right: "\\)", display: false },
          { left: "\\[", right: "\\]", display: true }
        ],
        throwOnError: false
      });
    });
  }
  if (typeof document$ !== "undefined") { document$.subscribe(render); }
  else { document.addEventListener("DOMContentLoaded", render); }
})();
