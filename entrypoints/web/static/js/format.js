// Numbers, times (in the viewer's time zone) and sentiment badges.
import { h } from "./dom.js";

const number = new Intl.NumberFormat();
const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 0 });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

export const count = (n) => number.format(n);
export const share = (part, whole) => (whole ? percent.format(part / whole) : "–");

export function compound(value) {
  if (value === null || value === undefined) return "–";
  return (value > 0 ? "+" : value < 0 ? "−" : "") + Math.abs(value).toFixed(2);
}

export function localTime(iso, style = { dateStyle: "medium", timeStyle: "short" }) {
  return new Date(iso).toLocaleString(undefined, style);
}

export function clock(iso) {
  return new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

// Hour buckets in the viewer's zone; day buckets are UTC days, so named by their UTC date.
export function bucketLabel(iso, bucket) {
  if (bucket === "day") {
    return new Date(iso).toLocaleDateString(undefined, { dateStyle: "medium", timeZone: "UTC" });
  }
  return localTime(iso, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

export function time(iso) {
  if (!iso) return "–";
  return h("time", { datetime: iso, title: `${iso} (UTC)` }, localTime(iso));
}

export function fromNow(iso) {
  const seconds = (Date.parse(iso) - Date.now()) / 1000;
  const [value, unit] =
    Math.abs(seconds) < 90
      ? [Math.round(seconds), "second"]
      : Math.abs(seconds) < 5400
        ? [Math.round(seconds / 60), "minute"]
        : Math.abs(seconds) < 129600
          ? [Math.round(seconds / 3600), "hour"]
          : [Math.round(seconds / 86400), "day"];
  return relative.format(value, unit);
}

// Shape and word carry the label; colour (blue / grey / orange) only repeats it.
const MARKS = { positive: "▲", neutral: "●", negative: "▼" };

export function badge(sentiment) {
  if (!sentiment) return h("span", { class: "badge badge-none" }, "not scored");
  const { label } = sentiment;
  return h(
    "span",
    { class: `badge badge-${label}`, title: `VADER compound ${sentiment.compound}` },
    `${MARKS[label]} ${label} ${compound(sentiment.compound)}`,
  );
}

export function change(now, before, { unit = "", digits = 0, relativeTo = false } = {}) {
  if (before === null || before === undefined || now === null || now === undefined) return null;
  let delta = now - before;
  if (relativeTo) {
    if (!before) return null;
    delta = (delta / before) * 100;
  }
  const rounded = Number(delta.toFixed(digits));
  if (rounded === 0) return `= ${unit ? `0${unit}` : "no change"}`;
  const arrow = rounded > 0 ? "▲ up" : "▼ down";
  return `${arrow} ${Math.abs(rounded).toFixed(digits)}${unit}`;
}
