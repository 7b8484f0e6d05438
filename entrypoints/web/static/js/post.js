// One post and a page of its comments, oldest first; the next page is a URL of its own.
import { ApiError, getJson } from "./api.js";
import { external, fill, h, link, query } from "./dom.js";
import { badge, count, time } from "./format.js";
import { postSummary } from "./posts.js";
import { attempt } from "./problem.js";

function comment(item) {
  return h(
    "li",
    { class: "comment", id: `c-${item.id}` },
    h("p", { class: "meta" }, badge(item.sentiment), " ", item.author ? `u/${item.author}` : "[deleted]", " · ", time(item.created_utc), " · ", `${count(item.score)} points`, item.removed ? ` · ${item.removed} on Reddit` : ""),
    h("p", { class: "text" }, item.body),
  );
}

export async function load(main) {
  const { postId, after } = main.dataset;
  const limit = Number(main.dataset.limit);
  // The page size stays in the URL only when it is not the default.
  const paged = (params) => query(`/posts/${postId}`, { ...params, limit: limit === 50 ? "" : limit });
  const postSlot = main.querySelector("#post");
  const commentsSlot = main.querySelector("#comments");
  return attempt(postSlot, async () => {
    let post;
    try {
      post = await getJson(`/api/v1/posts/${encodeURIComponent(postId)}`, {
        comments_limit: limit,
        comments_after: after,
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404 && error.detail !== "Not Found") {
        fill(postSlot, h("p", { class: "empty" }, `No post ${postId} is stored here: it may not be collected yet, or retention removed it.`));
        fill(commentsSlot);
        return;
      }
      throw error;
    }
    document.title = `${post.title} · redditpulse`;
    fill(
      postSlot,
      h("h1", {}, post.title || "(no title)"),
      postSummary(post),
      post.body ? h("p", { class: "text body" }, post.body) : null,
      h("p", { class: "links" }, external(post.permalink, "Open on Reddit")),
    );
    const pager = h(
      "nav",
      { class: "pager", "aria-label": "Comment pages" },
      after ? link(paged({}), "First page") : null,
      after && post.next_comments ? " · " : null,
      post.next_comments ? link(paged({ after: post.next_comments }), `Next ${limit} comments →`) : null,
    );
    fill(
      commentsSlot,
      post.comments.length
        ? h("ol", { class: "comments" }, post.comments.map(comment))
        : h("p", { class: "empty" }, after ? "No more comments." : "No comments are stored for this post."),
      pager,
    );
  });
}
