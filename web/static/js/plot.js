// Plotly, loaded the first time a chart is drawn so that the overview does
// not wait for it, and the look every chart shares.

/** Okabe-Ito, in the order series take them; distinguishable with every common color-vision deficiency. */
export const palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];
/** Dash patterns that go with the palette, so series differ by more than hue. */
export const dashes = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid", "dash"];
/** Cividis: a sequential scale readable with color-vision deficiencies, light (low) to dark (high). */
export const sequentialScale = [
  [0, "#fdea45"], [0.25, "#b5a66f"], [0.5, "#7c7b78"], [0.75, "#3f5a8a"], [1, "#00224e"],
];

let loading = null;

/** Resolves to window.Plotly, adding its script once. */
export function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!loading) {
    const src = document.querySelector('meta[name="plotly-src"]').content;
    loading = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = src;
      s.async = true;
      s.onload = () => resolve(window.Plotly);
      s.onerror = () => {
        loading = null;
        reject(new Error("the chart library did not load"));
      };
      document.head.append(s);
    });
  }
  return loading;
}

/** The layout every chart starts from. */
export function baseLayout(extra = {}) {
  return {
    margin: { l: 64, r: 16, t: 24, b: 48 },
    font: { family: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", size: 13, color: "#1b1f24" },
    paper_bgcolor: "#fff",
    plot_bgcolor: "#fff",
    hovermode: "x unified",
    legend: { orientation: "h", y: -0.18 },
    xaxis: { gridcolor: "#eaeef2", automargin: true },
    yaxis: { gridcolor: "#eaeef2", automargin: true, rangemode: "tozero" },
    ...extra,
  };
}

/**
 * The chart config: responsive, without the mode bar (its buttons are not
 * keyboard reachable, and it injects inline styles the page's policy refuses).
 */
export const chartConfig = { responsive: true, displayModeBar: false, displaylogo: false };

/** Draws (or redraws in place, which is much faster) a chart. */
export async function draw(node, traces, layout) {
  const Plotly = await loadPlotly();
  node.setAttribute("aria-busy", "false");
  await Plotly.react(node, traces, layout, chartConfig);
  return Plotly;
}

/** Marks a chart as waiting for data. */
export function busy(node) {
  node.setAttribute("aria-busy", "true");
}
