// One chart kind: items per bucket stacked by label (bars) and the mean compound (line),
// with its numbers in a table beside it as the text alternative.
import { h } from "./dom.js";
import { bucketLabel, compound, count } from "./format.js";

// Blue / grey / orange: told apart with any colour vision, and never alone (legend, table).
export const COLOURS = { positive: "#2166ac", neutral: "#b0b0b0", negative: "#e66101" };
const MOOD = "#1a1a1a";
const charts = new Set();
const pending = new WeakMap(); // a chart's element -> what to draw in it

export function sentimentFigure(points, { bucket, key, caption }) {
  const plot = h("div", { class: "chart", role: "img", "aria-label": caption });
  const figure = h(
    "figure",
    { class: "sentiment-figure", dataset: { bucket } },
    plot,
    h("figcaption", {}, caption),
    numbers(points, bucket, key),
  );
  pending.set(plot, { points, bucket });
  return figure;
}

function numbers(points, bucket, key) {
  const rows = points.map((p) =>
    h(
      "tr",
      { dataset: { start: p.start } },
      h("th", { scope: "row" }, bucketLabel(p.start, bucket)),
      h("td", {}, count(p.items)),
      h("td", {}, count(p.positive)),
      h("td", {}, count(p.neutral)),
      h("td", {}, count(p.negative)),
      h("td", {}, compound(p.mean_compound)),
    ),
  );
  const head = ["Starts", "Items", "Positive", "Neutral", "Negative", "Mean compound"];
  return h(
    "details",
    { class: "numbers", dataset: { key: `numbers-${key}` } },
    h("summary", {}, "The numbers (table)"),
    h(
      "div",
      { class: "scroll" },
      h(
        "table",
        {},
        h("thead", {}, h("tr", {}, head.map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, rows.reverse()),
      ),
    ),
  );
}

// Draws the charts placed under `root` since the last call: uPlot needs the width the
// chart gets in the document. Charts a refresh replaced are let go.
export function drawCharts(root) {
  for (const plot of root.querySelectorAll(".chart:not([data-drawn])")) {
    const job = pending.get(plot);
    if (job) draw(plot, job.points, job.bucket);
    plot.dataset.drawn = "true";
  }
  tidy();
}

function draw(plot, points, bucket) {
  const xs = points.map((p) => Date.parse(p.start) / 1000);
  const pos = points.map((p) => p.positive);
  const neu = points.map((p) => p.neutral);
  const neg = points.map((p) => p.negative);
  const stackNeutral = pos.map((v, i) => v + neu[i]);
  const stackAll = stackNeutral.map((v, i) => v + neg[i]);
  const mood = points.map((p) => p.mean_compound);
  const bars = uPlot.paths.bars({ size: [0.8, 48], gap: 1 });
  const own = (values) => (u, v, s, i) => (i === null || i === undefined ? "–" : count(values[i]));
  const stacked = (label, values) => ({
    label,
    scale: "items",
    fill: COLOURS[label],
    stroke: COLOURS[label],
    width: 0,
    paths: bars,
    points: { show: false },
    value: own(values),
  });
  const options = {
    width: Math.max(240, plot.clientWidth),
    height: height(plot.clientWidth),
    // Drawn in this order, each over the last: the stack's top is drawn first.
    series: [
      {
        value: (u, ts) => (ts === null ? "–" : bucketLabel(new Date(ts * 1000).toISOString(), bucket)),
      },
      stacked("negative", neg),
      stacked("neutral", neu),
      stacked("positive", pos),
      {
        label: "mean compound",
        scale: "mood",
        stroke: MOOD,
        width: 2,
        dash: [6, 3],
        // Dots only where few: a year of days reads better as a line.
        points: { show: points.length <= 60, size: 5, fill: MOOD },
        value: (u, v) => compound(v),
      },
    ],
    scales: {
      x: { time: true },
      items: { range: (u, min, max) => [0, Math.max(1, max)] },
      mood: { range: [-1, 1] },
    },
    axes: [
      {},
      { scale: "items", label: "items", size: 50 },
      { scale: "mood", side: 1, label: "mean compound", grid: { show: false }, size: 50 },
    ],
    cursor: { drag: { x: false, y: false } },
    legend: { live: false }, // names only: the numbers are in the table below
  };
  if (bucket === "day") options.tzDate = (ts) => uPlot.tzDate(new Date(ts * 1000), "UTC");
  const chart = new uPlot(options, [xs, stackAll, stackNeutral, pos, mood], plot);
  charts.add(chart);
  plot.chart = chart;
  sizes.observe(plot);
}

const height = (width) => (width < 480 ? 180 : 230);

function tidy() {
  for (const chart of charts) {
    if (!chart.root.isConnected) {
      sizes.unobserve(chart.root.parentElement);
      chart.destroy();
      charts.delete(chart);
    }
  }
}

// A chart follows its box: the window's width, and a scrollbar that came with the data.
const sizes = new ResizeObserver((entries) => {
  for (const entry of entries) {
    const chart = entry.target.chart;
    const width = Math.max(240, Math.floor(entry.contentRect.width));
    if (chart && chart.width !== width) chart.setSize({ width, height: height(width) });
  }
});
