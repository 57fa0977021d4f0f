package app

import (
	"compress/gzip"
	"github.com/skatestock/skatestock/modules/catalog"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// e2eScrapeStore scrapes a shop of every platform into a fresh SQLite
// database: refused before migrate up, then the store holds what the
// summaries say, a second scrape adds no rows, and the lake holds every page
// fetched, gzip-compressed, under raw/shop=<slug>/date=<day>/.
func e2eScrapeStore(t *testing.T, bin string, env []string) {
	h := startSimulator(t, e2eProducts, nil)
	dataDir := t.TempDir()
	env = slices.Concat(env, []string{"SKATESTOCK_DATA_DIR=" + dataDir}) // the last one wins

	shop := h.shop(t, "shopify").Shop
	r := runBin(t, bin, env, adHocArgs(shop, "--allow-local")...)
	assertFailsOneLine(t, r, exitFailure, "scrape: check schema: database schema is older", "skatestock migrate up")
	mustSucceed(t, runBin(t, bin, env, "migrate", "up"), "migrate up")

	var listings, variants, pages int
	slugs := map[string]int{} // slug -> pages
	for _, p := range platforms() {
		shop := h.shop(t, p).Shop
		r := runBin(t, bin, env, adHocArgs(shop, "--allow-local")...)
		mustSucceed(t, r, "scrape "+string(p))
		s := parseSummary(t, r.stdout)
		if want := count(h.served(t, shop.Slug)); s.observations != want || s.errors != "none" {
			t.Errorf("%s: summary %q, want %d observations and no errors", p, s.line, want)
		}
		listings += s.listings
		variants += s.observations
		pages += s.pages
		slugs[s.shop] = s.pages
		held := summaryNumbers(t, r.stdout, `store holds\s+(\d+) shops, (\d+) listings, (\d+) variants, (\d+) price points`)
		if held != [4]int64{int64(len(slugs)), int64(listings), int64(variants), int64(variants)} {
			t.Errorf("after %s the store holds %v; want %d shops, %d listings, %d variants and as many price points",
				p, held, len(slugs), listings, variants)
		}
	}

	// Again: the same prices extend the change points already there.
	r = runBin(t, bin, env, adHocArgs(shop, "--allow-local")...)
	mustSucceed(t, r, "scrape again")
	held := summaryNumbers(t, r.stdout, `store holds\s+(\d+) shops, (\d+) listings, (\d+) variants, (\d+) price points`)
	if held != [4]int64{3, int64(listings), int64(variants), int64(variants)} || !strings.Contains(r.stdout, " 0 new change points") {
		t.Errorf("a second scrape changed the store: holds %v\n%s", held, r.stdout)
	}
	slugs[parseSummary(t, r.stdout).shop] += parseSummary(t, r.stdout).pages

	checkLake(t, filepath.Join(dataDir, "lake"), slugs)
	checkRunsRecorded(t, dataDir, slugs)
}

// checkRunsRecorded wants every scraped shop's latest run recorded as ok,
// as /stats and /readyz read it.
func checkRunsRecorded(t *testing.T, dataDir string, slugs map[string]int) {
	t.Helper()
	cfg := defaultConfig()
	cfg.DataDir = dataDir
	db, err := openStore(t.Context(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	statuses, err := db.ShopStatuses(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	recorded := 0
	for _, s := range statuses {
		if _, scraped := slugs[s.Slug]; !scraped {
			continue
		}
		recorded++
		if s.LastRun == nil || s.LastRun.Status != catalog.ScrapeOK || s.LastRun.Observations == 0 || s.LastSuccessAt.IsZero() {
			t.Errorf("shop %s: last run %+v, last success %v; want an ok run with observations", s.Slug, s.LastRun, s.LastSuccessAt)
		}
	}
	if recorded != len(slugs) {
		t.Errorf("%d of %d scraped shops have a status", recorded, len(slugs))
	}
}

// rawKey is the layout of a raw page in the lake.
var rawKey = regexp.MustCompile(`^raw/shop=([a-z0-9-]+)/date=\d{4}-\d{2}-\d{2}/\d{8}T\d{9}Z-[0-9a-f]{6}-\d{5}\.(json|html|xml|txt|bin)\.gz$`)

// checkLake wants exactly pages[slug] gzip pages per shop in the lake at dir.
func checkLake(t *testing.T, dir string, pages map[string]int) {
	t.Helper()
	got := map[string]int{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".attrs") {
			return err // fileblob keeps metadata in .attrs files beside each object
		}
		rel, _ := filepath.Rel(dir, path)
		m := rawKey.FindStringSubmatch(filepath.ToSlash(rel))
		if m == nil {
			t.Errorf("lake object %s is not raw/shop=<slug>/date=<day>/<run>-<seq>.<ext>.gz", rel)
			return nil
		}
		got[m[1]]++
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Errorf("%s: not gzip: %v", rel, err)
			return nil
		}
		if body, err := io.ReadAll(zr); err != nil || len(body) == 0 {
			t.Errorf("%s: %d bytes, %v", rel, len(body), err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !equalCounts(got, pages) {
		t.Errorf("lake holds pages per shop %v, want the pages the summaries counted %v", got, pages)
	}
}
