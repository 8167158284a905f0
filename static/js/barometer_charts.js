/* Barometer charts: draws the charts described in the JSON of #barometer-charts (see barometer/charts.py).
 * Every figure drawn here is also in a table of the page, so the page reads without this script. */
(function () {
  "use strict";

  var source = document.getElementById("barometer-charts");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var specs = JSON.parse(source.textContent);
  // Brand teal, burnt orange, purple, green, brown, blue: distinct, and each at least 4.5:1 on white.
  var palette = ["#0b5563", "#b7410e", "#5a3e8e", "#1d6b35", "#8a4b08", "#0a58ca"];
  var lang = document.documentElement.lang || "fr";
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function format(value, unit) {
    if (value === null || value === undefined) {
      return "—";
    }
    if (unit === "percent") {
      return new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(value) + " %";
    }
    if (unit === "count") {
      return new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(value);
    }
    return new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value);
  }

  // Long labels (whole questions) are cut into lines so that the bars keep their room.
  // On a phone the lines are shorter, or the labels of the horizontal bars are cut at the left edge.
  function wrap(label, limit) {
    var words = String(label).split(" ");
    var lines = [];
    var line = "";
    words.forEach(function (word) {
      if (line && (line + " " + word).length > limit) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) {
      lines.push(line);
    }
    return lines.length > 1 ? lines : label;
  }

  specs.forEach(function (spec) {
    var canvas = document.getElementById(spec.canvas);
    if (!canvas) {
      return;
    }
    var horizontal = Boolean(spec.horizontal);
    var narrow = canvas.parentElement.clientWidth < 500;
    var valueAxis = horizontal ? "x" : "y";
    var scales = {};
    scales[valueAxis] = {
      beginAtZero: true,
      ticks: {
        precision: spec.unit === "count" ? 0 : undefined,
        callback: function (value) {
          return format(value, spec.unit);
        },
      },
    };
    if (spec.max) {
      scales[valueAxis].max = spec.max;
    }
    // Every answer keeps its label: skipped labels leave bars nobody can name.
    scales[horizontal ? "y" : "x"] = { ticks: { autoSkip: false } };
    var datasets = spec.datasets.map(function (dataset, index) {
      var colour = palette[index % palette.length];
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: colour,
        borderColor: colour,
        pointRadius: 4,
        spanGaps: true,
      };
    });
    var labels = spec.labels.map(function (label) {
      return wrap(label, narrow ? 16 : 38);
    });
    var aspectRatio = horizontal ? Math.max(1, 2.6 - spec.labels.length * 0.2) : 1.8;
    if (narrow) {
      // A phone gives wrapped labels the height they need: 18 px a line, room for the bars and the axes.
      var lines = labels.reduce(function (sum, label) {
        return sum + (Array.isArray(label) ? label.length : 1);
      }, 0);
      var height = horizontal ? Math.max(180, lines * 18 + spec.labels.length * datasets.length * 8 + 80) : 260;
      aspectRatio = canvas.parentElement.clientWidth / height;
    }
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        aspectRatio: aspectRatio,
        animation: reduceMotion ? false : { duration: 400 },
        plugins: {
          legend: { display: datasets.length > 1 },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.dataset.label + ": " + format(context.parsed[valueAxis], spec.unit);
              },
            },
          },
        },
        scales: scales,
      },
    });
  });
})();
