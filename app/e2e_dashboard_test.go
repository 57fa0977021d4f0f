package app

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/schema"
)

// TestDashboardInBrowser drives the dashboard of the real binary's serve
// in headless Chromium, over a seeded catalog: every chart draws data
// points, the brand filter changes what is plotted, the deals link to the
// shops, the product page lists its offers and history, and a price change
// sent through the pipeline (product-events → consume → price-updates →
// serve's stream) reaches the open page without a reload. Kafka runs in
// this process and is shared with serve and consume, so the test can
// publish into it. Screenshots land in $SKATESTOCK_TEST_ARTIFACTS.
func TestDashboardInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and drives a browser; skipped with -short")
	}
	chromium := chromiumPath(t)
	bin := buildBinary(t)
	// A guard against hangs only: each wait below has its own bound.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	busCfg := bus.DefaultConfig("")
	broker, err := bus.StartEmbedded(ctx, busCfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer broker.Close()
	busCfg = busCfg.WithBrokers(broker.Addrs())
	env := e2eEnv("SKATESTOCK_DATA_DIR="+t.TempDir(), "SKATESTOCK_KAFKA_BROKERS="+strings.Join(broker.Addrs(), ","),
		"SKATESTOCK_LOG_FORMAT=text")
	mustSucceed(t, runBin(t, bin, env, "migrate", "up"), "migrate up")
	// History ends before today: "products tracked today" starts at 0, and
	// the live price change makes it 1.
	end := time.Now().UTC().Truncate(24 * time.Hour).Add(-time.Hour).Format(time.RFC3339)
	mustSucceed(t, runBin(t, bin, env, "seed", "--products", "500", "--days", "14", "--end", end), "seed")

	srv := startServe(t, bin, env)
	resp, err := http.Get(srv.base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET / = %d: serve does not mount the dashboard (served.run must call c.mountDashboard)", resp.StatusCode)
	}
	stopConsume := startConsume(ctx, t, env)
	tab := openTab(ctx, t, chromium, srv.base)

	t.Run("overview", func(t *testing.T) { dashOverview(t, tab) })
	t.Run("trends", func(t *testing.T) { dashTrends(t, tab) })
	t.Run("heatmap", func(t *testing.T) { dashHeatmap(t, tab) })
	var productID int64
	t.Run("deals", func(t *testing.T) { productID = dashDeals(t, tab) })
	t.Run("product", func(t *testing.T) { dashProduct(t, tab, productID) })
	t.Run("live", func(t *testing.T) { dashLive(ctx, t, tab, env, busCfg, productID) })
	t.Run("keyboard and phone", func(t *testing.T) { dashKeyboardAndPhone(t, tab) })
	t.Run("policy", func(t *testing.T) { tab.checkConsole(t) })

	stopConsume()
	srv.stop(t)
}

// chromiumPath finds Debian's chromium; without it the test skips, unless
// SKATESTOCK_TEST_REQUIRE_SERVICES=1 makes that a failure.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("SKATESTOCK_TEST_REQUIRE_SERVICES") == "1" {
		t.Fatal("chromium is not installed (apt-get install chromium) and SKATESTOCK_TEST_REQUIRE_SERVICES=1")
	}
	t.Skip("chromium is not installed; the browser tests need it (apt-get install chromium)")
	return ""
}

// browserTab is one headless Chromium tab on the dashboard, with what its
// console said.
type browserTab struct {
	ctx       context.Context
	base      string
	artifacts string
	mu        sync.Mutex
	console   []chromedp.ConsoleMessage
}

func openTab(ctx context.Context, t *testing.T, chromium, base string) *browserTab {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	b := &browserTab{ctx: bctx, base: base, artifacts: artifactDir(t)}
	messages := chromedp.Console(bctx)
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		t.Fatalf("start chromium: %v", err)
	}
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, m)
			b.mu.Unlock()
		}
	}()
	return b
}

