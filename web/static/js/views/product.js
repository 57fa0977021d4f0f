// Product page: the listing's sizes, the offers of every shop selling the
// same product with the best price marked, and each variant's price
// history, extended live as price changes of this listing arrive.
import { availabilityWords, el, formatDateTime, getJSON, major, money, shopLink, showError, sizeOf, stockBadge } from "../api.js";
import { cap } from "../facets.js";
import { on } from "../live.js";
import { baseLayout, dashes, draw, loadPlotly, palette } from "../plot.js";

const $ = (id) => document.getElementById(id);
let shown = null;  // {product, traceOf: Map(variant id → trace index)} of the page on screen
let token = 0;     // the latest show(); older answers are dropped
let liveCount = 0;

/** The offer to point at: the cheapest in stock in the product's currency, else the cheapest. */
function bestOffer(offers, currency) {
  const priced = offers.filter((o) => o.price && (!currency || o.price.currency === currency));
  const pool = priced.some((o) => o.in_stock) ? priced.filter((o) => o.in_stock) : priced;
  return pool.reduce((best, o) => (!best || o.price.minor < best.price.minor ? o : best), null);
}

function renderOffers(p) {
  const best = bestOffer(p.offers, p.price?.currency);
  $("offers-table").tBodies[0].replaceChildren(...(p.offers.length ? p.offers.map((o) => {
    const isBest = o === best;
    return el("tr", { class: isBest ? "best" : null },
      el("th", { scope: "row" }, shopLink(o.url, o.shop_name || o.shop), isBest ? [" ", el("span", { class: "badge best" }, "Best price")] : null),
      el("td", {}, o.product_id === p.id ? o.title : el("a", { href: `#/product/${o.product_id}` }, o.title)),
      el("td", { class: "num" }, money(o.price)),
      el("td", { class: "num" }, o.discount_bp ? `${(o.discount_bp / 100).toFixed(0)} %` : "—"),
      el("td", {}, stockBadge(o.in_stock)),
      el("td", {}, o.match === "self" ? "this listing" : `${o.match} (${Math.round(o.score * 100)} %)`));
  }) : [el("tr", { class: "empty" }, el("td", { colspan: 6 }, "No shop offers it right now."))]));
}

function variantCells(v) {
  return [
    el("td", { class: "num" }, money(v.price)),
    el("td", { class: "num was" }, v.compare_at && v.discount_bp ? money(v.compare_at) : ""),
    el("td", {}, v.observed ? stockBadge(v.in_stock, v.availability) : "not seen yet"),
    el("td", { title: formatDateTime(v.price_since) }, formatDateTime(v.price_since)),
  ];
}

function renderVariants(p) {
  $("variants-table").tBodies[0].replaceChildren(...p.variants.map((v) => el("tr", { "data-variant": v.external_id },
    el("th", { scope: "row" }, v.title || v.external_id),
    el("td", {}, sizeOf(v.attributes)),
    ...variantCells(v))));
}

function variantLabel(v) {
  const size = sizeOf(v.attributes);
  return size !== "—" ? size : v.title || v.external_id;
}

async function renderHistory(p, h) {
  const select = $("history-form").elements.variant;
  const choice = select.value;
  select.replaceChildren(select.options[0], ...h.variants.map((v) => el("option", { value: v.external_id }, variantLabel(v))));
  select.value = h.variants.some((v) => v.external_id === choice) ? choice : "";
  const traceOf = new Map();
  const traces = h.variants.map((v, i) => {
    traceOf.set(v.external_id, i);
    const pts = v.points.filter((pt) => pt.price);
    const x = pts.map((pt) => pt.at);
    const y = pts.map((pt) => major(pt.price));
    if (pts.length) { // the last price holds until now
      x.push(h.to);
      y.push(y.at(-1));
    }
    return {
      name: variantLabel(v), x, y, mode: "lines+markers", line: { shape: "hv", color: palette[i % palette.length], dash: dashes[i % dashes.length], width: 2 },
      marker: { size: 5 }, visible: !select.value || select.value === v.external_id ? true : "legendonly",
      hovertemplate: `%{y:.2f} ${p.price?.currency || ""}<extra>${variantLabel(v)}</extra>`,
    };
  });
  await draw($("history-chart"), traces, baseLayout({ hovermode: "closest", yaxis: { title: { text: `Price (${p.price?.currency || "—"})` }, rangemode: "tozero", gridcolor: "#eaeef2", automargin: true } }));
  $("history-chart").setAttribute("aria-label", `Price history of ${h.variants.length} variants from ${formatDateTime(h.from)} to ${formatDateTime(h.to)}`);
  return traceOf;
}

