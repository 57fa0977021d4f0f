package app

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/api/apitest"
	"github.com/skatestock/skatestock/modules/cache"
	"github.com/skatestock/skatestock/modules/redistest"
	"github.com/skatestock/skatestock/modules/store/storetest"
)

// Settings of BenchmarkLatency.
const (
	// envBenchWrite names a file (relative to the repository root) into
	// which BenchmarkLatency writes its table, replacing its own section
	// and keeping the rest.
	envBenchWrite = "SKATESTOCK_BENCH_WRITE"
	// envLatencyProducts and envLatencyDuration shrink the run for a quick
	// try; the reported run uses the defaults.
	envLatencyProducts = "SKATESTOCK_BENCH_LATENCY_PRODUCTS" // default 5000
	envLatencyDuration = "SKATESTOCK_BENCH_LATENCY_DURATION" // per target, default 20s
)

// The load every target gets: one wrk thread (the machine has few cores,
// shared with the server) keeping latencyConnections requests in flight.
const (
	latencyThreads     = 1
	latencyConnections = 8
	latencyWarmup      = 3 * time.Second
	latencyDays        = 30
)

// BenchmarkLatency reproduces the seed's "40% latency cut" claim in one
// run on one seeded catalog (5,000 products × 30 days in a new Postgres
// database): wrk, a separate process on loopback, sends the same query
// mix (/products with filters, /products/{id}/history, /deals, /stats) to
//
//	(a) a baseline that reads and decodes JSON files exported from that
//	    catalog on every request and filters in Go (latency_baseline_test.go);
//	(b) the real binary's `skatestock serve` on that Postgres database with
//	    redis.url set (rate limits off), with its cache warm, and again
//	    with the cache invalidated every 10 ms (the database path);
//	(c) a bare echo handler answering (b)'s bodies from memory: the ceiling.
//
// It prints req/s and p50/p95/p99 of each side by side with the issue's
// targets (reported, not asserted): p99 of (b) at most 10% of (a)'s, and
// (b)'s req/s at least half of (c)'s. With SKATESTOCK_BENCH_WRITE set it
// writes the table into that file. It needs wrk, Postgres
// (SKATESTOCK_TEST_POSTGRES_URL) and Redis (SKATESTOCK_TEST_REDIS_URL),
// and skips without them. Run it with -benchtime 1x: one run is minutes.
func BenchmarkLatency(b *testing.B) {
	wrkBin, err := exec.LookPath("wrk")
	if err != nil {
		b.Skip("wrk is not installed (Debian: apt-get install wrk); the benchmark's load comes from it")
	}
	redistest.RedisOptions(b) // skips, or fails under SKATESTOCK_TEST_REQUIRE_SERVICES=1
	pgURL := storetest.PostgresDatabase(b)
	products := envInt(b, envLatencyProducts, 5000)
	duration := envDuration(b, envLatencyDuration, 20*time.Second)
	// The hang guard, cancelled after every cleanup: serve must be stopped
	// by SIGTERM, not killed with its context.
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	b.Cleanup(cancel)

	rep := &latencyReport{started: time.Now().UTC(), loadBefore: loadAverage(), products: products,
		duration: duration, wrkVersion: wrkVersion(wrkBin)}
	lb := setupLatencyBench(ctx, b, pgURL, products, rep)
	w := wrkRun{bin: wrkBin, threads: latencyThreads, connections: latencyConnections, duration: duration}
	if w.script, err = writeWrkScript(b.TempDir(), lb.paths); err != nil {
		b.Fatal(err)
	}
	rep.wrkArgs = strings.ReplaceAll(strings.Join(w.args("URL", duration), " "), w.script, filepath.Base(w.script))
	lb.checkAnswers(ctx, b, rep)
	lb.probeEndpoints(ctx, b, rep)
	for _, t := range lb.targets() {
		b.Logf("load: %s", t.label)
		if t.start != nil {
			var stop func(testing.TB)
			t.base, stop = t.start()
			rep.rows = append(rep.rows, lb.load(ctx, b, w, t))
			stop(b)
			continue
		}
		rep.rows = append(rep.rows, lb.load(ctx, b, w, t))
	}
	rep.loadAfter = loadAverage()

	table := rep.markdown()
	b.Log("\n" + table)
	if path := os.Getenv(envBenchWrite); path != "" {
		if !filepath.IsAbs(path) {
			path = filepath.Join("..", path) // the test runs in app/
		}
		if err := writeBenchSection(path, table); err != nil {
			b.Fatal(err)
		}
		b.Logf("wrote %s", path)
	}
	a, serve, ceiling := rep.row("a"), rep.row("b"), rep.row("c")
	b.ReportMetric(serve.res.RPS(), "serve_req/s")
	b.ReportMetric(float64(serve.res.P99)/float64(a.res.P99), "p99_serve/baseline")
	b.ReportMetric(serve.res.RPS()/ceiling.res.RPS(), "rps_serve/ceiling")
}

