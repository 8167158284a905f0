/* Charts of the questionnaire results (Chart.js); every figure is also in a table next to its chart. */
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var palette = ["#0b5563", "#c45a00", "#5a3e8e", "#1d6b35", "#a3195b", "#0a58ca", "#6b5b00"];
  window.Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  window.Chart.defaults.color = "#212529";
  window.Chart.defaults.animation = false;

  function wrap(label) {
    var words = String(label).split(" ");
    var lines = [];
    var line = "";
    words.forEach(function (word) {
      if (line && (line + " " + word).length > 28) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) {
      lines.push(line);
    }
    return lines;
  }

  data.bars.forEach(function (bar) {
    var canvas = document.getElementById(bar.id);
    if (!canvas) {
      return;
    }
    var vertical = Boolean(bar.vertical);
    // Room for every bar (CSSOM property, allowed by the Content-Security-Policy).
    canvas.parentElement.style.height = (vertical ? 220 : Math.max(160, bar.labels.length * 38 + 40)) + "px";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: vertical ? bar.labels : bar.labels.map(wrap),
        datasets: [{ label: bar.label, data: bar.values, backgroundColor: palette[0] }],
      },
      options: {
        indexAxis: vertical ? "x" : "y",
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        // Every answer keeps its label (Chart.js would otherwise skip some when they are long).
        scales: vertical
          ? { x: { ticks: { autoSkip: false } }, y: { beginAtZero: true, ticks: { precision: 0 } } }
          : {
              x: { beginAtZero: true, max: bar.max || undefined, ticks: { precision: 0 } },
              y: { ticks: { autoSkip: false } },
            },
      },
    });
  });

  var radarCanvas = document.getElementById("chart-radar");
  if (radarCanvas && data.radar) {
    new window.Chart(radarCanvas, {
      type: "radar",
      data: {
        labels: data.radar.labels,
        datasets: data.radar.datasets.map(function (set, index) {
          var colour = palette[index % palette.length];
          return {
            label: set.label,
            data: set.values,
            borderColor: colour,
            backgroundColor: index === 0 ? colour + "33" : "transparent",
            borderWidth: index === 0 ? 3 : 1.5,
            pointBackgroundColor: colour,
            spanGaps: true,
          };
        }),
      },
      options: {
        // The box has a fixed height: a ratio-driven size shrinks when the page is resized for print.
        maintainAspectRatio: false,
        scales: { r: { min: 0, max: data.radar.max, ticks: { stepSize: 25, backdropColor: "transparent" } } },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }
})();
