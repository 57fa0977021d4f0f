package app

import (
	"slices"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/shops"
)

// faultCase is one fault mode scraped on every platform.
type faultCase struct {
	fault string   // --fault value for every shop
	env   []string // extra settings
	// kinds: each platform's summary names at least one of these error or
	// problem kinds ("retries" for a retry count above zero).
	kinds map[catalog.Platform][]string
	// complete: every served variant is observed (less the bad prices).
	complete bool
	// fails: the runs fail (exit 1) because the first page cannot be read.
	fails bool
	// only limits the case to one platform.
	only catalog.Platform
}

// faultCases cover every mode of shops.FaultModes, with parameters that keep
// the runs short. The content modes spoil every second request, which a
// Shopify crawl of two pages needs; a JSON-LD crawl then loses its product
// sitemap, so two more cases spoil every third request to hit its product
// pages.
func faultCases() map[string]faultCase {
	all := func(kinds ...string) map[catalog.Platform][]string {
		return map[catalog.Platform][]string{"shopify": kinds, "woocommerce": kinds, "jsonld": kinds}
	}
	return map[string]faultCase{
		"slow":                    {fault: "slow:50ms", complete: true},
		"429":                     {fault: "429:5", complete: true, kinds: map[catalog.Platform][]string{"woocommerce": {"retries"}, "jsonld": {"retries"}}},
		"5xx":                     {fault: "5xx:2/10", complete: true, kinds: all("retries")},
		"malformed":               {fault: "malformed:2", kinds: all("parse", "bad_block")},
		"html":                    {fault: "html:2", kinds: all("content_type", "no_product")},
		"truncated":               {fault: "truncated:2", kinds: all("parse", "network", "bad_block", "retries")},
		"huge":                    {fault: "huge:2", kinds: all("too_large")},
		"redirect":                {fault: "redirect:2", kinds: all("redirect")},
		"badprice":                {fault: "badprice", complete: true, kinds: all("bad_price")},
		"malformed product pages": {fault: "malformed:3", only: "jsonld", kinds: all("bad_block", "parse")},
		"truncated product pages": {fault: "truncated:3", only: "jsonld", kinds: all("bad_block", "parse", "network", "retries")},
		// The first page fails: the run fails, the command exits 1.
		"html on every request": {fault: "html:1", fails: true, kinds: all("content_type")},
		"slower than the timeout": {fault: "slow:3s", fails: true, kinds: all("timeout"),
			env: []string{"SKATESTOCK_SCRAPE_REQUEST_TIMEOUT=200ms", "SKATESTOCK_SCRAPE_MAX_RETRIES=1"}},
	}
}

// e2eFaults scrapes every fault mode on every platform. Whatever the shop
// does, the run finishes what it can, its summary says what went wrong,
// the exit code is what the report says, and every line printed is a valid
// observation.
func e2eFaults(t *testing.T, bin string, env []string) {
	modes := map[shops.FaultMode]bool{}
	for name, fc := range faultCases() {
		f := allShops(t, fc.fault)["*"]
		for _, m := range f.Modes {
			modes[m] = true
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := startSimulator(t, e2eProducts, allShops(t, fc.fault))
			for _, p := range platforms() {
				if fc.only != "" && p != fc.only {
					continue
				}
				t.Run(string(p), func(t *testing.T) {
					t.Parallel()
					checkFaultRun(t, h, p, fc, runBin(t, bin, slices.Concat(env, fc.env), adHocArgs(h.shop(t, p).Shop, "--allow-local", "--dry-run")...))
				})
			}
		})
	}
	for _, m := range shops.FaultModes() {
		if !modes[m] {
			t.Errorf("fault mode %s is not exercised", m)
		}
	}
}

func checkFaultRun(t *testing.T, h *simHarness, p catalog.Platform, fc faultCase, r result) {
	if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ") {
		t.Fatalf("crashed:\n%s", r.stderr)
	}
	events := decodeEvents(t, r.stdout)
	s := parseSummary(t, r.stderr)
	t.Logf("exit %d: %s", r.code, s.line)
	switch {
	case s.failed == "" && r.code != exitOK, s.failed != "" && r.code != exitFailure:
		t.Errorf("exit code %d for a run the summary reports as failed=%q", r.code, s.failed)
	case fc.fails != (s.failed != ""):
		t.Errorf("run failed = %t, want %t: %s", s.failed != "", fc.fails, s.line)
	}
	if s.observations != len(events) {
		t.Errorf("summary counts %d observations, %d were printed", s.observations, len(events))
	}
	want := count(h.served(t, h.shop(t, p).Shop.Slug))
	switch badPrices := kindCount(s.problems, "bad_price"); {
	case fc.complete && len(events) != want-badPrices:
		t.Errorf("%d observations, want %d served less %d bad prices", len(events), want, badPrices)
	case len(events) > want:
		t.Errorf("%d observations of %d served variants", len(events), want)
	}
	if kinds := fc.kinds[p]; len(kinds) > 0 && !namesAny(s, kinds) {
		t.Errorf("summary %q names none of %v", s.line, kinds)
	}
	if fc.fails {
		lastErr := lastLine(r).stderr
		if !strings.HasPrefix(lastErr, "skatestock: scrape ") || !namesAny(runSummary{errors: lastErr}, fc.kinds[p]) {
			t.Errorf("error line %q should name the shop and the failure kind", lastErr)
		}
	}
}

