// What to tell a reader when there is nothing to show yet: when the next cycle runs, or
// how to load history.
import { getJson } from "./api.js";
import { h } from "./dom.js";
import { clock, fromNow } from "./format.js";

export async function nothingYet(what) {
  let health = null;
  try {
    health = await getJson("/api/v1/health");
  } catch {
    // health is only advice here; the empty state stands without it
  }
  const next = health?.scheduler?.next_run_at;
  const when = next
    ? [`The next collection cycle runs at ${clock(next)} (${fromNow(next)}).`]
    : health && !health.scheduler?.running
      ? ["No process collects on this database: items arrive once ",
         h("code", {}, "redditpulse serve"), " or ", h("code", {}, "redditpulse scheduler"),
         " runs."]
      : [];
  return h(
    "div",
    { class: "empty" },
    h("p", {}, h("strong", {}, `No data yet: ${what}.`), " ", when),
    h(
      "p",
      {},
      "To see more than Reddit's listings reach (about 1,000 items), load history from archive dumps: ",
      h("code", {}, "redditpulse import ~/dumps"),
      " (see the README, “Load history”).",
    ),
  );
}