// latencyBench is the three targets over one seeded catalog.
type latencyBench struct {
	serve             string
	startServe        func(extraEnv ...string) (string, func(testing.TB)) // another serve on the same data
	baseline, ceiling string
	invalidate        func(context.Context) error
	paths             []string // the query mix, in wrk's order
	bodies            map[string][]byte
}

// latencyTarget is one thing the load is sent to.
type latencyTarget struct {
	name, label string
	base        string
	start       func() (string, func(testing.TB)) // starts the target, when it is not running
	during      func(ctx context.Context)         // runs while wrk does, if set
}

func (lb *latencyBench) targets() []latencyTarget {
	return []latencyTarget{
		{name: "a", label: "(a) baseline: JSON files read and decoded per request", base: lb.baseline},
		{name: "b", label: "(b) serve: Postgres + Redis, cache warm", base: lb.serve},
		{name: "b-db", label: "(b) serve, cache invalidated every 10 ms (database path)", base: lb.serve,
			during: func(ctx context.Context) {
				for sleepFor(ctx, 10*time.Millisecond) {
					_ = lb.invalidate(ctx)
				}
			}},
		// Diagnostics: (b) with one setting changed, to show where its time
		// goes under load.
		{name: "b-mem", label: "(b) diagnostic: in-memory cache instead of Redis",
			start: func() (string, func(testing.TB)) { return lb.startServe("SKATESTOCK_REDIS_URL=") }},
		{name: "b-quiet", label: "(b) diagnostic: Redis, no access log (log.level=warn)",
			start: func() (string, func(testing.TB)) { return lb.startServe("SKATESTOCK_LOG_LEVEL=warn") }},
		{name: "c", label: "(c) ceiling: bare echo, (b)'s bodies from memory", base: lb.ceiling},
	}
}

