// The JSON API, from the page's own origin.

export class ApiError extends Error {
  constructor(path, status, detail) {
    super(`${path}: ${status} ${detail}`);
    this.path = path;
    this.status = status;
    this.detail = detail;
  }
}

export async function getJson(path, params = {}) {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(params)) {
    if (value !== "" && value !== null && value !== undefined) url.searchParams.set(name, value);
  }
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      detail = (await response.json()).detail ?? detail;
    } catch {
      // not JSON: keep the status text
    }
    throw new ApiError(path, response.status, detail);
  }
  return response.json();
}

// An endpoint this server does not have yet answers 404 without a body of ours.
export function missing(error) {
  return error instanceof ApiError && error.status === 404 && error.detail === "Not Found";
}
