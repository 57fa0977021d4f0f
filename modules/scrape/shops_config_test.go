package scrape_test

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
)

const shippedShopsFile = "../../configs/shops.yaml"

func TestShippedShopsFileLoadsClean(t *testing.T) {
	f, err := scrape.LoadShopsFile(shippedShopsFile)
	if err != nil {
		t.Fatal(err)
	}
	if f.ContactURL == "" {
		t.Error("no contact_url")
	}
	real, err := f.Profile(scrape.DefaultProfile)
	if err != nil {
		t.Fatal(err)
	}
	if len(real) < 5 {
		t.Errorf("default profile has %d shops, want at least 5 real ones", len(real))
	}
	for _, s := range real {
		if s.Local || s.IgnoreRobots || !strings.HasPrefix(s.BaseURL, "https://") {
			t.Errorf("real shop %s: local %v, ignore_robots %v, %s: want neither, over https", s.Slug, s.Local, s.IgnoreRobots, s.BaseURL)
		}
		if err := s.Validate(); err != nil {
			t.Error(err)
		}
	}
	local, err := f.Profile(scrape.LocalProfile)
	if err != nil {
		t.Fatal(err)
	}
	platforms := map[catalog.Platform]bool{}
	for i, s := range local {
		platforms[s.Platform] = true
		u, err := url.Parse(s.BaseURL)
		if err != nil || u.Hostname() != "127.0.0.1" || u.Port() != fmt.Sprint(scrape.LocalBasePort+i) || !s.Local {
			t.Errorf("local shop %d (%s) at %s: want http://127.0.0.1:%d with local: true", i, s.Slug, s.BaseURL, scrape.LocalBasePort+i)
		}
	}
	if len(local) != 5 || len(platforms) != 3 {
		t.Errorf("local profile: %d shops on %d platforms, want 5 shops on all 3", len(local), len(platforms))
	}
}

// shopsYAML is a valid file with one shop; tests replace "  # extra" with
// lines of the shop or add whole profiles.
const shopsYAML = `contact_url: https://skatestock.example/bot
profiles:
  default:
    - slug: labor
      name: Labor Skateboard Shop
      platform: shopify
      base_url: https://laborskateshop.com
      currency: USD
      country: US
      # extra
`

func shopsWith(extra string) string {
	return strings.Replace(shopsYAML, "      # extra\n", extra, 1)
}

