// MathJax 3, served with the site (docs/hooks/mathjax.py): the formulas arithmatex marks, and the
// LaTeX of the notebooks' outputs. Nothing is fetched from another host.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
    menuOptions: { settings: { explorer: false, assistiveMml: false } },
  },
  sre: { json: "[mathjax]/sre/mathmaps" },
};
