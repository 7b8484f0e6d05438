// Builds elements from data without innerHTML: Reddit texts are untrusted.

export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") element.className = value;
    else if (name === "dataset") Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

// Swaps a slot's content, keeping open whichever <details data-key> the reader opened.
export function fill(slot, ...children) {
  const open = new Set(
    [...slot.querySelectorAll("details[open][data-key]")].map((d) => d.dataset.key),
  );
  slot.replaceChildren();
  append(slot, children);
  for (const details of slot.querySelectorAll("details[data-key]")) {
    if (open.has(details.dataset.key)) details.open = true;
  }
  slot.removeAttribute("aria-busy");
}

export function link(href, text, attrs = {}) {
  return h("a", { href, ...attrs }, text);
}

export function external(href, text) {
  return h("a", { href, rel: "noopener noreferrer", target: "_blank" }, text);
}

export function query(path, params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== "" && value !== null && value !== undefined) search.set(name, value);
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
