// Collection: what the collector did lately and what it will do next; failures plainly.
import { getJson } from "./api.js";
import { fill, h } from "./dom.js";
import { clock, count, fromNow, localTime, time } from "./format.js";
import { attempt } from "./problem.js";

const STATUS = { succeeded: "✔ succeeded", partial: "◐ partial", failed: "✖ failed", running: "… running" };

function status(value) {
  return h("span", { class: `status status-${value}` }, STATUS[value] ?? value);
}

// Each subreddit that failed in the listed cycles: how often, and the newest error.
function failures(cycles) {
  const seen = new Map();
  for (const cycle of cycles) {
    for (const error of cycle.errors) {
      const entry = seen.get(error.subreddit) ?? { times: 0, newest: null, at: null };
      entry.times += 1;
      entry.newest ??= error.error;
      entry.at ??= cycle.started_at;
      seen.set(error.subreddit, entry);
    }
  }
  return seen;
}

function failing(cycles) {
  const finished = cycles.filter((c) => c.status !== "running");
  const latest = finished[0];
  const seen = failures(finished);
  if (!seen.size) return null;
  const name = (subreddit) => (subreddit === "*" ? "All subreddits (rate limit)" : `r/${subreddit}`);
  return h(
    "section",
    { class: "alert", "aria-labelledby": "failing-title" },
    h("h2", { id: "failing-title" }, "⚠ Failing subreddits"),
    h(
      "ul",
      {},
      [...seen].map(([subreddit, entry]) =>
        h(
          "li",
          {},
          h("strong", {}, name(subreddit)),
          ` failed in ${entry.times} of the last ${finished.length} cycles`,
          latest.errors.some((e) => e.subreddit === subreddit) ? " (including the latest)" : "",
          ": ",
          h("span", { class: "error-text" }, entry.newest),
          " — ",
          time(entry.at),
        ),
      ),
    ),
  );
}

function now(health) {
  const next = health.scheduler.next_run_at;
  const last = health.last_cycle;
  const fact = (term, ...value) => h("div", {}, h("dt", {}, term), h("dd", {}, value));
  return [
    h(
      "p",
      { class: `overall overall-${health.status}` },
      health.status === "ok" ? "✔ All is well." : "⚠ Needs attention:",
    ),
    health.reasons.length ? h("ul", { class: "reasons" }, health.reasons.map((r) => h("li", {}, r))) : null,
    h(
      "dl",
      { class: "facts-grid" },
      fact(
        "Next run",
        next
          ? [h("time", { datetime: next }, `${clock(next)}`), ` (${fromNow(next)})`]
          : health.scheduler.running
            ? "not scheduled"
            : "no process collects",
      ),
      fact("Running cycle", health.running_cycle_id ?? "none"),
      fact(
        "Collector",
        health.collector.holder
          ? [h("code", {}, health.collector.holder), health.collector.here ? " (this process)" : ""]
          : "none: start redditpulse scheduler or serve",
      ),
      fact("Reddit", health.reddit.mode, health.reddit.missing_settings.length ? ` (missing ${health.reddit.missing_settings.join(", ")})` : ""),
      fact("Requests in the last cycle", health.reddit.requests_last_cycle ?? "–"),
      fact("Request budget left", health.reddit.budget_remaining ?? "– (not reported)"),
      fact("Last cycle", last ? [status(last.status), " ", time(last.started_at)] : "none yet"),
    ),
  ];
}

function gaps(cycle) {
  if (!cycle.gaps.length) return "none";
  return cycle.gaps.map((g, i) =>
    h("span", { class: "gap" }, i ? "; " : "", `${g.kind} of ${g.subreddits.map((s) => `r/${s}`).join(", ")}: ${localTime(g.start)} – ${localTime(g.end)}`),
  );
}

function cycleRow(cycle) {
  return h(
    "tr",
    {},
    h("th", { scope: "row" }, time(cycle.started_at)),
    h("td", {}, cycle.trigger),
    h("td", {}, status(cycle.status)),
    h("td", {}, cycle.duration_s === null ? "–" : `${cycle.duration_s.toFixed(1)} s`),
    h("td", {}, count(cycle.posts_collected)),
    h("td", {}, count(cycle.comments_collected)),
    h("td", {}, count(cycle.items_refreshed)),
    h("td", {}, count(cycle.requests_made)),
    h("td", {}, cycle.budget_remaining ?? "–"),
    h("td", {}, cycle.errors.length ? cycle.errors.map((e) => `${e.subreddit === "*" ? "all" : `r/${e.subreddit}`}: ${e.error}`).join("; ") : "none"),
    h("td", {}, gaps(cycle)),
  );
}

function cycleTable(cycles) {
  if (!cycles.length) return h("p", { class: "empty" }, "No cycle has run yet: the first runs at the time shown above.");
  const head = ["Started", "Trigger", "Status", "Took", "New posts", "New comments", "Refreshed", "Requests", "Budget left", "Errors", "Gaps"];
  return h(
    "div",
    { class: "scroll" },
    h(
      "table",
      { class: "cycles" },
      h("thead", {}, h("tr", {}, head.map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, cycles.map(cycleRow)),
    ),
  );
}

export async function load(main) {
  const health = getJson("/api/v1/health");
  const cycles = getJson("/api/v1/collections", { limit: 20 });
  return Promise.allSettled([
    attempt(main.querySelector("#now"), async () => fill(main.querySelector("#now"), now(await health))),
    attempt(main.querySelector("#cycles"), async () => {
      const items = (await cycles).items;
      fill(main.querySelector("#failing"), failing(items));
      fill(main.querySelector("#cycles"), cycleTable(items));
    }),
  ]);
}
