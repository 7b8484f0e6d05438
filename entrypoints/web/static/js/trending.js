// Trending: terms that rose over their baseline, with the posts they were used in.
import { getJson } from "./api.js";
import { fill, h, link } from "./dom.js";
import { compound, count } from "./format.js";
import { attempt } from "./problem.js";

const EMPTY = (label) => [
  h("p", {}, h("strong", {}, `Nothing trends in the last ${label}.`), " A term trends when many different authors use it far more than in the 7 days before; a new installation needs some days of history for that baseline."),
  h("p", {}, "Try a longer window, all subreddits, or load history with ", h("code", {}, "redditpulse import ~/dumps"), "."),
];

function row(term, rank) {
  return h(
    "tr",
    {},
    h("td", {}, count(rank)),
    h("th", { scope: "row" }, term.term),
    h("td", {}, term.score.toFixed(1)),
    h("td", {}, count(term.mentions)),
    h("td", {}, count(term.authors)),
    h("td", {}, term.expected.toFixed(1)),
    h("td", {}, compound(term.mean_compound)),
    h(
      "td",
      {},
      term.sample_post_ids.map((id, i) => [i ? ", " : "", link(`/posts/${id}`, `post ${i + 1}`, { "aria-label": `sample post ${i + 1} for ${term.term}` })]),
    ),
  );
}

export async function load(main) {
  const slot = main.querySelector("#trending");
  const { hours, subreddit, windowLabel } = main.dataset;
  return attempt(slot, async () => {
    const found = await getJson("/api/v1/trending", { subreddit, hours, limit: 20 });
    if (!found.items.length) {
      fill(slot, h("div", { class: "empty" }, EMPTY(windowLabel)));
      return;
    }
    const head = ["#", "Term", "Score (G²)", "Mentions", "Authors", "Expected", "Mean compound", "Sample posts"];
    fill(
      slot,
      h(
        "div",
        { class: "scroll" },
        h(
          "table",
          { class: "trending" },
          h("caption", {}, `The ${found.items.length} strongest rises of the last ${windowLabel}; “expected” is what the baseline predicts (authors counted once an hour).`),
          h("thead", {}, h("tr", {}, head.map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, found.items.map((term, i) => row(term, i + 1))),
        ),
      ),
    );
  });
}