async function load(id, fresh) {
  const mine = ++token;
  let p;
  let h;
  try {
    [p, h] = await Promise.all([
      getJSON(`api/v1/products/${encodeURIComponent(id)}`, {}, { fresh }),
      getJSON(`api/v1/products/${encodeURIComponent(id)}/history`, {}, { fresh }),
    ]);
  } catch (err) {
    if (mine === token) showError($("product-error"), err.status === 404 ? new Error("there is no such product") : err);
    return;
  }
  if (mine !== token) return;
  showError($("product-error"), null);
  $("h-product").textContent = p.title;
  document.title = `${p.title} · SkateStock`;
  $("product-meta").replaceChildren(`${p.brand || "Unknown brand"} · ${cap(p.category)} · `, shopLink(p.url, `at ${p.shop_name}`),
    p.price ? ` · from ${money(p.price)}` : "");
  renderOffers(p);
  renderVariants(p);
  shown = { product: p, traceOf: await renderHistory(p, h) };
}

/** Applies a live price change of the listing on screen. */
async function onPrice(ev) {
  const p = shown?.product;
  if (!p || ev.shop !== p.shop || ev.listing_id !== p.external_id || $("view-product").hidden) return;
  const v = p.variants.find((x) => x.external_id === ev.variant_id);
  if (v) {
    Object.assign(v, { price: ev.price, compare_at: ev.compare_at, discount_bp: ev.discount_bp, availability: ev.availability,
      in_stock: ev.availability !== "out_of_stock", observed: true, price_since: ev.observed_at });
    const row = $("variants-table").querySelector(`tr[data-variant="${CSS.escape(ev.variant_id)}"]`);
    row?.replaceChildren(...[...row.children].slice(0, 2), ...variantCells(v));
  }
  const i = shown.traceOf.get(ev.variant_id);
  if (i !== undefined && ev.price) {
    const Plotly = await loadPlotly();
    Plotly.extendTraces($("history-chart"), { x: [[ev.observed_at]], y: [[major(ev.price)]] }, [i]);
  }
  liveCount += 1;
  $("history-live").textContent = `${liveCount} live price change${liveCount === 1 ? "" : "s"} added: ` +
    `${v ? variantLabel(v) : ev.variant_id} now ${money(ev.price)} (${availabilityWords[ev.availability] || ev.availability}).`;
}

export default {
  init() {
    on("price", onPrice);
    // Missed changes: read the page again rather than show a gap.
    on("dropped", () => { if (shown && !$("view-product").hidden) load(shown.product.id, true); });
    $("history-form").addEventListener("change", () => {
      const choice = $("history-form").elements.variant.value;
      const node = $("history-chart");
      if (!node.data) return;
      loadPlotly().then((Plotly) => Plotly.restyle(node, {
        visible: node.data.map((_, i) => !choice || shown.traceOf.get(choice) === i ? true : "legendonly"),
      }));
    });
    $("history-form").addEventListener("submit", (e) => e.preventDefault());
  },
  show(id) {
    liveCount = 0;
    $("history-live").textContent = "";
    if (!shown || String(shown.product.id) !== id) {
      shown = null;
      $("h-product").textContent = "Product";
      for (const t of ["offers-table", "variants-table"]) $(t).tBodies[0].replaceChildren();
    }
    return load(id, false);
  },
};
