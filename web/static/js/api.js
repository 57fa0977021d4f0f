// Reading the API, formatting its values, and building DOM without HTML
// strings (every value from the API goes in as text).

const memo = new Map(); // url → {at, promise}: a filter toggled back redraws at once
const MEMO_MS = 30_000;
const MEMO_MAX = 200;

/** An API answer other than 2xx, carrying the RFC 9457 problem. */
export class ProblemError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** The URL of path with the non-empty params as its query. */
export function apiURL(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one !== undefined && one !== null && one !== "") q.append(k, String(one));
    }
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** GET path as JSON; answers less than 30 s old come from memory unless fresh. */
export function getJSON(path, params = {}, { signal, fresh = false } = {}) {
  const url = apiURL(path, params);
  const hit = memo.get(url);
  if (!fresh && hit && performance.now() - hit.at < MEMO_MS) return hit.promise;
  const promise = fetch(url, { headers: { Accept: "application/json" }, signal }).then(async (res) => {
    if (!res.ok) {
      let problem = null;
      try { problem = await res.json(); } catch { /* not a problem document */ }
      throw new ProblemError(res.status, problem);
    }
    return res.json();
  });
  memo.set(url, { at: performance.now(), promise });
  promise.catch(() => memo.delete(url));
  if (memo.size > MEMO_MAX) memo.delete(memo.keys().next().value);
  return promise;
}

/** Forgets remembered answers, when new prices make them stale. */
export function forget(prefix = "") {
  for (const url of memo.keys()) if (url.startsWith(prefix)) memo.delete(url);
}

const moneyFormats = new Map();

/** "$59.95" from {amount, currency}; "—" for null. */
export function money(m) {
  if (!m) return "—";
  let f = moneyFormats.get(m.currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat(undefined, { style: "currency", currency: m.currency });
    } catch {
      f = { format: (n) => `${n} ${m.currency}` };
    }
    moneyFormats.set(m.currency, f);
  }
  return f.format(Number(m.amount));
}

/** A money's value in major units, for charts only (never for sums). */
export const major = (m) => (m ? Number(m.amount) : null);

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });

export const formatDateTime = (iso) => (iso ? dateTime.format(new Date(iso)) : "—");
export const formatTime = (iso) => (iso ? timeOnly.format(new Date(iso)) : "—");
export const count = (n) => (n === null || n === undefined ? "—" : Number(n).toLocaleString());

/** "5 min ago" from an RFC 3339 time, relative to now. */
export function ago(iso, now = Date.now()) {
  if (!iso) return "never";
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 172800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

/** A size in words from a variant's attributes. */
export function sizeOf(a = {}) {
  const parts = [];
  if (a.deck_width_in) parts.push(`${a.deck_width_in}″ deck`);
  if (a.wheel_diameter_mm) parts.push(`${a.wheel_diameter_mm} mm`);
  if (a.wheel_durometer) parts.push(a.wheel_durometer);
  if (a.truck_size) parts.push(`truck ${a.truck_size}`);
  if (a.shoe_size_us) parts.push(`US ${a.shoe_size_us}`);
  if (a.apparel_size) parts.push(a.apparel_size);
  return parts.join(", ") || "—";
}

export const availabilityWords = {
  in_stock: "In stock", out_of_stock: "Sold out", preorder: "Pre-order", backorder: "Backorder",
};

/**
 * el("td", {class: "num"}, "text", child...) builds an element; strings
 * become text nodes, attributes starting with "on" become listeners.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** A stock badge: its word always, its color as a second cue. */
export function stockBadge(inStock, availability) {
  const word = availabilityWords[availability] || (inStock ? "In stock" : "Sold out");
  return el("span", { class: `badge ${inStock ? "ok" : "bad"}` }, word);
}

/** An external link to a shop's page. */
export function shopLink(url, text) {
  return el("a", { href: url, rel: "noopener noreferrer external" }, text);
}

/** Shows or hides a view's error line. */
export function showError(node, err) {
  if (!err) {
    node.hidden = true;
    node.textContent = "";
    return;
  }
  node.hidden = false;
  node.textContent = err.status === 503
    ? "This part of the data is not available right now."
    : `Could not load the data: ${err.message}`;
}

/** Fills a <select> with options [{value, label}] after its first option, keeping the choice. */
export function fillSelect(select, options, value = select.value) {
  const first = select.options[0];
  select.replaceChildren(first, ...options.map((o) => el("option", { value: o.value }, o.label)));
  select.value = options.some((o) => o.value === value) ? value : "";
}