func TestParseShopsFileDefaults(t *testing.T) {
	f, err := scrape.ParseShopsFile([]byte(shopsYAML))
	if err != nil {
		t.Fatal(err)
	}
	s := f.Profiles["default"][0]
	if s.Schedule != 6*time.Hour || s.RateLimit != 0.5 || s.Concurrency != 1 || s.IgnoreRobots || s.Local || s.ProductURLPattern != "" {
		t.Fatalf("defaults: %+v", s)
	}
	f, err = scrape.ParseShopsFile([]byte(strings.Replace(shopsWith(""), "platform: shopify", "platform: jsonld", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if p := f.Profiles["default"][0].ProductURLPattern; p != scrape.DefaultProductURLPattern {
		t.Fatalf("jsonld pattern %q, want the default", p)
	}
	if _, err := f.Profile("nope"); err == nil || !strings.Contains(err.Error(), "default") {
		t.Fatalf("unknown profile: %v, want an error naming the profiles", err)
	}
}

func TestParseShopsFileErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // substrings of the error, in any order
	}{
		{"empty file", "", []string{"empty"}},
		{"not a mapping", "- a\n- b\n", []string{"line 1", "mapping"}},
		{"syntax", "contact_url: [\n", []string{"line"}},
		{"unknown top-level key", shopsYAML + "shop: x\n", []string{"line 11", `unknown key "shop"`, "contact_url, profiles"}},
		{"missing contact_url", strings.Replace(shopsYAML, "contact_url: https://skatestock.example/bot\n", "", 1), []string{"contact_url is missing"}},
		{"bad contact_url", strings.Replace(shopsYAML, "https://skatestock.example/bot", "mailto:me", 1), []string{"line 1", "contact_url", `"mailto:me"`}},
		{"unknown shop key", shopsWith("      rate: 2\n"), []string{"line 10", "profiles.default[0]", `unknown key "rate"`, "rate_limit"}},
		{"bad slug", strings.Replace(shopsYAML, "slug: labor", "slug: Labor Shop", 1), []string{"line 4", "profiles.default[0].slug", `"Labor Shop"`, "lower-case"}},
		{"bad platform", strings.Replace(shopsYAML, "platform: shopify", "platform: magento", 1), []string{"line 6", "platform", `"magento"`, "shopify, woocommerce or jsonld"}},
		{"base_url with path", strings.Replace(shopsYAML, "laborskateshop.com", "laborskateshop.com/shop", 1), []string{"line 7", "base_url", "root only"}},
		{"plain http", strings.Replace(shopsYAML, "https://laborskateshop.com", "http://laborskateshop.com", 1), []string{"base_url", "https"}},
		{"loopback without local", strings.Replace(shopsYAML, "https://laborskateshop.com", "http://127.0.0.1:8080", 1), []string{"base_url", "local: true"}},
		{"local on a public host", shopsWith("      local: true\n"), []string{"line 10", "profiles.default[0].local", "loopback or private"}},
		{"bad currency", strings.Replace(shopsYAML, "currency: USD", "currency: BTC", 1), []string{"line 8", "currency", `"BTC"`, "ISO 4217"}},
		{"bad country", strings.Replace(shopsYAML, "country: US", "country: us", 1), []string{"line 9", "country", "alpha-2"}},
		{"bad schedule", shopsWith("      schedule: 5x\n"), []string{"line 10", "schedule", `"5x"`, "duration"}},
		{"schedule too short", shopsWith("      schedule: 30s\n"), []string{"schedule = 30s", "1m to 168h"}},
		{"schedule zero", shopsWith("      schedule: 0s\n"), []string{"schedule = 0s"}},
		{"rate too high", shopsWith("      rate_limit: 20\n"), []string{"line 10", "profiles.default[0].rate_limit = 20", "(0, 10]"}},
		{"rate zero", shopsWith("      rate_limit: 0\n"), []string{"rate_limit = 0", "(0, 10]"}},
		{"rate not a number", shopsWith("      rate_limit: fast\n"), []string{"line 10: profiles.default[0].rate_limit:", "fast", "float64"}},
		{"concurrency zero", shopsWith("      concurrency: 0\n"), []string{"concurrency = 0", "1 to 16"}},
		{"concurrency too high", shopsWith("      concurrency: 17\n"), []string{"concurrency = 17"}},
		{"collection on woo", strings.Replace(shopsWith("      collection: decks\n"), "platform: shopify", "platform: woocommerce", 1), []string{"collection", "only shopify"}},
		{"bad collection", shopsWith("      collection: Decks & More\n"), []string{"collection", "handle"}},
		{"pattern on shopify", shopsWith("      product_url_pattern: /p/\n"), []string{"product_url_pattern", "only jsonld"}},
		{"bad pattern", strings.Replace(shopsWith("      product_url_pattern: /p/(\n"), "platform: shopify", "platform: jsonld", 1), []string{"product_url_pattern", "regular expression"}},
		{"ignore_robots not a bool", shopsWith("      ignore_robots: sometimes\n"), []string{"line 10", "bool"}},
		{"no profiles", "contact_url: https://skatestock.example/bot\nprofiles: {}\n", []string{"profiles must map"}},
		{"empty profile", "contact_url: https://skatestock.example/bot\nprofiles:\n  default: []\n", []string{"profiles.default must be a non-empty list"}},
		{"bad profile name", strings.Replace(shopsYAML, "  default:", "  Default Shops:", 1), []string{"profile name"}},
		{"duplicate slug", shopsWith(`    - slug: labor
      name: Labor Again
      platform: shopify
      base_url: https://labor2.example
      currency: USD
      country: US
`), []string{"profiles.default[1].slug", "unique", "profiles.default[0] has it"}},
		{"local profile port", shopsYAML + `  local:
    - slug: sim
      name: Sim
      platform: shopify
      base_url: http://127.0.0.1:9999
      currency: USD
      country: US
      local: true
`, []string{"profiles.local[0].base_url", "http://127.0.0.1:18081", "port 18081+i"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scrape.ParseShopsFile([]byte(tt.yaml))
			if err == nil {
				t.Fatal("accepted")
			}
			if !errors.Is(err, catalog.ErrInvalid) {
				t.Errorf("error %v does not wrap catalog.ErrInvalid", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestParseShopsFileReportsEveryBadValue(t *testing.T) {
	y := strings.Replace(shopsWith("      rate_limit: 20\n      concurrency: 99\n"), "country: US", "country: USA", 1)
	_, err := scrape.ParseShopsFile([]byte(y))
	if err == nil {
		t.Fatal("accepted")
	}
	for _, w := range []string{"line 9: profiles.default[0].country", "line 10: profiles.default[0].rate_limit", "line 11: profiles.default[0].concurrency"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err, w)
		}
	}
}

func TestLoadShopsFileNamesThePath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shops.yaml")
	if err := os.WriteFile(path, []byte(shopsWith("      rate_limit: 20\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := scrape.LoadShopsFile(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %v does not name %s", err, path)
	}
	if _, err := scrape.LoadShopsFile(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Fatal("a missing file loaded")
	}
}

func TestShopFetchConfig(t *testing.T) {
	base := testFetchConfig()
	base.Burst = 5
	s := scrape.ShopConfig{RateLimit: 0.5, Concurrency: 3, IgnoreRobots: true, Local: true}
	c := s.FetchConfig(base)
	if c.RequestsPerSecond != 0.5 || c.Burst != 1 || c.Concurrency != 3 || !c.IgnoreRobots || !c.AllowLocal || c.ContactURL != base.ContactURL {
		t.Fatalf("fetch config %+v", c)
	}
	if c := (scrape.ShopConfig{RateLimit: 10}).FetchConfig(base); c.Burst != 5 || c.IgnoreRobots || c.AllowLocal || c.Concurrency != 1 {
		t.Fatalf("fetch config %+v: want the base burst, robots honoured, the guard on, default concurrency", c)
	}
}

func FuzzParseShopsFile(f *testing.F) {
	if b, err := os.ReadFile(shippedShopsFile); err == nil {
		f.Add(b)
	}
	f.Add([]byte(shopsYAML))
	f.Add([]byte(shopsWith("      schedule: 1m\n      rate_limit: 10\n      concurrency: 16\n      collection: all\n")))
	f.Add([]byte("contact_url: x\nprofiles:\n  local:\n    - {slug: a, local: true, base_url: 'http://[::1]:18081'}\n"))
	f.Add([]byte("profiles: &a\n  default: *a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := scrape.ParseShopsFile(data)
		if err != nil {
			if !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("error %v does not wrap catalog.ErrInvalid", err)
			}
			return
		}
		if len(file.Profiles) == 0 || file.ContactURL == "" {
			t.Fatalf("accepted a file without profiles or contact: %+v", file)
		}
		for name, shops := range file.Profiles {
			for _, s := range shops {
				if err := s.Validate(); err != nil {
					t.Fatalf("profile %s accepted a shop that does not validate: %v", name, err)
				}
				if err := s.Shop().Validate(); err != nil {
					t.Fatalf("profile %s accepted a shop catalog rejects: %v", name, err)
				}
			}
		}
	})
}
