// Price trends: the daily mean street price against the mean MSRP
// (compare-at), from the pre-aggregated trend rollups; a filter change is
// one small request and an in-place redraw.
import { fillSelect, getJSON, major, showError } from "../api.js";
import { loadFacets } from "../facets.js";
import { baseLayout, busy, draw, palette } from "../plot.js";
import { setQuery } from "../route.js";

const $ = (id) => document.getElementById(id);
let form;
let pending = null; // the AbortController of the request in flight

/** The form's filters, with the combinations the API refuses ruled out. */
function filters() {
  const f = Object.fromEntries(new FormData(form));
  form.elements.brand.disabled = form.elements.category.disabled = f.shop !== "";
  form.elements.shop.disabled = f.brand !== "" || f.category !== "";
  return f;
}

async function refresh() {
  const f = filters();
  setQuery(Object.entries(f));
  pending?.abort();
  pending = new AbortController();
  const chart = $("trends-chart");
  busy(chart);
  const started = performance.now();
  let data;
  try {
    data = await getJSON("api/v1/analytics/trends", { group_by: "all", ...f }, { signal: pending.signal });
  } catch (err) {
    if (err.name === "AbortError") return;
    showError($("trends-error"), err);
    return;
  }
  showError($("trends-error"), null);
  const points = data.series[0]?.points || [];
  const days = points.map((p) => p.day);
  const traces = [
    {
      name: "Street price (mean)", x: days, y: points.map((p) => major(p.mean_price)),
      mode: "lines+markers", line: { color: palette[0], width: 3 }, marker: { symbol: "circle", size: 6 },
      hovertemplate: "%{y:.2f} " + (data.currency || "") + "<extra>street</extra>",
    },
    {
      name: "MSRP (mean compare-at)", x: days, y: points.map((p) => major(p.mean_compare_at)),
      mode: "lines+markers", line: { color: palette[1], width: 2, dash: "dash" }, marker: { symbol: "diamond", size: 7 },
      hovertemplate: "%{y:.2f} " + (data.currency || "") + "<extra>MSRP</extra>",
    },
  ];
  const title = [f.brand, f.category, f.shop].filter(Boolean).join(" · ") || "All products";
  await draw(chart, traces, baseLayout({
    yaxis: { title: { text: `Mean price (${data.currency || "—"})` }, gridcolor: "#eaeef2", automargin: true, rangemode: "tozero" },
  }));
  // User Timing: from the filter change to the redrawn chart.
  performance.measure("skatestock:trends-redraw", { start: started });
  chart.setAttribute("aria-label", `Price trend for ${title}, ${days.length} days, in ${data.currency || "no currency"}`);
  const last = points.at(-1);
  $("trends-summary").textContent = points.length === 0
    ? `No prices for ${title} in this period.`
    : `${title}, ${data.from} to ${data.to}: prices on ${days.length} days; on the last, ${last.variants} variants, ` +
      `mean discount ${last.mean_discount_percent.toFixed(1)} %, ${(last.on_sale_share * 100).toFixed(0)} % on sale. ` +
      `Drawn in ${Math.round(performance.now() - started)} ms.`;
}

export default {
  init() {
    form = $("trends-form");
    form.addEventListener("change", refresh);
    form.addEventListener("submit", (e) => e.preventDefault());
  },
  async show(_arg, params) {
    try {
      const fc = await loadFacets();
      fillSelect(form.elements.brand, fc.brands, params.get("brand") || "");
      fillSelect(form.elements.category, fc.categories, params.get("category") || "");
      fillSelect(form.elements.shop, fc.shops, params.get("shop") || "");
      fillSelect(form.elements.currency, fc.currencies, params.get("currency") || "");
    } catch (err) {
      showError($("trends-error"), err);
    }
    await refresh();
  },
  hide() {
    pending?.abort();
  },
};
