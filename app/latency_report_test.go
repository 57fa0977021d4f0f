package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// latencyReport is what BenchmarkLatency measured, and how.
type latencyReport struct {
	started               time.Time
	loadBefore, loadAfter string
	products              int
	duration              time.Duration
	wrkVersion, wrkArgs   string
	seedOutput            string
	seedTime, exportTime  time.Duration
	productsJSON          int64
	listQueries           int // listing paths of the mix
	listAgree             int // those on which baseline and serve list the same products
	endpoints             []endpointTimes
	rows                  []latencyRow
}

func (r *latencyReport) row(name string) latencyRow {
	for _, row := range r.rows {
		if row.name == name {
			return row
		}
	}
	return latencyRow{name: name}
}

// The markers of the benchmark's section in the file it writes.
const (
	benchSectionBegin = "<!-- bench-latency:begin (written by BenchmarkLatency; edits inside are overwritten) -->"
	benchSectionEnd   = "<!-- bench-latency:end -->"
)

// latencyCommand is what `make bench-latency` runs.
const latencyCommand = `SKATESTOCK_BENCH_WRITE=docs/benchmarks.md go test -run '^$' -bench BenchmarkLatency -benchtime 1x -timeout 60m ./app/`

func ms(d time.Duration) string {
	switch {
	case d == 0:
		return "–"
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func verdict(ok bool) string {
	if ok {
		return "**met**"
	}
	return "**missed**"
}

// markdown is the report as the section of docs/benchmarks.md.
func (r *latencyReport) markdown() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("%s\n## API latency: JSON files vs serve vs the in-memory ceiling\n\n", benchSectionBegin)
	w("Made by `make bench-latency`, that is\n`%s`\n(with `SKATESTOCK_TEST_POSTGRES_URL` and `SKATESTOCK_TEST_REDIS_URL` set), on %s: %s, %d CPUs, load average %s before and %s after (other work shared the machine; see the notes).\n\n",
		latencyCommand, r.started.Format("2006-01-02 15:04 MST"), runtime.Version(), runtime.NumCPU(), r.loadBefore, r.loadAfter)
	w("**Data.** `skatestock seed --products %d --days %d` into a new Postgres database (%s to seed):\n\n", r.products, latencyDays, r.seedTime.Round(time.Second))
	for _, line := range strings.Split(strings.TrimSpace(r.seedOutput), "\n") {
		if strings.HasPrefix(line, "generated") || strings.HasPrefix(line, "store holds") {
			w("    %s\n", line)
		}
	}
	w("\nThe baseline's files were exported from that database (%s): products.json (%.1f MB: every product with its variants' current prices, stock and sizes), shops.json and one history file per product.\n\n",
		r.exportTime.Round(time.Second), float64(r.productsJSON)/1e6)
	w("**Load.** %s, a separate process on loopback: `wrk %s` per target after a %s warm-up, one Lua script sending the same %d-request mix round-robin to all: 8 `/products` with filters (brand, discount, category, size, in_stock, q, price range, shop, sorts), 6 `/products/{id}/history`, 3 `/deals`, 3 `/stats`. No `Accept-Encoding`, so nobody gzips. On %d of %d listing queries the baseline lists exactly serve's products in serve's order.\n\n",
		r.wrkVersion, r.wrkArgs, latencyWarmup, 20, r.listAgree, r.listQueries)
	w("| target | req/s | p50 | p95 | p99 | max | requests | errors | cache hits |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, row := range r.rows {
		hits := "–"
		if row.hitRatio >= 0 {
			hits = fmt.Sprintf("%.1f%%", 100*row.hitRatio)
		}
		w("| %s | %.0f | %s | %s | %s | %s | %d | %d | %s |\n", row.label, row.res.RPS(), ms(row.res.P50), ms(row.res.P95),
			ms(row.res.P99), ms(row.res.Max), row.res.Requests, row.res.Errors+row.res.NonOK, hits)
	}
	a, s, db, c := r.row("a"), r.row("b"), r.row("b-db"), r.row("c")
	p99 := float64(s.res.P99) / float64(a.res.P99)
	rps := s.res.RPS() / c.res.RPS()
	w("\n**Targets** (reported, not asserted):\n\n")
	w("- p99 of (b) is %.2f%% of (a)'s (target ≤ 10%%): %s. With the cache taken away, (b)'s p99 is %.1f%% of (a)'s.\n", 100*p99, verdict(p99 <= 0.10), 100*float64(db.res.P99)/float64(a.res.P99))
	w("- (b) serves %.0f%% of (c)'s req/s with the cache warm (target ≥ 50%%): %s.\n", 100*rps, verdict(rps >= 0.5))
	if mem, quiet := r.row("b-mem"), r.row("b-quiet"); mem.res.Requests > 0 && quiet.res.Requests > 0 {
		w("- Diagnostics, (b) with one setting changed: the in-memory cache instead of Redis gives %.0f req/s (%.0f%% of (c)), no access log %.0f req/s (%.0f%% of (c)).\n",
			mem.res.RPS(), 100*mem.res.RPS()/c.res.RPS(), quiet.res.RPS(), 100*quiet.res.RPS()/c.res.RPS())
	}
	w("- The seed's claim of a 40%% latency cut: p50 falls by %.1f%% from (a) to (b) (%.1f%% with the cache taken away), and req/s grow %.0f×.\n\n",
		100*(1-float64(s.res.P50)/float64(a.res.P50)), 100*(1-float64(db.res.P50)/float64(a.res.P50)), s.res.RPS()/a.res.RPS())
	w("**Where the time goes.** Single requests one at a time (no queueing), median per endpoint; serve's miss is the first request after a cache invalidation (Postgres), its hit the requests after it (Redis):\n\n")
	w("| endpoint | (a) JSON files | (b) miss: Postgres | (b) hit: Redis | (c) memory |\n|---|---:|---:|---:|---:|\n")
	for _, e := range r.endpoints {
		w("| `%s` | %s | %s | %s | %s |\n", e.kind, ms(e.baseline), ms(e.miss), ms(e.hit), ms(e.mem))
	}
	w("\n%s\n", benchSectionEnd)
	return b.String()
}

// writeBenchSection puts section into the file at path: in place of the
// section written before, or at its end; the rest of the file is kept.
func writeBenchSection(path, section string) error {
	old, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		old = []byte("# Benchmarks\n")
	case err != nil:
		return err
	}
	text := string(old)
	if i := strings.Index(text, benchSectionBegin); i >= 0 {
		j := strings.Index(text[i:], benchSectionEnd)
		if j < 0 {
			return fmt.Errorf("%s: %q without %q", path, benchSectionBegin, benchSectionEnd)
		}
		text = text[:i] + strings.TrimSuffix(section, "\n") + text[i+j+len(benchSectionEnd):]
	} else {
		text = strings.TrimRight(text, "\n") + "\n\n" + section
	}
	return os.WriteFile(path, []byte(text), 0o644)
}

// TestLatencyBenchSection: the benchmark replaces its own section of the
// file it writes and keeps everything around it.
func TestLatencyBenchSection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "benchmarks.md")
	section := func(body string) string { return benchSectionBegin + "\n" + body + "\n" + benchSectionEnd + "\n" }
	if err := writeBenchSection(path, section("first")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	text := string(b) + "\nnotes by hand\n"
	if err := os.WriteFile(path, []byte("intro\n\n"+strings.TrimPrefix(text, "# Benchmarks\n\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeBenchSection(path, section("second")); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(path)
	want := "intro\n\n" + section("second") + "\nnotes by hand\n"
	if string(b) != want {
		t.Errorf("file after the second run:\n%q\nwant\n%q", b, want)
	}
}
