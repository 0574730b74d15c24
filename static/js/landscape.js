// IP landscape: PNG download of each chart, drawn client-side from the inline SVG.
// Progressive enhancement: without JavaScript the SVG and CSV links still work.
// Works under CSP script-src 'self'; img-src 'self' data: blob: (the SVG is
// loaded as a blob: image, drawn on a canvas, and saved as a blob: download).
(function () {
  "use strict";
  var SCALE = 2;

  function svgBlobUrl(svg) {
    var copy = svg.cloneNode(true);
    if (!copy.getAttribute("xmlns")) { copy.setAttribute("xmlns", "http://www.w3.org/2000/svg"); }
    var text = new XMLSerializer().serializeToString(copy);
    return URL.createObjectURL(new Blob([text], { type: "image/svg+xml;charset=utf-8" }));
  }

  function download(url, filename) {
    var link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function toPng(svg, filename, button) {
    var width = parseFloat(svg.getAttribute("width")) || svg.getBoundingClientRect().width;
    var height = parseFloat(svg.getAttribute("height")) || svg.getBoundingClientRect().height;
    var source = svgBlobUrl(svg);
    var image = new Image();
    button.disabled = true;
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(width * SCALE);
      canvas.height = Math.round(height * SCALE);
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      URL.revokeObjectURL(source);
      canvas.toBlob(function (blob) {
        button.disabled = false;
        if (!blob) { return; }
        var url = URL.createObjectURL(blob);
        download(url, filename);
        window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      }, "image/png");
    };
    image.onerror = function () {
      URL.revokeObjectURL(source);
      button.disabled = false;
    };
    image.src = source;
  }

  document.querySelectorAll(".chart-card[data-chart]").forEach(function (card) {
    var svg = card.querySelector(".chart-figure svg");
    var button = card.querySelector("button.chart-png");
    if (!svg || !button || !window.HTMLCanvasElement || !window.URL || !window.Blob) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      toPng(svg, button.getAttribute("data-filename") || "chart.png", button);
    });
  });
})();
