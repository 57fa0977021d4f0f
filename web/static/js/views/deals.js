// Deals: the biggest real discounts now, filtered by brand, category and
// a minimum discount, each linking to its product page and to the shop.
import { el, fillSelect, getJSON, money, shopLink, showError, stockBadge } from "../api.js";
import { loadFacets } from "../facets.js";
import { setQuery } from "../route.js";

const $ = (id) => document.getElementById(id);
const PAGE = 50;
let form;
let pending = null;
let next = null; // the cursor of the next page
let typing = 0;

function row(p) {
  const price = p.deal?.price || p.price;
  return el("tr", {},
    el("td", {}, el("a", { href: `#/product/${p.id}` }, p.title)),
    el("td", {}, p.brand || "—"),
    el("td", {}, shopLink(p.url, p.shop_name || p.shop)),
    el("td", { class: "num" }, money(price)),
    el("td", { class: "num was" }, money(p.deal?.compare_at)),
    el("td", { class: "num" }, `${p.discount_percent.toFixed(0)} %`),
    el("td", {}, stockBadge(p.in_stock)));
}

function query() {
  const f = Object.fromEntries(new FormData(form));
  const min = Number(f.discount_min);
  f.discount_min = Number.isFinite(min) && min > 0 ? String(Math.min(99, Math.floor(min))) : "";
  return f;
}

async function load(more) {
  const f = query();
  if (!more) setQuery(Object.entries(f));
  pending?.abort();
  pending = new AbortController();
  let page;
  try {
    page = await getJSON("api/v1/deals", { ...f, limit: PAGE, cursor: more ? next : "" }, { signal: pending.signal });
  } catch (err) {
    if (err.name !== "AbortError") showError($("deals-error"), err);
    return;
  }
  showError($("deals-error"), null);
  const body = $("deals-table").tBodies[0];
  const rows = page.items.map(row);
  if (more) body.append(...rows);
  else body.replaceChildren(...(rows.length ? rows : [el("tr", { class: "empty" }, el("td", { colspan: 7 }, "No deal matches these filters."))]));
  next = page.next_cursor;
  $("deals-more").hidden = !next;
}

export default {
  init() {
    form = $("deals-form");
    form.addEventListener("change", () => load(false));
    form.addEventListener("input", (e) => {
      if (e.target.name !== "discount_min") return;
      clearTimeout(typing);
      typing = setTimeout(() => load(false), 300);
    });
    form.addEventListener("submit", (e) => e.preventDefault());
    $("deals-more").addEventListener("click", () => load(true));
  },
  async show(_arg, params) {
    try {
      const fc = await loadFacets();
      fillSelect(form.elements.brand, fc.brands, params.get("brand") || "");
      fillSelect(form.elements.category, fc.categories, params.get("category") || "");
    } catch (err) {
      showError($("deals-error"), err);
    }
    if (params.has("discount_min")) form.elements.discount_min.value = params.get("discount_min");
    await load(false);
  },
  hide() {
    pending?.abort();
    clearTimeout(typing);
  },
};