// namesAny reports whether the summary counts one of kinds among its errors
// or problems, or retried ("retries").
func namesAny(s runSummary, kinds []string) bool {
	for _, k := range kinds {
		if k == "retries" && s.retries > 0 || strings.Contains(s.errors+", "+s.problems, k) {
			return true
		}
	}
	return false
}

// kindCount reads kind's count from "a=1, b=2".
func kindCount(list, kind string) int {
	for item := range strings.SplitSeq(list, ", ") {
		if k, n, ok := strings.Cut(item, "="); ok && k == kind {
			v := 0
			for _, c := range strings.ReplaceAll(n, ",", "") {
				v = v*10 + int(c-'0')
			}
			return v
		}
	}
	return 0
}

// e2eScrapeBadInput: flags that make no sense are usage errors, exit 2 with
// one line naming the flag, before any shop is contacted.
func e2eScrapeBadInput(t *testing.T, bin string, env []string) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"scrape"}, []string{"say which shops to scrape: --shop NAME (repeatable), --all, or --url"}},
		{[]string{"scrape", "--profile", "local", "--shop", "nope"}, []string{`--shop "nope": profile "local" of`, "has no such shop; it has ridgeline-skate-supply, maple-leaf-skate"}},
		{[]string{"scrape", "--shop", "labor", "--all"}, []string{"--shop and --all exclude each other"}},
		{[]string{"scrape", "--all", "--profile", "staging"}, []string{`shops profile "staging" does not exist; the file has default, local`}},
		{[]string{"scrape", "--all", "--shops-file", "/nonexistent/shops.yaml"}, []string{"load shops file: open /nonexistent/shops.yaml"}},
		{[]string{"scrape", "--url", "https://shop.example", "--platform", "magento"}, []string{`--platform "magento": must be shopify, woocommerce or jsonld`}},
		{[]string{"scrape", "--url", "https://shop.example"}, []string{"--url needs --platform"}},
		{[]string{"scrape", "--url", "ftp://shop.example", "--platform", "shopify"}, []string{`--url "ftp://shop.example": must be the http(s) URL of a storefront`}},
		{[]string{"scrape", "--url", "shop.example", "--platform", "shopify"}, []string{`--url "shop.example": must be the http(s) URL`}},
		{[]string{"scrape", "--url", "https://shop.example/collections/decks", "--platform", "shopify"}, []string{"--url: shop shop-example: base_url", "the storefront root only"}},
		{[]string{"scrape", "--url", "http://shop.example", "--platform", "shopify"}, []string{"an https URL"}},
		{[]string{"scrape", "--url", "https://shop.example", "--platform", "shopify", "--currency", "EURO"}, []string{"--url: shop shop-example: currency", "ISO 4217"}},
		{[]string{"scrape", "--url", "https://shop.example", "--platform", "shopify", "--rate-limit", "50"}, []string{"--rate-limit 50: must be requests per second above 0 and at most 10"}},
		{[]string{"scrape", "--shop", "labor", "--url", "https://shop.example", "--platform", "shopify"}, []string{"--url names a shop of its own; it cannot be combined with --shop or --all"}},
		{[]string{"scrape", "--profile", "local", "--url", "https://shop.example", "--platform", "shopify"}, []string{"--profile picks shops of the shops file"}},
		{[]string{"scrape", "--all", "--currency", "EUR"}, []string{"--currency describes the shop of --url"}},
		{[]string{"scrape", "--all", "--allow-local"}, []string{"--allow-local describes the shop of --url"}},
		{[]string{"scrape", "--all", "--dry-run", "--output", "csv"}, []string{`--output "csv": the only format is jsonl`}},
		{[]string{"scrape", "--all", "--output", "jsonl"}, []string{"--output applies to --dry-run"}},
		{[]string{"scrape", "--all", "--max-retries", "11"}, []string{"config: scrape.max_retries = 11: must be between 0 and 10"}},
		{[]string{"shops", "serve", "--speed", "0"}, []string{"--speed 0: must be simulated seconds per real second"}},
		{[]string{"shops", "serve", "--listen", "0.0.0.0"}, []string{`--listen "0.0.0.0": must be a loopback address`}},
		{[]string{"shops", "serve", "--base-port", "70000"}, []string{"--base-port 70000: must be a port"}},
		{[]string{"shops", "serve", "--fault", "*=warp"}, []string{"--fault:", `"warp"`, "one of slow, 429, 5xx"}},
		{[]string{"shops", "serve", "--fault", "nope=slow"}, []string{"shops serve:", `"nope"`, "a shop of the catalog"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := runBin(t, bin, env, tt.args...)
			assertFailsOneLine(t, r, exitUsage, tt.want...)
			if r.stdout != "" {
				t.Errorf("stdout: %q", r.stdout)
			}
		})
	}
	r := runBin(t, bin, slices.Concat(env, []string{"SKATESTOCK_LAKE_URL=s3://key:Sup3rS3cret@bucket/raw"}), "scrape", "--all")
	assertFailsOneLine(t, r, exitUsage, "config: invalid lake.url:", "use ?prefix=raw/")
	if strings.Contains(r.stderr, "Sup3rS3cret") {
		t.Errorf("the lake URL's secret is shown: %s", r.stderr)
	}
}

// allShops is the simulator's faults with spec for every shop.
func allShops(t *testing.T, spec string) map[string]shops.Faults {
	t.Helper()
	f, err := shops.ParseFaultFlags([]string{"*=" + spec})
	if err != nil {
		t.Fatal(err)
	}
	return f
}
