(function () {
  "use strict";
  // Labels and titles arrive HTML-escaped; decode them to plain text (never parsed as markup).
  function decode(text) {
    var area = document.createElement("textarea");
    area.innerHTML = text;
    return area.value;
  }
  function tooltip(text) {
    var box = document.createElement("div");
    box.textContent = decode(text);
    return box;
  }
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var nodes = new vis.DataSet(data.nodes.map(function (node) {
    var copy = Object.assign({}, node);
    copy.label = decode(node.label || "");
    copy.title = node.title ? tooltip(node.title) : undefined;
    return copy;
  }));
  var edges = new vis.DataSet(data.edges.map(function (edge) {
    var copy = Object.assign({}, edge);
    copy.title = edge.title ? tooltip(edge.title) : undefined;
    return copy;
  }));
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  function drawn() {
    container.setAttribute("data-drawn", "true");
  }
  if (data.options.physics && data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: false});
      drawn();
    });
  } else {
    network.once("afterDrawing", drawn);
  }
  // A node with a page opens it; in a framed view, the whole window goes there.
  network.on("click", function (params) {
    if (!params.nodes.length) { return; }
    var node = nodes.get(params.nodes[0]);
    // A view saved to a file has no site behind it: its nodes' pages are on the server only.
    if (window.location.protocol === "file:") { return; }
    if (node && typeof node.url === "string" && node.url.charAt(0) === "/") {
      (window.top || window).location.href = node.url;
    }
  });
  network.on("hoverNode", function (params) {
    var node = nodes.get(params.node);
    container.style.cursor = node && node.url ? "pointer" : "default";
  });
  network.on("blurNode", function () { container.style.cursor = "default"; });
  window.peergraph = {network: network, nodes: nodes, edges: edges};
})();
