// ReDoc 2 always shows Redocly's logo from Redocly's CDN in its side menu ("API docs by
// Redocly"). Offline that is a failed request: the logo becomes an empty image instead,
// so the page asks nothing of any other host. Runs before ReDoc's bundle.
(() => {
  const CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";
  const EMPTY = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E";
  const local = (value) => (value === CDN_LOGO ? EMPTY : value);
  // React sets an image's src as a property; the attribute is covered too.
  const src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    ...src,
    set(value) {
      src.set.call(this, local(value));
    },
  });
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    return setAttribute.call(this, name, name === "src" ? local(value) : value);
  };
})();