// artifactDir is where screenshots go: $SKATESTOCK_TEST_ARTIFACTS, else a
// temporary directory.
func artifactDir(t *testing.T) string {
	dir := os.Getenv("SKATESTOCK_TEST_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// visit goes to a route of the dashboard ("" is the overview).
func (b *browserTab) visit(t *testing.T, route string) {
	t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Navigate(b.base+"/"+route)); err != nil {
		t.Fatalf("navigate to %q: %v", route, err)
	}
}

// do runs steps in the tab.
func (b *browserTab) do(t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// waitFor polls a JavaScript condition until it holds, for at most d.
func (b *browserTab) waitFor(t *testing.T, what, cond string, d time.Duration) {
	t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(d),
		chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Fatalf("waiting for %s (%s): %v", what, cond, err)
	}
}

// evalJS runs a JavaScript expression and decodes its value.
func evalJS[T any](t *testing.T, b *browserTab, expr string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// shot saves a full-page screenshot as a test artifact.
func (b *browserTab) shot(t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(b.artifacts, "dashboard-"+name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", path)
}

// chartStats counts what Plotly drew in a chart: its traces, the marker
// points of its scatter traces and its heatmap images.
type chartStats struct {
	Traces int    `json:"traces"`
	Points int    `json:"points"`
	Images int    `json:"images"`
	FirstD string `json:"first_d"` // the first line's SVG path, to see it change
}

func chartOf(t *testing.T, b *browserTab, id string) chartStats {
	t.Helper()
	return evalJS[chartStats](t, b, fmt.Sprintf(`(() => {
		const g = document.getElementById(%q);
		return {
			traces: g.querySelectorAll(".scatterlayer .trace, .heatmaplayer .hm").length,
			points: g.querySelectorAll(".scatterlayer .trace .points path").length,
			images: g.querySelectorAll(".heatmaplayer image").length,
			first_d: g.querySelector(".scatterlayer .trace .js-line")?.getAttribute("d") || "",
		};
	})()`, id))
}

// choose picks value in a filter's <select> as a reader would, firing its
// change event.
func (b *browserTab) choose(t *testing.T, selector, value string) {
	t.Helper()
	b.do(t, "choose "+value, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const s = document.querySelector(%q);
		s.value = %q;
		s.dispatchEvent(new Event("change", {bubbles: true}));
	})()`, selector, value)))
}

// userTiming is the latest User Timing entry the dashboard recorded:
// a mark's start or a measure's duration, in milliseconds.
func userTiming(t *testing.T, b *browserTab, name string) float64 {
	t.Helper()
	return evalJS[float64](t, b, fmt.Sprintf(`(() => {
		const e = performance.getEntriesByName(%q).at(-1);
		return e ? (e.entryType === "mark" ? e.startTime : e.duration) : -1;
	})()`, name))
}

// consoleProbe is logged at the start so that checkConsole can tell the
// console was heard at all.
const consoleProbe = "skatestock-e2e-console-probe"

func dashOverview(t *testing.T, b *browserTab) {
	// The best of three loads counts: a machine busy with other tests
	// must not fail the test, a slow dashboard fails all three.
	var ready float64
	for try := 0; try < 3 && (try == 0 || ready < 0 || ready > 1000); try++ {
		b.visit(t, "")
		b.waitFor(t, "the first status", `document.getElementById("products-today").textContent !== "—"`, 15*time.Second)
		ready = userTiming(t, b, "skatestock:overview-ready")
		t.Logf("overview had its figures %.0f ms after navigation", ready)
	}
	if ready < 0 || ready > 1000 {
		t.Errorf("overview ready after %.0f ms at best, want within 1 s of load", ready)
	}
	b.do(t, "probe the console", chromedp.Evaluate[chromedp.Void](`console.info("`+consoleProbe+`")`))
	if got := evalJS[string](t, b, `document.getElementById("products-today").textContent`); got != "0" {
		t.Errorf("products tracked today = %q before any price of today, want 0", got)
	}
	b.waitFor(t, "the live indicator", `document.getElementById("live").dataset.state === "live"`, 10*time.Second)
	shops := evalJS[int](t, b, `document.querySelectorAll("#shops-table tbody tr").length`)
	lag := evalJS[int](t, b, `document.querySelectorAll("#lag-table tbody tr").length`)
	if shops < 5 || lag != 6 {
		t.Errorf("overview lists %d shops and %d lag partitions, want ≥5 and 6", shops, lag)
	}
	if dlq := evalJS[string](t, b, `document.getElementById("dlq-size").textContent`); dlq != "0" {
		t.Errorf("dead letters = %q, want 0", dlq)
	}
	b.shot(t, "overview")
}

func dashTrends(t *testing.T, b *browserTab) {
	b.visit(t, "#/trends")
	b.waitFor(t, "the trend chart", `document.querySelectorAll("#trends-chart .scatterlayer .trace .points path").length > 0`, 20*time.Second)
	before := chartOf(t, b, "trends-chart")
	if before.Traces != 2 || before.Points < 14 {
		t.Fatalf("trend chart %+v, want 2 traces (street and MSRP) with ≥14 points", before)
	}
	// As for the overview, the best of three brands counts for the time.
	brands := evalJS[[]string](t, b, `[...document.querySelector("#trends-form [name=brand]").options].slice(1, 4).map((o) => o.value)`)
	redraw := -1.0
	for i, brand := range brands {
		b.choose(t, "#trends-form [name=brand]", brand)
		b.waitFor(t, "the redraw for "+brand, fmt.Sprintf(`document.getElementById("trends-summary").textContent.startsWith(%q)`, brand), 10*time.Second)
		if after := chartOf(t, b, "trends-chart"); i == 0 && (after.Traces != 2 || after.Points == 0 || after.FirstD == before.FirstD) {
			t.Errorf("after choosing %s the chart is %+v, before %+v: the street price line should change", brand, after, before)
		}
		redraw = userTiming(t, b, "skatestock:trends-redraw")
		t.Logf("choosing %s redrew the chart in %.0f ms", brand, redraw)
		if redraw >= 0 && redraw <= 300 {
			break
		}
	}
	if redraw < 0 || redraw > 300 {
		t.Errorf("a filter change redrew in %.0f ms at best, want within 300 ms", redraw)
	}
	if hash := evalJS[string](t, b, `location.hash`); !strings.Contains(hash, "brand=") {
		t.Errorf("the filter should be in the address for sharing: %s", hash)
	}
	b.shot(t, "trends")
}

func dashHeatmap(t *testing.T, b *browserTab) {
	b.visit(t, "#/heatmap")
	b.waitFor(t, "the heatmap", `document.querySelectorAll("#heatmap-chart .heatmaplayer image").length > 0`, 20*time.Second)
	chart := chartOf(t, b, "heatmap-chart")
	cells := evalJS[int](t, b, `document.getElementById("heatmap-chart").data[0].z.flat().filter((v) => v !== null).length`)
	rows := evalJS[int](t, b, `document.querySelectorAll("#heatmap-table tbody tr").length`)
	if chart.Traces != 1 || chart.Images != 1 || cells == 0 || rows < 5 {
		t.Errorf("heatmap by week: %+v with %d cells of data and %d brand rows in its table, want one drawn heatmap, "+
			"cells and ≥5 rows", chart, cells, rows)
	}
	b.shot(t, "heatmap-week")
	b.do(t, "switch to categories", chromedp.Click(chromedp.CSS(`#heatmap-form input[value=category]`)))
	b.waitFor(t, "the category heatmap", `document.getElementById("heatmap-chart").data?.[0].x.includes("Decks")`, 10*time.Second)
	b.shot(t, "heatmap-category")
}

// dashDeals returns the first deal's product id.
func dashDeals(t *testing.T, b *browserTab) int64 {
	b.visit(t, "#/deals?discount_min=10")
	b.waitFor(t, "deals", `document.querySelectorAll("#deals-table tbody tr a[href^='#/product/']").length > 0`, 15*time.Second)
	type row struct {
		Product, Brand, Shop, Off string
	}
	read := func() []row {
		return evalJS[[]row](t, b, `[...document.querySelectorAll("#deals-table tbody tr")].map((tr) => ({
			Product: tr.cells[0].querySelector("a")?.getAttribute("href") || "", Brand: tr.cells[1].textContent,
			Shop: tr.cells[2].querySelector("a")?.href || "", Off: tr.cells[5].textContent }))`)
	}
	rows := read()
	for _, r := range rows {
		if !strings.HasPrefix(r.Shop, "http") || !strings.HasPrefix(r.Product, "#/product/") {
			t.Errorf("deal %+v should link to its product page and to the shop", r)
		}
		var off int
		if _, err := fmt.Sscanf(r.Off, "%d", &off); err != nil || off < 10 {
			t.Errorf("deal %+v is under the 10 %% minimum", r)
		}
	}
	brand := rows[0].Brand
	b.choose(t, "#deals-form [name=brand]", brand)
	b.waitFor(t, "deals of "+brand, fmt.Sprintf(`[...document.querySelectorAll("#deals-table tbody tr")].every((tr) => tr.cells[1].textContent === %q)`, brand), 10*time.Second)
	b.shot(t, "deals")
	var id int64
	if _, err := fmt.Sscanf(rows[0].Product, "#/product/%d", &id); err != nil {
		t.Fatalf("product link %q: %v", rows[0].Product, err)
	}
	return id
}

func dashProduct(t *testing.T, b *browserTab, id int64) {
	if id == 0 {
		t.Skip("no product: the deals test failed")
	}
	// Through the link, as a reader would: the page does not reload.
	b.do(t, "open the product", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#deals-table a[href="#/product/%d"]`, id))))
	b.waitFor(t, "offers and history", `document.querySelectorAll("#offers-table tbody tr").length > 0 &&
		document.querySelectorAll("#history-chart .scatterlayer .trace .points path").length > 0`, 15*time.Second)
	offers := evalJS[int](t, b, `document.querySelectorAll("#offers-table tbody tr").length`)
	best := evalJS[int](t, b, `document.querySelectorAll("#offers-table tr.best").length`)
	shopLinks := evalJS[int](t, b, `document.querySelectorAll("#offers-table tbody a[href^='http']").length`)
	variants := evalJS[int](t, b, `document.querySelectorAll("#variants-table tbody tr").length`)
	chart := chartOf(t, b, "history-chart")
	if offers == 0 || best != 1 || shopLinks < offers || variants == 0 || chart.Traces != variants || chart.Points == 0 {
		t.Errorf("product page: %d offers (%d best, %d shop links), %d variants, history %+v; want offers with one best, "+
			"a shop link each, and one history line per variant", offers, best, shopLinks, variants, chart)
	}
	b.shot(t, "product")
}

// dashLive sends a price change of the product on screen through the
// pipeline and watches the page take it in without reloading.
func dashLive(ctx context.Context, t *testing.T, b *browserTab, env []string, busCfg bus.Config, id int64) {
	if id == 0 {
		t.Skip("no product: the deals test failed")
	}
	db, serde := testSerde(ctx, t, env)
	p, err := db.Product(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := priceDrop(p)
	if err != nil {
		t.Fatal(err)
	}
	b.do(t, "mark the page", chromedp.Evaluate[chromedp.Void](`window.__sameDocument = true`))
	pointsBefore := chartOf(t, b, "history-chart").Points

	value, err := serde.Encode(ev)
	if err != nil {
		t.Fatal(err)
	}
	producer, err := bus.NewProducer(busCfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer producer.Close(ctx)
	sent := time.Now()
	rec := bus.Record{Topic: busCfg.Topics.ProductEvents, Key: []byte(ev.Shop), Value: value}
	if err := producer.Publish(ctx, []bus.Record{rec}); err != nil {
		t.Fatal(err)
	}

	b.waitFor(t, "the live point in the history", fmt.Sprintf(
		`document.querySelectorAll("#history-chart .scatterlayer .trace .points path").length > %d`, pointsBefore), 30*time.Second)
	t.Logf("the price change reached the product page %s after it was published", time.Since(sent).Round(time.Millisecond))
	price := catalog.Money{Amount: ev.PriceMinor, Currency: ev.Currency}.Decimal()
	row := evalJS[string](t, b, fmt.Sprintf(`document.querySelector('#variants-table tr[data-variant=%q]').textContent`, ev.VariantID))
	if !strings.Contains(row, price) {
		t.Errorf("variant row %q should show the new price %s", row, price)
	}
	b.shot(t, "product-live")

	b.do(t, "back to the overview", chromedp.Click(chromedp.CSS(`nav a[data-route=overview]`)))
	b.waitFor(t, "the live counters", `document.getElementById("price-count").textContent === "1" &&
		document.getElementById("products-today").textContent === "1" && document.querySelectorAll("#ticker tbody tr:not(.empty)").length === 1`,
		30*time.Second)
	if !evalJS[bool](t, b, `window.__sameDocument === true`) {
		t.Error("the page reloaded")
	}
	b.shot(t, "overview-live")
}

func dashKeyboardAndPhone(t *testing.T, b *browserTab) {
	b.visit(t, "")
	// Skip link, home link, Overview, Price trends: the fourth Tab reaches
	// the trends link, and Enter follows it.
	b.do(t, "tab to the trends link", chromedp.KeyEvent("\t"), chromedp.KeyEvent("\t"), chromedp.KeyEvent("\t"), chromedp.KeyEvent("\t"))
	if focused := evalJS[string](t, b, `document.activeElement.textContent`); focused != "Price trends" {
		t.Errorf("the fourth Tab focused %q, want the Price trends link", focused)
	}
	b.do(t, "follow it", chromedp.KeyEvent("\r"))
	b.waitFor(t, "the trends view by keyboard", `location.hash === "#/trends" && document.activeElement.id === "h-trends"`, 10*time.Second)

	// A phone in a tab of its own, sized before the page loads.
	ctx, cancel := chromedp.NewContext(b.ctx)
	defer cancel()
	phone := &browserTab{ctx: ctx, base: b.base, artifacts: b.artifacts}
	phone.do(t, "phone size", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	for _, route := range []string{"#/deals", ""} {
		phone.visit(t, route)
		phone.waitFor(t, "the page on a phone", `document.querySelector("main > .view:not([hidden]) tbody tr:not(.empty)") !== null`, 10*time.Second)
		// Wide tables scroll inside their own box; nothing else may stick
		// out (a phone would zoom the whole page out to fit it).
		if out := evalJS[[]string](t, phone, `[...document.querySelectorAll("body *")].filter((e) => e.offsetParent !== null &&
			!e.parentElement.closest(".scroll") && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
			.slice(0, 8).map((e) => e.tagName + "#" + e.id)`); len(out) > 0 {
			t.Errorf("on a 390 px wide phone %q has elements wider than the screen: %v", route, out)
		}
	}
	phone.shot(t, "overview-phone")
}

// checkConsole fails on what the page's console said about errors: uncaught
// exceptions, and anything the Content-Security-Policy refused.
func (b *browserTab) checkConsole(t *testing.T) {
	b.mu.Lock()
	defer b.mu.Unlock()
	heard := false
	for _, m := range b.console {
		heard = heard || strings.Contains(m.Text, consoleProbe)
		if m.IsException() || strings.Contains(m.Text, "Content Security Policy") || m.Type == chromedp.ConsoleError {
			t.Errorf("console %s at %s:%d: %s", m.Type, m.URL, m.Line+1, m.Text)
		}
	}
	if !heard {
		t.Error("the console probe was not heard: the console is not being read")
	}
}

// startConsume runs `skatestock consume` in this process until the
// returned stop is called.
func startConsume(ctx context.Context, t *testing.T, env []string) (stop func()) {
	t.Helper()
	cctx, cancel := context.WithCancel(ctx)
	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(cctx, []string{"consume"}, env, &stdout, &stderr, false) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if code := <-done; code != 0 {
				t.Errorf("consume exited with %d:\n%s", code, stderr.String())
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// testSerde opens the shared database and registers the schemas through a
// registry over it, as every command of the pipeline does.
func testSerde(ctx context.Context, t *testing.T, env []string) (database, *schema.Serde) {
	t.Helper()
	db, err := openStore(ctx, configFor(t, env), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	rs, err := registryStoreOf(db)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := startRegistry(ctx, rs, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = reg.close() })
	client, err := schema.NewClient(schema.ClientConfig{URLs: []string{reg.url}})
	if err != nil {
		t.Fatal(err)
	}
	serde, err := schema.Register(ctx, client, schema.DefaultTopics())
	if err != nil {
		t.Fatal(err)
	}
	return db, serde
}

// priceDrop is a product event for the listing's first priced variant,
// a little cheaper than now and observed now: a change point for ingest.
func priceDrop(p catalog.Product) (catalog.ProductEvent, error) {
	l := catalog.Listing{ShopSlug: p.ShopSlug, ExternalID: p.ExternalID, Handle: p.Handle, Title: p.Title,
		Brand: p.Brand, Category: p.Category, URL: p.URL, ImageURL: p.ImageURL, Tags: p.Tags}
	for _, v := range p.Variants {
		if !v.Observed || v.Price.Amount < 200 {
			continue
		}
		was := v.CompareAt
		if was.Amount <= v.Price.Amount {
			was = v.Price
		}
		o := catalog.PriceObservation{
			Variant:    catalog.VariantKey{ShopSlug: p.ShopSlug, ListingExternalID: p.ExternalID, VariantExternalID: v.ExternalID},
			ObservedAt: time.Now(), Price: catalog.Money{Amount: v.Price.Amount - 100, Currency: v.Price.Currency},
			CompareAt: was, Availability: catalog.InStock, SourceRun: "e2e-dashboard-live",
		}
		return catalog.NewProductEvent(l, v.Variant, o), nil
	}
	return catalog.ProductEvent{}, fmt.Errorf("product %d has no priced variant", p.ID)
}
