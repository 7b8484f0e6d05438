// Loads the page's view, then again on an interval (and on demand) without a reload.
import { getJson } from "./api.js";
import { drawCharts } from "./chart.js";
import { h } from "./dom.js";
import { clock } from "./format.js";
import { describe } from "./problem.js";

// `?refresh=N` (5..3600 seconds) in a page's URL changes how often it updates.
const asked = Number(new URLSearchParams(window.location.search).get("refresh"));
const REFRESH_SECONDS = asked >= 5 && asked <= 3600 ? asked : 60;
const VIEWS = {
  overview: () => import("./overview.js"),
  topics: () => import("./topics.js"),
  trending: () => import("./trending.js"),
  posts: () => import("./posts.js"),
  post: () => import("./post.js"),
  collection: () => import("./collection.js"),
};

const main = document.getElementById("main");
const updated = document.getElementById("updated");
const problems = document.getElementById("problems");
let loads = 0;
let running = null;

function report(errors) {
  const messages = [...new Set(errors.map(describe))];
  problems.replaceChildren(...messages.map((m) => h("p", { class: "failed" }, `⚠ ${m}`)));
}

async function refresh(view) {
  if (running) return running;
  running = (async () => {
    let errors = [];
    try {
      const settled = (await view.load(main)) ?? [];
      const outcomes = Array.isArray(settled) ? settled : [];
      errors = outcomes.filter((o) => o.status === "rejected").map((o) => o.reason);
    } catch (error) {
      errors = [error];
    }
    drawCharts(main);
    report(errors);
    loads += 1;
    // How long the page took to be usable: from navigation to its first data drawn.
    if (loads === 1) main.dataset.readyMs = String(Math.round(performance.now()));
    main.dataset.loads = String(loads);
    main.dataset.state = errors.length ? "failed" : "ready";
    updated.textContent = `Updated ${clock(new Date().toISOString())}, again every ${REFRESH_SECONDS} s`;
  })();
  try {
    await running;
  } finally {
    running = null;
  }
}

// Subreddits with stored data but not watched can be picked too.
async function moreSubreddits() {
  const select = document.getElementById("subreddit");
  if (!select) return;
  const listed = new Set([...select.options].map((o) => o.value.toLowerCase()));
  try {
    const found = await getJson("/api/v1/subreddits");
    for (const { name } of found.items) {
      if (!listed.has(name.toLowerCase())) select.append(new Option(`r/${name}`, name));
    }
  } catch {
    // the watched ones are there already
  }
}

async function start() {
  const view = await VIEWS[main.dataset.view]();
  await Promise.all([refresh(view), moreSubreddits()]);
  document.getElementById("refresh").addEventListener("click", () => refresh(view));
  let last = Date.now();
  setInterval(() => {
    if (document.hidden) return;
    last = Date.now();
    refresh(view);
  }, REFRESH_SECONDS * 1000);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && Date.now() - last > REFRESH_SECONDS * 1000) {
      last = Date.now();
      refresh(view);
    }
  });
}

start();
