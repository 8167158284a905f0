/* Radar of the maturity per pillar on the synthesis page (Chart.js); the figures are also in a table. */
(function () {
  "use strict";
  var source = document.getElementById("synthesis-radar-data");
  var canvas = document.getElementById("synthesis-radar");
  if (!source || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var palette = ["#0b5563", "#c45a00", "#5a3e8e", "#1d6b35", "#a3195b", "#0a58ca", "#6b5b00"];
  window.Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  window.Chart.defaults.color = "#212529";
  window.Chart.defaults.animation = false;
  new window.Chart(canvas, {
    type: "radar",
    data: {
      labels: data.labels,
      datasets: data.datasets.map(function (set, index) {
        var colour = palette[index % palette.length];
        return {
          label: set.label,
          data: set.values,
          borderColor: colour,
          backgroundColor: index === 0 ? colour + "33" : "transparent",
          borderWidth: index === 0 ? 3 : 1.5,
          borderDash: index === 0 ? [] : [5, 3],
          pointRadius: index === 0 ? 4 : 2,
          spanGaps: true,
        };
      }),
    },
    options: {
      maintainAspectRatio: false,
      scales: {
        r: {
          min: 0,
          max: data.max || 100,
          // Tick figures sit on a light backdrop, above the polygons, and pillar names are readable.
          ticks: { stepSize: 25, z: 1, font: { size: 11 }, backdropColor: "rgba(255, 255, 255, 0.85)" },
          pointLabels: { font: { size: 14, weight: "600" }, padding: 10 },
        },
      },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 18, padding: 14 } } },
    },
  });
})();
