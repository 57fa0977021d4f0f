// Overview: today's figures, every shop's freshness and the pipeline's
// health, all pushed by the live stream (status every few seconds, price
// changes as they happen); nothing here polls.
import { ago, count, el, formatDateTime, formatTime, money, stockBadge } from "../api.js";
import { on } from "../live.js";

const TICKER_ROWS = 20;
const STALE_MS = 30_000;
let prices = 0;
let missed = 0;
let latest = null;

const $ = (id) => document.getElementById(id);

function setFigure(id, text) {
  const node = $(id);
  if (node.textContent === text) return;
  node.textContent = text;
  node.classList.remove("flash");
  void node.offsetWidth; // restart the animation
  node.classList.add("flash");
}

const resultBadge = {
  ok: ["ok", "OK"], incomplete: ["warn", "Incomplete"], failed: ["bad", "Failed"],
};

function renderStatus(s) {
  // User Timing: how long after navigation the overview had its figures.
  if (!latest) performance.mark("skatestock:overview-ready");
  latest = s;
  setFigure("products-today", count(s.products_today));
  setFigure("obs-rate", s.observations_per_minute == null ? "—" : Math.round(s.observations_per_minute).toLocaleString());
  $("obs-rate").title = s.observations_per_minute == null ? "Measuring: the rate needs two readings" : "";
  setFigure("dlq-size", count(s.dlq_size));
  $("lag-total").textContent = count(s.lag_total);

  const now = Date.parse(s.as_of);
  $("shops-table").tBodies[0].replaceChildren(...(s.shops.length ? s.shops.map((sh) => {
    const [cls, word] = resultBadge[sh.last_status] || ["", "Never scraped"];
    return el("tr", {},
      el("th", { scope: "row" }, sh.name || sh.slug),
      el("td", { title: formatDateTime(sh.last_success_at) }, ago(sh.last_success_at, now)),
      el("td", {}, el("span", { class: `badge ${cls}`, title: sh.last_message || null }, word)),
      el("td", { title: formatDateTime(sh.last_observed_at) }, ago(sh.last_observed_at, now)));
  }) : [el("tr", { class: "empty" }, el("td", { colspan: 4 }, "No shops yet."))]));

  const parts = Object.entries(s.lag || {}).sort((a, b) => Number(a[0]) - Number(b[0]));
  const most = Math.max(1, ...parts.map(([, n]) => n));
  $("lag-table").tBodies[0].replaceChildren(...(s.lag == null
    ? [el("tr", { class: "empty" }, el("td", { colspan: 2 }, "Kafka is not answering."))]
    : parts.map(([p, n]) => {
      const bar = el("span", { class: "bar", "aria-hidden": "true" });
      bar.style.width = `${Math.round((n / most) * 6)}rem`;
      return el("tr", {}, el("td", {}, p), el("td", { class: "num" }, count(n), bar));
    })));
  renderAsOf();
}

function renderAsOf() {
  if (!latest) return;
  const stale = Date.now() - Date.parse(latest.as_of) > STALE_MS;
  $("status-asof").textContent = `Status as of ${formatTime(latest.as_of)}${stale ? " (stale: the server has not refreshed it)" : ""}.` +
    (missed ? ` ${count(missed)} price changes were not shown: this browser fell behind.` : "");
}

function renderPrice(p) {
  prices += 1;
  setFigure("price-count", count(prices));
  const body = $("ticker").tBodies[0];
  body.querySelector("tr.empty")?.remove();
  body.prepend(el("tr", {},
    el("td", { title: formatDateTime(p.observed_at) }, formatTime(p.observed_at)),
    el("td", {}, p.shop),
    el("td", {}, p.listing_id),
    el("td", {}, p.variant_id),
    el("td", { class: "num" }, money(p.price)),
    el("td", { class: "num was" }, p.compare_at ? money(p.compare_at) : ""),
    el("td", {}, stockBadge(p.availability !== "out_of_stock", p.availability))));
  while (body.rows.length > TICKER_ROWS) body.lastElementChild.remove();
}

export default {
  init() {
    on("status", renderStatus);
    on("price", renderPrice);
    on("dropped", (d) => {
      missed += d.count;
      renderAsOf();
    });
    setInterval(renderAsOf, 10_000);
  },
  show() {},
};
