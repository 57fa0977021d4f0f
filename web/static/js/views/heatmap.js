// Discount heatmap: mean discount per brand and week (or category), from
// the pre-aggregated rollups, as a chart and as a table for reading out.
import { el, getJSON, showError } from "../api.js";
import { cap } from "../facets.js";
import { baseLayout, busy, draw, sequentialScale } from "../plot.js";
import { setQuery } from "../route.js";

const $ = (id) => document.getElementById(id);
let form;
let pending = null;

const pct = (v) => (v == null ? "—" : `${v.toFixed(1)} %`);

async function refresh() {
  const by = new FormData(form).get("by") || "week";
  setQuery([["by", by]]);
  pending?.abort();
  pending = new AbortController();
  const chart = $("heatmap-chart");
  busy(chart);
  let h;
  try {
    h = await getJSON("api/v1/analytics/heatmap", { by }, { signal: pending.signal });
  } catch (err) {
    if (err.name !== "AbortError") showError($("heatmap-error"), err);
    return;
  }
  showError($("heatmap-error"), null);
  const columns = by === "category" ? h.columns.map(cap) : h.columns;
  const zmax = Math.max(1, ...h.values.flat().filter((v) => v != null));
  $("heatmap-max").textContent = `${zmax.toFixed(1)} %`;
  chart.style.height = `${Math.max(320, h.rows.length * 24 + 140)}px`;
  await draw(chart, [{
    type: "heatmap", x: columns, y: h.rows, z: h.values, customdata: h.counts,
    colorscale: sequentialScale, zmin: 0, zmax, showscale: false, hoverongaps: false, xgap: 1, ygap: 1,
    hovertemplate: "%{y} · %{x}<br>%{z:.1f} % off<br>%{customdata} variant-days<extra></extra>",
  }], baseLayout({
    hovermode: "closest",
    margin: { l: 120, r: 16, t: 16, b: 72 },
    xaxis: { type: "category", automargin: true, tickangle: by === "week" ? -45 : 0 },
    yaxis: { type: "category", automargin: true, autorange: "reversed" },
  }));
  chart.setAttribute("aria-label", `Mean discount of ${h.rows.length} brands by ${by}, ${h.from} to ${h.to}; the table below has the numbers`);

  $("heatmap-table").tHead.replaceChildren(el("tr", {},
    el("th", { scope: "col" }, "Brand"), ...columns.map((c) => el("th", { scope: "col", class: "num" }, c))));
  $("heatmap-table").tBodies[0].replaceChildren(...h.rows.map((r, i) => el("tr", {},
    el("th", { scope: "row" }, r),
    ...h.values[i].map((v, j) => el("td", { class: "num", title: `${h.counts[i][j]} variant-days` }, pct(v))))));
}

export default {
  init() {
    form = $("heatmap-form");
    form.addEventListener("change", refresh);
    form.addEventListener("submit", (e) => e.preventDefault());
  },
  show(_arg, params) {
    const by = params.get("by") === "category" ? "category" : "week";
    form.elements.by.value = by;
    return refresh();
  },
  hide() {
    pending?.abort();
  },
};
