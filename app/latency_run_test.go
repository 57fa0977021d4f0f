package app

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// ceilingHandler is target (c): a bare echo router answering each path of
// the mix with the body serve gave for it, from memory, and nothing else
// (no middleware, no cache, no database).
func ceilingHandler(bodies map[string][]byte) http.Handler {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Logger.SetOutput(io.Discard)
	e.GET("/*", func(c echo.Context) error {
		body, ok := bodies[c.Request().RequestURI]
		if !ok {
			return echo.ErrNotFound
		}
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body)
	})
	return e
}

// endpointKind groups the mix's paths for the per-endpoint table.
func endpointKind(path string) string {
	switch {
	case strings.HasSuffix(path, "/history"):
		return "/products/{id}/history"
	case strings.HasPrefix(path, "/api/v1/deals"):
		return "/deals"
	case strings.HasPrefix(path, "/api/v1/stats"):
		return "/stats"
	}
	return "/products?…"
}

// endpointTimes are single-request latencies of one endpoint kind, the
// median over its paths of each path's median.
type endpointTimes struct {
	kind                     string
	baseline, miss, hit, mem time.Duration
}

// probeEndpoints times single requests, one at a time on an idle machine
// (as far as the benchmark goes): each distinct path of the mix on the
// baseline, on serve just after a cache invalidation (a miss: Postgres),
// on serve again (hits: Redis), and on the ceiling. It says where the time
// goes before load adds queueing.
func (lb *latencyBench) probeEndpoints(ctx context.Context, b *testing.B, rep *latencyReport) {
	b.Helper()
	client := &http.Client{}
	per := map[string]*[4][]time.Duration{}
	var kinds []string
	seen := map[string]bool{}
	for _, p := range lb.paths {
		if seen[p] {
			continue
		}
		seen[p] = true
		k := endpointKind(p)
		if per[k] == nil {
			per[k] = &[4][]time.Duration{}
			kinds = append(kinds, k)
		}
		per[k][0] = append(per[k][0], medianOf(ctx, b, client, lb.baseline+p, 3, ""))
		per[k][1] = append(per[k][1], lb.missLatency(ctx, b, client, p))
		per[k][2] = append(per[k][2], medianOf(ctx, b, client, lb.serve+p, 7, "HIT"))
		per[k][3] = append(per[k][3], medianOf(ctx, b, client, lb.ceiling+p, 7, ""))
	}
	for _, k := range kinds {
		t := endpointTimes{kind: k}
		for i, d := range []*time.Duration{&t.baseline, &t.miss, &t.hit, &t.mem} {
			*d = median(per[k][i])
		}
		rep.endpoints = append(rep.endpoints, t)
	}
}

// missLatency is the time of one request to serve that misses the cache:
// it invalidates the cache first. The invalidation reaches serve's copy of
// the cache generation by a push from Redis, so a request sent at once may
// still hit; it tries again until one misses.
func (lb *latencyBench) missLatency(ctx context.Context, b *testing.B, client *http.Client, path string) time.Duration {
	b.Helper()
	for attempt := 0; ; attempt++ {
		if err := lb.invalidate(ctx); err != nil {
			b.Fatal(err)
		}
		if !sleepFor(ctx, 5*time.Millisecond) {
			b.Fatal("hang guard")
		}
		d, xcache := timedGet(ctx, b, client, lb.serve+path)
		if xcache == "MISS" {
			return d
		}
		if attempt == 50 {
			b.Fatalf("GET %s: no cache miss after 50 invalidations", path)
		}
	}
}

// medianOf is the median time of n GETs of url after one untimed GET;
// with wantCache set, every timed answer must carry that X-Cache.
func medianOf(ctx context.Context, b *testing.B, client *http.Client, url string, n int, wantCache string) time.Duration {
	b.Helper()
	timedGet(ctx, b, client, url)
	var ds []time.Duration
	for range n {
		d, xcache := timedGet(ctx, b, client, url)
		if wantCache != "" && xcache != wantCache {
			b.Fatalf("GET %s: X-Cache %q, want %s", url, xcache, wantCache)
		}
		ds = append(ds, d)
	}
	return median(ds)
}

// timedGet is the time from sending GET url to the last byte of a 200.
func timedGet(ctx context.Context, b *testing.B, client *http.Client, url string) (time.Duration, string) {
	b.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("GET %s = %d, %v", url, resp.StatusCode, err)
	}
	return d, resp.Header.Get("X-Cache")
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// latencyRow is one target's load run.
type latencyRow struct {
	name, label string
	res         wrkResult
	hitRatio    float64 // of serve's cache during the run; -1 for the others
}

// load runs wrk against t: a warm-up, then the measured run, with
// t.during running beside both. For serve it reads the cache's hit ratio
// over the measured run from /metrics.
func (lb *latencyBench) load(ctx context.Context, b *testing.B, w wrkRun, t latencyTarget) latencyRow {
	b.Helper()
	row := latencyRow{name: t.name, label: t.label, hitRatio: -1}
	var wg sync.WaitGroup
	duringCtx, stop := context.WithCancel(ctx)
	if t.during != nil {
		wg.Go(func() { t.during(duringCtx) })
	}
	defer func() {
		stop()
		wg.Wait()
	}()
	if _, out, err := w.run(ctx, t.base, latencyWarmup); err != nil {
		b.Fatalf("%s warm-up: %v\n%s", t.name, err, out)
	}
	isServe := strings.HasPrefix(t.name, "b")
	var hit0, miss0 float64
	if isServe {
		hit0, miss0 = cacheLookups(ctx, b, t.base)
	}
	res, out, err := w.run(ctx, t.base, w.duration)
	if err != nil {
		b.Fatalf("%s: %v\n%s", t.name, err, out)
	}
	if isServe {
		hit1, miss1 := cacheLookups(ctx, b, t.base)
		if n := (hit1 - hit0) + (miss1 - miss0); n > 0 {
			row.hitRatio = (hit1 - hit0) / n
		}
	}
	if res.Errors > 0 || res.NonOK > 0 {
		b.Errorf("%s: %d socket errors and %d non-2xx answers under load; the numbers do not compare", t.name, res.Errors, res.NonOK)
	}
	row.res = res
	return row
}

// cacheLookups reads serve's response cache hits and misses from /metrics.
func cacheLookups(ctx context.Context, b *testing.B, base string) (hits, misses float64) {
	b.Helper()
	body, status := getBody(ctx, b, base+"/metrics")
	if status != http.StatusOK {
		b.Fatalf("GET /metrics = %d", status)
	}
	sc := bufio.NewScanner(strings.NewReader(string(body)))
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		n, err := strconv.ParseFloat(value, 64)
		if err != nil {
			continue
		}
		switch name {
		case `skatestock_api_cache_lookups_total{result="hit"}`:
			hits = n
		case `skatestock_api_cache_lookups_total{result="miss"}`:
			misses = n
		}
	}
	return hits, misses
}
