// Overview: sentiment and volume over time, in all and per watched subreddit.
import { getJson } from "./api.js";
import { drawCharts, sentimentFigure } from "./chart.js";
import { fill, h } from "./dom.js";
import { compound, count, share } from "./format.js";
import { headline, totals } from "./summary.js";
import { attempt } from "./problem.js";
import { nothingYet } from "./waiting.js";

const MAX_HOURS = 8760; // the longest series the API answers

// One series twice the window long gives both the window and the one before it.
async function windows(state, subreddit) {
  const hours = Math.min(2 * state.hours, MAX_HOURS);
  const series = await getJson("/api/v1/sentiment/timeseries", {
    subreddit,
    hours,
    bucket: state.bucket,
  });
  const size = state.bucket === "day" ? Math.round(state.hours / 24) : state.hours;
  const points = series.items;
  const now = points.slice(-size);
  const before = points.length >= 2 * size ? points.slice(-2 * size, -size) : null;
  return { now, before };
}

function caption(state, sum, where) {
  const unit = state.bucket === "day" ? "UTC day" : "hour";
  return (
    `${where}, last ${state.windowLabel}, items per ${unit} by sentiment label (bars) and ` +
    `mean VADER compound (dashed line, −1 to +1): ${count(sum.items)} items, ` +
    `${share(sum.positive, sum.scored)} positive, ${share(sum.neutral, sum.scored)} neutral, ` +
    `${share(sum.negative, sum.scored)} negative, mean compound ${compound(sum.mean)}.`
  );
}

async function renderTotal(main, state) {
  const slot = main.querySelector("#total");
  const where = state.subreddit ? `r/${state.subreddit}` : "All subreddits";
  const { now, before } = await windows(state, state.subreddit);
  const sum = totals(now);
  if (!sum.items) {
    fill(slot, await nothingYet(`no items in the last ${state.windowLabel}`));
    return;
  }
  fill(
    slot,
    headline(sum, before && totals(before), state),
    sentimentFigure(now, { bucket: state.bucket, key: "total", caption: caption(state, sum, where) }),
  );
}

async function renderSubreddit(slot, state) {
  const name = slot.dataset.subreddit;
  const { now, before } = await windows(state, name);
  const sum = totals(now);
  if (!sum.items) {
    fill(slot, h("p", { class: "empty" }, `No items from r/${name} in the last ${state.windowLabel}.`));
    return;
  }
  fill(
    slot,
    headline(sum, before && totals(before), state),
    sentimentFigure(now, { bucket: state.bucket, key: name, caption: caption(state, sum, `r/${name}`) }),
  );
}

// Cards near the screen load with the page; the others when scrolled to, so a page of
// many watched subreddits asks for a few series at first, not one per subreddit.
const shown = new WeakSet();
let observer = null;

function near(slot) {
  return slot.getBoundingClientRect().top < window.innerHeight + 300;
}

function lazily(slots, state) {
  observer?.disconnect();
  observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries.filter((e) => e.isIntersecting)) {
        const slot = entry.target;
        observer.unobserve(slot);
        shown.add(slot);
        attempt(slot, () => renderSubreddit(slot, state))
          .then(() => drawCharts(slot))
          .catch(() => {}); // the slot says what failed
      }
    },
    { rootMargin: "300px" },
  );
  for (const slot of slots) observer.observe(slot);
}

export async function load(main) {
  const state = {
    hours: Number(main.dataset.hours),
    bucket: main.dataset.bucket,
    windowLabel: main.dataset.windowLabel,
    subreddit: main.dataset.subreddit,
  };
  const slots = [...main.querySelectorAll("#per-subreddit .slot")];
  const now = slots.filter((slot) => shown.has(slot) || near(slot));
  for (const slot of now) shown.add(slot);
  lazily(slots.filter((slot) => !shown.has(slot)), state);
  return Promise.allSettled([
    attempt(main.querySelector("#total"), () => renderTotal(main, state)),
    ...now.map((slot) => attempt(slot, () => renderSubreddit(slot, state))),
  ]);
}
