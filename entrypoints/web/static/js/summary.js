// A window's headline numbers from series points, and their change against the window before.
import { h } from "./dom.js";
import { change, compound, count, share } from "./format.js";

export function totals(points) {
  const sum = { items: 0, positive: 0, neutral: 0, negative: 0, compoundSum: 0 };
  for (const p of points) {
    sum.items += p.items;
    sum.positive += p.positive;
    sum.neutral += p.neutral;
    sum.negative += p.negative;
    const scored = p.positive + p.neutral + p.negative;
    if (p.mean_compound !== null) sum.compoundSum += p.mean_compound * scored;
  }
  sum.scored = sum.positive + sum.neutral + sum.negative;
  sum.mean = sum.scored ? sum.compoundSum / sum.scored : null;
  return sum;
}

const pointsOf = (sum, label) => (sum && sum.scored ? (100 * sum[label]) / sum.scored : null);

// `previous` is null when the API's series do not reach back a whole window more.
export function headline(now, previous, { windowLabel }) {
  const against = !previous
    ? "no earlier window in the API's reach"
    : previous.items
      ? `vs the ${windowLabel} before`
      : `none in the ${windowLabel} before`;
  const figure = (term, value, delta) =>
    h(
      "div",
      { class: "figure" },
      h("dt", {}, term),
      h("dd", { class: "value" }, value),
      h("dd", { class: "change" }, delta ? `${delta} ${against}` : against),
    );
  const shareFigure = (label) =>
    figure(
      `${label[0].toUpperCase()}${label.slice(1)}`,
      share(now[label], now.scored),
      previous && change(pointsOf(now, label), pointsOf(previous, label), { unit: " pts" }),
    );
  return h(
    "div",
    { class: "headline-block" },
    h(
      "dl",
      { class: "headline" },
      figure(
        "Items",
        count(now.items),
        previous && change(now.items, previous.items, { unit: "%", relativeTo: true }),
      ),
      figure(
        "Mean compound",
        compound(now.mean),
        previous && change(now.mean, previous.mean, { digits: 2 }),
      ),
      ["positive", "neutral", "negative"].map(shareFigure),
    ),
    shareBar(now),
  );
}

// The label mix as one bar: each part named in text, patterned as well as coloured.
export function shareBar(sum) {
  if (!sum.scored) return null;
  const parts = ["positive", "neutral", "negative"].map((label) => {
    const width = (100 * sum[label]) / sum.scored;
    const part = h("span", { class: `share share-${label}` });
    part.style.width = `${width}%`;
    return part;
  });
  const text = ["positive", "neutral", "negative"]
    .map((label) => `${share(sum[label], sum.scored)} ${label}`)
    .join(", ");
  return h("p", { class: "sharebar-wrap" }, h("span", { class: "sharebar", "aria-hidden": "true" }, parts), h("span", { class: "sharebar-text" }, text));
}
