// Draws every chart on the page from its JSON data block (see allegiance/web/charts.py).
// Kept in a file of its own: the Content-Security-Policy allows no inline scripts.
"use strict";
document.querySelectorAll("div.chart[data-spec]").forEach(function (node) {
  var block = document.getElementById(node.dataset.spec);
  if (!block || typeof Plotly === "undefined") { return; }
  var spec = JSON.parse(block.textContent);
  Plotly.newPlot(node, spec.data, spec.layout, {responsive: true, displaylogo: false});
});
