// Posts: the newest, or the fastest growing, with sentiment badges.
import { getJson } from "./api.js";
import { external, fill, h, link } from "./dom.js";
import { badge, count, time } from "./format.js";
import { attempt } from "./problem.js";
import { nothingYet } from "./waiting.js";

export function postSummary(post) {
  return h(
    "p",
    { class: "meta" },
    badge(post.sentiment),
    " ",
    `r/${post.subreddit}`,
    " · ",
    post.author ? `u/${post.author}` : "[deleted]",
    " · ",
    time(post.created_utc),
    " · ",
    `${count(post.score)} points, ${count(post.num_comments)} comments`,
    post.removed ? ` · ${post.removed} on Reddit` : "",
  );
}

function item(post) {
  return h(
    "li",
    { class: "post" },
    h("h2", {}, link(`/posts/${post.id}`, post.title || "(no title)")),
    postSummary(post),
    h(
      "p",
      { class: "links" },
      post.growth
        ? `Growing by ${post.growth.score_per_hour.toFixed(1)} points and ${post.growth.comments_per_hour.toFixed(1)} comments an hour · `
        : null,
      external(post.permalink, "Open on Reddit"),
    ),
  );
}

export async function load(main) {
  const slot = main.querySelector("#posts");
  const { hours, subreddit, windowLabel, order } = main.dataset;
  return attempt(slot, async () => {
    const path = order === "top" ? "/api/v1/posts/top" : "/api/v1/posts/recent";
    const found = await getJson(path, { subreddit, hours, limit: order === "top" ? 20 : 50 });
    if (!found.items.length) {
      fill(slot, await nothingYet(`no posts in the last ${windowLabel}`));
      return;
    }
    fill(slot, h("ol", { class: "posts" }, found.items.map(item)));
  });
}