// setupLatencyBench builds the binary, migrates and seeds pgURL through
// it, exports the baseline's files and starts the three servers.
func setupLatencyBench(ctx context.Context, b *testing.B, pgURL string, products int, rep *latencyReport) *latencyBench {
	b.Helper()
	lb := &latencyBench{}
	dir := b.TempDir()
	bin := filepath.Join(dir, "skatestock")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	end := time.Now().UTC().Truncate(time.Hour)
	env := e2eEnv("SKATESTOCK_DATABASE_URL="+pgURL, "SKATESTOCK_DATA_DIR="+filepath.Join(dir, "data"), "SKATESTOCK_LOG_FORMAT=json")
	start := time.Now()
	runBinTB(ctx, b, bin, env, "migrate", "up")
	rep.seedOutput = runBinTB(ctx, b, bin, env, "seed", "--products", strconv.Itoa(products),
		"--days", strconv.Itoa(latencyDays), "--end", end.Format(time.RFC3339))
	rep.seedTime = time.Since(start)

	// The baseline's files, exported from the seeded database.
	cfg := defaultConfig()
	cfg.Database.URL = pgURL
	db, err := openStore(ctx, cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	start = time.Now()
	files := filepath.Join(dir, "baseline")
	if rep.productsJSON, err = exportBaseline(ctx, db, files, end.AddDate(0, 0, -latencyDays-1), end); err != nil {
		b.Fatalf("export baseline files: %v", err)
	}
	rep.exportTime = time.Since(start)
	_ = db.Close()
	lb.paths = latencyMix(b, files)
	lb.baseline = serveHTTP(b, baselineHandler{dir: files})

	// serve, as deployed, but for rate limits (the load comes from one IP)
	// and its logs going to a file.
	client := redistest.NewRedisClient(b, redistest.RedisOptions(b))
	rc, err := cache.NewRedis(cache.DefaultConfig(), client)
	if err != nil {
		b.Fatal(err)
	}
	lb.invalidate = rc.Invalidate
	// A shared Redis may hold answers of an earlier run under these keys.
	if err := lb.invalidate(ctx); err != nil {
		b.Fatal(err)
	}
	serveEnv := append(env, "SKATESTOCK_REDIS_URL="+os.Getenv(redistest.EnvRedisURL),
		"SKATESTOCK_RATE_LIMIT_IP_PER_MINUTE=0", "SKATESTOCK_RATE_LIMIT_KEY_PER_MINUTE=0",
		"SKATESTOCK_LOG_FILE="+filepath.Join(dir, "serve.log"))
	// Each serve has its own data directory: the embedded broker's is
	// locked by the process that runs it.
	lb.startServe = func(extraEnv ...string) (string, func(testing.TB)) {
		env := append(slices.Clone(serveEnv), "SKATESTOCK_DATA_DIR="+b.TempDir())
		return startServeTB(ctx, b, bin, append(env, extraEnv...))
	}
	lb.serve, _ = lb.startServe()
	return lb
}

// latencyMix is the query mix: 8 filtered listings, 6 histories, 3 deal
// pages and 3 /stats (40/30/15/15%), chosen from the exported catalog.
func latencyMix(b *testing.B, dir string) []string {
	b.Helper()
	var all []baseProduct
	if err := (baselineHandler{dir: dir}).readJSON("products.json", &all); err != nil {
		b.Fatal(err)
	}
	if len(all) < 12 {
		b.Fatalf("only %d products exported", len(all))
	}
	shop := all[0].Shop
	paths := []string{
		"/api/v1/products?brand=Independent&discount_min=20",
		"/api/v1/products?category=decks&size=8.25&in_stock=true",
		"/api/v1/products?q=spitfire+formula",
		"/api/v1/products?category=wheels&sort=price",
		"/api/v1/products?price_min=20&price_max=60&sort=-discount",
		"/api/v1/products?shop=" + shop + "&sort=-updated",
		"/api/v1/products?brand=Baker&brand=Girl&in_stock=true&sort=title",
		"/api/v1/products?limit=50",
	}
	for i := range 6 {
		paths = append(paths, "/api/v1/products/"+strconv.FormatInt(all[(2*i+1)*len(all)/12].ID, 10)+"/history")
	}
	return append(paths, "/api/v1/deals", "/api/v1/deals?category=decks", "/api/v1/deals?discount_min=15&limit=50",
		"/api/v1/stats", "/api/v1/stats", "/api/v1/stats")
}

// serveHTTP serves h on a loopback port until b ends and returns its URL.
func serveHTTP(b *testing.B, h http.Handler) string {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	b.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String()
}

// runBinTB runs the binary to completion and returns its stdout.
func runBinTB(ctx context.Context, b *testing.B, bin string, env []string, args ...string) string {
	b.Helper()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("skatestock %s: %v\n%s\n%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}

// startServeTB starts `skatestock serve` on a loopback port and returns
// its base URL once it listens, and how to stop it (SIGTERM, then a clean
// exit within the hang guard).
func startServeTB(ctx context.Context, b *testing.B, bin string, env []string) (string, func(testing.TB)) {
	b.Helper()
	cmd := exec.CommandContext(ctx, bin, "serve", "--http-addr", "127.0.0.1:0")
	cmd.Env = env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	urls, exited := make(chan string, 1), make(chan struct{})
	var waitErr error // set before exited is closed
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == "api" {
				urls <- strings.TrimSuffix(f[1], "/api/v1")
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		waitErr = cmd.Wait()
		close(exited)
	}()
	var once sync.Once
	stop := func(tb testing.TB) {
		once.Do(func() {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			<-exited
			if waitErr != nil {
				tb.Errorf("serve after SIGTERM: %v\n%s", waitErr, stderr.String())
			}
		})
	}
	select {
	case base := <-urls:
		b.Cleanup(func() { stop(b) })
		return base, stop
	case <-exited:
		b.Fatalf("serve exited before listening: %v\n%s", waitErr, stderr.String())
	case <-ctx.Done():
		b.Fatalf("serve did not listen\n%s", stderr.String())
	}
	return "", nil
}

// checkAnswers GETs every path of the mix from (a) and (b): both must
// answer 200, (b) as the spec says, and for listings the same products in
// the same order, so that the baseline does the same work. (b)'s bodies
// become (c)'s.
func (lb *latencyBench) checkAnswers(ctx context.Context, b *testing.B, rep *latencyReport) {
	b.Helper()
	v := apitest.ForURL(b, nil, lb.serve)
	lb.bodies = map[string][]byte{}
	for _, p := range lb.paths {
		if _, ok := lb.bodies[p]; ok {
			continue
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, lb.serve+p, nil)
		if err != nil {
			b.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body := v.Check(b, req, resp)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("serve GET %s = %d: %.300s", p, resp.StatusCode, body)
		}
		lb.bodies[p] = body
		base, status := getBody(ctx, b, lb.baseline+p)
		if status != http.StatusOK {
			b.Fatalf("baseline GET %s = %d: %.300s", p, status, base)
		}
		if strings.Contains(p, "/history") || strings.HasSuffix(p, "/stats") {
			continue
		}
		var sp, bp scnPage
		mustUnmarshal(b, body, &sp)
		mustUnmarshal(b, base, &bp)
		rep.listQueries++
		if slices.Equal(keysOf(sp.Items), keysOf(bp.Items)) && len(sp.Items) > 0 {
			rep.listAgree++
		} else {
			b.Logf("%s: serve lists %d products, the baseline %d, not the same", p, len(sp.Items), len(bp.Items))
		}
	}
	lb.ceiling = serveHTTP(b, ceilingHandler(lb.bodies))
}

func getBody(ctx context.Context, b *testing.B, url string) ([]byte, int) {
	b.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		b.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.Fatal(err)
	}
	return body, resp.StatusCode
}

func mustUnmarshal(b *testing.B, body []byte, v any) {
	b.Helper()
	if err := json.Unmarshal(body, v); err != nil {
		b.Fatalf("decode %.200s: %v", body, err)
	}
}

func envInt(b *testing.B, name string, def int) int {
	b.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 12 {
		b.Fatalf("%s=%q: want a whole number of at least 12", name, s)
	}
	return n
}

func envDuration(b *testing.B, name string, def time.Duration) time.Duration {
	b.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < time.Second {
		b.Fatalf("%s=%q: want a duration of at least 1s", name, s)
	}
	return d
}

// loadAverage is /proc/loadavg's first three fields, "" where there is none.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
