// Hash routes: "#/name/arg?filters".

/** {name, arg, params} of a hash such as "#/product/12?x=1". */
export function parse(hash) {
  const [path, query = ""] = hash.replace(/^#\/?/, "").split("?");
  const [name = "", arg = ""] = path.split("/");
  return { name: name || "overview", arg: decodeURIComponent(arg), params: new URLSearchParams(query) };
}

/** Writes a view's filters into the address without routing again, so a reload or a shared link keeps them. */
export function setQuery(entries) {
  const r = parse(location.hash);
  const base = `#/${r.name}${r.arg ? "/" + encodeURIComponent(r.arg) : ""}`;
  const q = new URLSearchParams(entries.filter(([, v]) => v !== "" && v != null)).toString();
  history.replaceState(null, "", q ? `${base}?${q}` : base);
}
