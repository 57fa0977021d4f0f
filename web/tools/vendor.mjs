// Copies the pinned Plotly bundle from node_modules into vendor/ under a
// versioned name (vendor files are served with year-long caching, so a new
// version must be a new URL), and writes the stylesheet Plotly would
// otherwise inject as inline <style> rules, which the dashboard's
// Content-Security-Policy (style-src 'self') refuses. Run by `npm run vendor`
// after `npm ci`; `make web` does both.
import { copyFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";

const pkgDir = "node_modules/plotly.js-cartesian-dist-min";
const { version } = JSON.parse(readFileSync(`${pkgDir}/package.json`, "utf8"));
const js = `plotly-cartesian-${version}.min.js`;
const css = `plotly-${version}.css`;

for (const f of readdirSync("vendor")) {
  if (f.startsWith("plotly")) rmSync(`vendor/${f}`);
}
copyFileSync(`${pkgDir}/plotly-cartesian.min.js`, `vendor/${js}`);
copyFileSync(`${pkgDir}/LICENSE`, "vendor/plotly.LICENSE");
writeFileSync(`vendor/${css}`, plotlyCSS(readFileSync(`vendor/${js}`, "utf8")));

// index.html names both files; a new version must be named there too.
const index = readFileSync("index.html", "utf8");
const missing = [js, css].filter((f) => !index.includes(`vendor/${f}`));
if (missing.length > 0) {
  console.error(`index.html must reference ${missing.map((f) => "vendor/" + f).join(" and ")}`);
  process.exit(1);
}
console.log(`vendor/${js}\nvendor/${css}`);

// plotlyCSS finds the rule table Plotly feeds to addStyleRule at load
// ({"X,X div": "...", ...}, where X stands for ".js-plotly-plot .plotly"
// and Y for ".plotly-notifier") and writes it as a stylesheet.
function plotlyCSS(bundle) {
  const start = bundle.indexOf('{"X,X div":');
  if (start < 0) throw new Error("Plotly's style rule table was not found: the bundle changed shape");
  let depth = 0, quote = "", end = -1;
  for (let i = start; i < bundle.length && end < 0; i++) {
    const c = bundle[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) end = i + 1;
  }
  // The table is a literal of strings only: evaluating it runs no bundle code.
  const rules = new Function(`return ${bundle.slice(start, end)}`)();
  const lines = [`/* Plotly ${version}'s own rules, extracted by tools/vendor.mjs. */`];
  for (const [sel, body] of Object.entries(rules)) {
    const selector = sel.replace(/^,/, " ,").replace(/X/g, ".js-plotly-plot .plotly").replace(/Y/g, ".plotly-notifier");
    lines.push(`${selector}{${body}}`);
  }
  return lines.join("\n") + "\n";
}
