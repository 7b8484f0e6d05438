// A part of a page that could not load says so where it stands, and in the alert region.
import { ApiError, missing } from "./api.js";
import { fill, h } from "./dom.js";

export function describe(error) {
  if (missing(error)) return `${error.path} is not available on this server (an older version?).`;
  if (error instanceof ApiError) return `${error.path} answered ${error.status}: ${error.detail}`;
  return `The page failed: ${error.message ?? error}`;
}

// Runs `render` for `slot`; on failure the slot shows why, and the error goes on.
export async function attempt(slot, render) {
  try {
    return await render();
  } catch (error) {
    fill(slot, h("p", { class: "failed" }, "⚠ Not available: ", describe(error)));
    throw error;
  }
}
