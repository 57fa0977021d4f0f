// The single page: hash routes (#/, #/trends, #/heatmap, #/deals,
// #/product/ID, each with its filters as a query), one view shown at a
// time, the live stream shared by all.
import { forget } from "./api.js";
import { connect, on } from "./live.js";
import { parse } from "./route.js";
import { loadPlotly } from "./plot.js";
import overview from "./views/overview.js";
import trends from "./views/trends.js";
import heatmap from "./views/heatmap.js";
import deals from "./views/deals.js";
import product from "./views/product.js";

const views = { overview, trends, heatmap, deals, product };
let current = null;

function route() {
  // The skip link's "#main" is not a route: the view stays.
  if (location.hash && !location.hash.startsWith("#/")) return;
  const r = parse(location.hash);
  const view = views[r.name];
  for (const s of document.querySelectorAll("main > .view")) s.hidden = true;
  for (const a of document.querySelectorAll("nav a[data-route]")) {
    if (a.dataset.route === (r.name === "product" ? "deals" : r.name)) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  if (current && current !== view) current.hide?.();
  current = view || null;
  if (!view) {
    document.getElementById("view-missing").hidden = false;
    document.title = "Not found · SkateStock";
    return;
  }
  const section = document.getElementById(`view-${r.name}`);
  section.hidden = false;
  document.title = `${section.querySelector("h1").textContent} · SkateStock`;
  view.show(r.arg, r.params);
}

for (const h of document.querySelectorAll("main h1")) h.tabIndex = -1;
for (const v of Object.values(views)) v.init();
connect(document.getElementById("live"));
// New prices make remembered products and deals stale; the daily trend
// rollups are not.
on("price", () => {
  forget("api/v1/products");
  forget("api/v1/deals");
});
window.addEventListener("hashchange", () => {
  route();
  // A new view's heading is where a keyboard or screen-reader user continues.
  document.querySelector("main > .view:not([hidden]) h1")?.focus({ preventScroll: false });
});
route();
// Fetch the chart library while the reader looks at the overview.
(window.requestIdleCallback || setTimeout)(() => loadPlotly().catch(() => {}));
