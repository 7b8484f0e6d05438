// Topics: each tracked topic's mentions and sentiment over time, and one topic's latest
// mentions with links to Reddit.
import { getJson } from "./api.js";
import { sentimentFigure } from "./chart.js";
import { external, fill, h, link, query } from "./dom.js";
import { badge, compound, count, share, time } from "./format.js";
import { attempt } from "./problem.js";
import { shareBar } from "./summary.js";

const NO_TOPICS = [
  h("p", {}, h("strong", {}, "No topics are tracked yet."), " A topic is a name and its aliases; items that mention it are counted here."),
  h("p", {}, "Add one in a TOML file named by ", h("code", {}, "TOPICS_FILE"), " (", h("code", {}, '[topics]  "Claude Code" = ["claude-code"]'), "), or with the admin API: ", h("code", {}, 'PUT /api/v1/admin/topics/{name}  {"aliases": [...]}'), "."),
];

function facts(topic, state) {
  const scored = topic.positive + topic.neutral + topic.negative;
  return [
    h(
      "p",
      { class: "facts" },
      `${count(topic.mentions)} mentions in the last ${state.windowLabel} (${count(topic.posts)} posts, ${count(topic.comments)} comments); mean compound ${compound(topic.mean_compound)}; `,
      `${share(topic.positive, scored)} positive, ${share(topic.negative, scored)} negative.`,
    ),
    topic.aliases.length ? h("p", { class: "aliases" }, "Aliases: ", topic.aliases.join(", ")) : null,
    topic.low_sample
      ? h("p", { class: "warning" }, `⚠ Low sample: ${count(topic.mentions)} mentions are too few (under 10) to read as a trend.`)
      : null,
    topic.matching === "running"
      ? h(
          "p",
          { class: "matching" },
          h("label", {}, "Matching stored history: ", h("progress", { max: 1, value: topic.progress }), ` ${share(topic.progress, 1)}`),
          " — counts grow until it is done.",
        )
      : null,
  ];
}

async function topicCard(topic, state) {
  const series = await getJson("/api/v1/sentiment/timeseries", {
    topic: topic.name,
    hours: state.hours,
    bucket: state.bucket,
  });
  const selected = topic.name.toLowerCase() === state.selected.toLowerCase();
  const heading = h("h2", {}, topic.name);
  const caption = `${topic.name}: mentions per ${state.bucket === "day" ? "UTC day" : "hour"} by sentiment label (bars) and mean compound (dashed line), last ${state.windowLabel}.`;
  return h(
    "section",
    { class: `card${selected ? " selected" : ""}`, dataset: { topic: topic.name } },
    heading,
    facts(topic, state),
    shareBar({ ...topic, scored: topic.positive + topic.neutral + topic.negative }),
    topic.mentions
      ? sentimentFigure(series.items, { bucket: state.bucket, key: `topic-${topic.name}`, caption })
      : h("p", { class: "empty" }, `No mentions in the last ${state.windowLabel}.`),
    link(`${query("/topics", { window: state.window, topic: topic.name })}#mentions`, `Latest mentions of ${topic.name}`),
  );
}

function mention(item) {
  const text = item.title ?? item.body ?? "";
  return h(
    "li",
    { class: "mention" },
    h("p", { class: "meta" }, badge(item.sentiment), " ", `r/${item.subreddit}`, " · ", item.kind, " · ", item.author ? `u/${item.author}` : "[deleted]", " · ", time(item.created_utc)),
    h("p", { class: "text" }, text.length > 280 ? `${text.slice(0, 280)}…` : text),
    h("p", { class: "links" }, external(item.permalink, "Open on Reddit"), " · ", link(`/posts/${item.post_id}`, "Post and comments here")),
  );
}

async function renderMentions(main, state, names) {
  const slot = main.querySelector("#mentions .slot");
  if (!names.length) {
    fill(slot, h("p", { class: "empty" }, "Mentions appear here once a topic is tracked."));
    return;
  }
  const chosen = names.find((n) => n.toLowerCase() === state.selected.toLowerCase()) ?? names[0];
  const detail = await getJson(`/api/v1/topics/${encodeURIComponent(chosen)}`, {
    hours: state.hours,
    recent: 20,
  });
  main.querySelector("#mentions-title").textContent = `Latest mentions of ${detail.name}`;
  fill(
    slot,
    detail.recent.length
      ? h("ol", { class: "mentions" }, detail.recent.map(mention))
      : h("p", { class: "empty" }, `${detail.name} has no mentions stored yet.`),
  );
}

export async function load(main) {
  const state = {
    hours: Number(main.dataset.hours),
    bucket: main.dataset.bucket,
    window: main.dataset.window,
    windowLabel: main.dataset.windowLabel,
    selected: main.dataset.topic,
  };
  const slot = main.querySelector("#topics");
  const mentionsSlot = main.querySelector("#mentions .slot");
  const listed = attempt(slot, async () => {
    const list = await getJson("/api/v1/topics", { hours: state.hours });
    if (!list.items.length) fill(slot, h("div", { class: "empty" }, NO_TOPICS));
    else fill(slot, await Promise.all(list.items.map((t) => topicCard(t, state))));
    return list.items.map((t) => t.name);
  });
  const mentions = listed.then(
    (names) => attempt(mentionsSlot, () => renderMentions(main, state, names)),
    () => fill(mentionsSlot, h("p", { class: "failed" }, "⚠ Not available: the topics did not load.")),
  );
  return Promise.allSettled([listed, mentions]);
}
