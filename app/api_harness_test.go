package app

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/skatestock/skatestock/modules/api"
	"github.com/skatestock/skatestock/modules/api/apitest"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store/storetest"
)

// The API scenario tests drive api.Server's handler over a real, seeded
// store; this file holds their harness: building the API as serve does,
// requests validated against the served OpenAPI description, and the JSON
// shapes they read.

// scenarioSeedEnd is where the scenario catalog's seeded history ends;
// stock-outs are observed half an hour later, and the API's clock stands
// at scenarioNow, on the same UTC day.
var (
	scenarioSeedEnd  = time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)
	scenarioStockOut = scenarioSeedEnd.Add(30 * time.Minute)
	scenarioNow      = scenarioSeedEnd.Add(time.Hour)
)

// scenarioSeed sizes the scenario catalog: small enough for a test, large
// enough that every filter of the scenario table finds something, and
// long enough (a week, then two forecast horizons) that the stock-out
// model trains.
func scenarioSeed() seedConfig {
	return seedConfig{Shops: 3, Products: 360, Days: 28, PerDay: 2, RandSeed: 10, End: scenarioSeedEnd.Format(time.RFC3339)}
}

// scenarioAPI is the API over one freshly seeded database.
type scenarioAPI struct {
	kind string
	h    http.Handler
	v    *apitest.Validator
}

// newScenarioAPI migrates and seeds a new database of kind (a temporary
// SQLite file, or a new Postgres database on SKATESTOCK_TEST_POSTGRES_URL),
// rebuilds the discount patterns and stock-out forecasts as `analytics
// rebuild` does, then builds the API the way openServe does: api.New over
// the store with serve's in-memory response cache, and no rate limiters.
// The API's clock stands at scenarioNow.
func newScenarioAPI(t *testing.T, kind string) *scenarioAPI {
	t.Helper()
	ctx := context.Background()
	cfg := defaultConfig()
	cfg.DataDir = t.TempDir()
	cfg.Database.URL = "sqlite://" + filepath.ToSlash(filepath.Join(cfg.DataDir, "scenarios.db"))
	if kind == kindPostgres {
		cfg.Database.URL = storetest.PostgresDatabase(t)
	}
	cfg.Seed = scenarioSeed()
	db, c := seededStore(t, cfg)
	recordStockOuts(t, db)
	settings, err := defaultSignalSettings()
	if err != nil {
		t.Fatal(err)
	}
	span, err := db.HistoryDays(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Stamped at scenarioNow, so that both databases store the same.
	rep, err := settings.rebuildSignals(ctx, db, span, scenarioNow, func(string, int) {})
	if err != nil || rep.trained == nil {
		t.Fatalf("rebuild patterns and forecasts: %v (no model: %s)", err, rep.skipped)
	}
	respCache, err := c.openCache(nil)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := api.New(c.apiConfig(), c.log, api.Deps{
		Catalog: db, Cache: respCache, Trends: db, Patterns: db, Stockouts: db, Deals: dealChecker{db: db},
		Now: func() time.Time { return scenarioNow },
	})
	if err != nil {
		t.Fatal(err)
	}
	return &scenarioAPI{kind: kind, h: srv.Handler(), v: apitest.ForHandler(t, srv.Handler())}
}

// recordStockOuts observes, at scenarioStockOut, every variant of one
// product in four out of stock and the first variant of one in three of
// the others, as a scrape would: the seed leaves everything in stock at its
// end, where in_stock would filter nothing. Products are chosen in key
// order, so both databases get the same stock-outs.
func recordStockOuts(t *testing.T, db database) {
	t.Helper()
	ctx := context.Background()
	page, err := db.Products(ctx, catalog.ProductQuery{Limit: 10_000, Sort: catalog.ProductSort{Field: catalog.SortTitle}})
	if err != nil || page.Next != "" {
		t.Fatalf("list products: %v (more than one page: %v)", err, page.Next != "")
	}
	items := slices.SortedFunc(slices.Values(page.Items), func(x, y catalog.ProductSummary) int {
		return cmp.Or(strings.Compare(x.ShopSlug, y.ShopSlug), strings.Compare(x.ExternalID, y.ExternalID))
	})
	var obs []catalog.PriceObservation
	for i, it := range items {
		if i%4 != 0 && i%3 != 0 {
			continue
		}
		p, err := db.Product(ctx, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		for j, v := range p.Variants {
			if !v.Observed || (i%4 != 0 && j > 0) {
				continue
			}
			obs = append(obs, catalog.PriceObservation{
				Variant:    catalog.VariantKey{ShopSlug: it.ShopSlug, ListingExternalID: it.ExternalID, VariantExternalID: v.ExternalID},
				ObservedAt: scenarioStockOut, Price: v.Price, CompareAt: v.CompareAt,
				Availability: catalog.OutOfStock, SourceRun: "scenario-stock-outs",
			})
		}
	}
	res, err := db.RecordObservations(ctx, obs)
	if err != nil || len(res.Unknown) > 0 {
		t.Fatalf("record stock-outs: %v (unknown %v)", err, res.Unknown)
	}
}

// get sends GET target and returns the response, validated against the
// spec.
func (a *scenarioAPI) get(t testing.TB, target string) *httptest.ResponseRecorder {
	t.Helper()
	return a.v.Serve(t, a.h, httptest.NewRequest(http.MethodGet, target, nil))
}

// getJSON GETs target, requires a 200 and decodes the body into out; it
// returns the body.
func (a *scenarioAPI) getJSON(t testing.TB, target string, out any) []byte {
	t.Helper()
	rec := a.get(t, target)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s = %d, want 200: %.500s", target, rec.Code, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
		t.Fatalf("GET %s: decode: %v", target, err)
	}
	return rec.Body.Bytes()
}

// pageAll follows links.next from target to the last page and returns
// every item in order. It fails on a page that repeats a product or a
// next_cursor that disagrees with links.next.
func (a *scenarioAPI) pageAll(t testing.TB, target string) []scnSummary {
	t.Helper()
	var all []scnSummary
	seen := map[int64]bool{}
	for page := 0; target != ""; page++ {
		if page > 1000 {
			t.Fatalf("%s: more than 1000 pages; the cursor does not advance", target)
		}
		var p scnPage
		a.getJSON(t, target, &p)
		for _, it := range p.Items {
			if seen[it.ID] {
				t.Fatalf("%s: product %d came twice", target, it.ID)
			}
			seen[it.ID] = true
		}
		all = append(all, p.Items...)
		switch {
		case p.NextCursor == nil && p.Links.Next == nil:
			target = ""
		case p.NextCursor == nil || p.Links.Next == nil:
			t.Fatalf("%s: next_cursor %v and links.next %v disagree", target, p.NextCursor, p.Links.Next)
		default:
			u, err := url.Parse(*p.Links.Next)
			if err != nil || u.Query().Get("cursor") != *p.NextCursor {
				t.Fatalf("%s: links.next %q does not carry next_cursor %q", target, *p.Links.Next, *p.NextCursor)
			}
			if len(p.Items) == 0 {
				t.Fatalf("%s: an empty page with a next link", target)
			}
			target = *p.Links.Next
		}
	}
	return all
}

// The JSON shapes the scenarios read, as openapi.yaml describes them.

type scnMoney struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
	Minor    int64  `json:"minor"`
}

type scnSummary struct {
	ID         int64     `json:"id"`
	Shop       string    `json:"shop"`
	ExternalID string    `json:"external_id"`
	Title      string    `json:"title"`
	Brand      string    `json:"brand"`
	Category   string    `json:"category"`
	Price      *scnMoney `json:"price"`
	DiscountBP int       `json:"discount_bp"`
	Deal       *struct {
		Price     *scnMoney `json:"price"`
		CompareAt *scnMoney `json:"compare_at"`
	} `json:"deal"`
	InStock        bool       `json:"in_stock"`
	PriceUpdatedAt *time.Time `json:"price_updated_at"`
}

// key names a product the same way in every database: ids are the
// store's own.
func (s scnSummary) key() string { return s.Shop + "/" + s.ExternalID }

type scnPage struct {
	Items      []scnSummary `json:"items"`
	NextCursor *string      `json:"next_cursor"`
	Links      struct {
		Next *string `json:"next"`
	} `json:"links"`
}

type scnVariant struct {
	ExternalID string `json:"external_id"`
	Attributes struct {
		DeckWidthHundredths int    `json:"deck_width_hundredths"`
		WheelDiameterMM     int    `json:"wheel_diameter_mm"`
		ShoeSizeUS          string `json:"shoe_size_us"`
	} `json:"attributes"`
	Observed   bool      `json:"observed"`
	Price      *scnMoney `json:"price"`
	CompareAt  *scnMoney `json:"compare_at"`
	InStock    bool      `json:"in_stock"`
	DiscountBP int       `json:"discount_bp"`
	Lowest     *struct {
		Days         int        `json:"days"`
		Price        *scnMoney  `json:"price"`
		At           *time.Time `json:"at"`
		IsLowest     bool       `json:"is_lowest"`
		Observations int        `json:"observations"`
	} `json:"lowest"`
	Verdict *struct {
		RealDeal           bool      `json:"real_deal"`
		Suspect            *string   `json:"suspect"`
		Reason             string    `json:"reason"`
		MedianPrice        *scnMoney `json:"median_price"`
		BelowMedianPercent float64   `json:"below_median_percent"`
	} `json:"verdict"`
}

type scnProduct struct {
	scnSummary
	Variants []scnVariant `json:"variants"`
	Offers   []scnOffer   `json:"offers"`
}

type scnOffer struct {
	ProductID int64  `json:"product_id"`
	Shop      string `json:"shop"`
	Match     string `json:"match"`
}

type scnFacets struct {
	Items []struct {
		Value    string `json:"value"`
		Products int64  `json:"products"`
		InStock  int64  `json:"in_stock"`
		OnSale   int64  `json:"on_sale"`
	} `json:"items"`
}

type scnShops struct {
	Items []struct {
		Slug     string `json:"slug"`
		Products int64  `json:"products"`
	} `json:"items"`
}

type scnStats struct {
	Products         int64 `json:"products"`
	Variants         int64 `json:"variants"`
	ProductsObserved int64 `json:"products_observed"`
	VariantsObserved int64 `json:"variants_observed"`
	PriceChanges     int64 `json:"price_changes"`
	Shops            []struct {
		Slug     string `json:"slug"`
		Products int64  `json:"products"`
	} `json:"shops"`
}

type scnPoint struct {
	At           time.Time `json:"at"`
	ValidFrom    time.Time `json:"valid_from"`
	Price        *scnMoney `json:"price"`
	CompareAt    *scnMoney `json:"compare_at"`
	Availability string    `json:"availability"`
}

type scnHistory struct {
	From       time.Time `json:"from"`
	To         time.Time `json:"to"`
	Resolution string    `json:"resolution"`
	Variants   []struct {
		ExternalID string     `json:"external_id"`
		Points     []scnPoint `json:"points"`
	} `json:"variants"`
}

type scnProblem struct {
	Status        int    `json:"status"`
	Detail        string `json:"detail"`
	InvalidParams []struct {
		Name   string `json:"name"`
		Reason string `json:"reason"`
	} `json:"invalid_params"`
}

// searchWords folds a title and brand into the words title search
// matches, independently of the store: lower case, accents stripped,
// anything but letters and digits separating words.
func searchWords(s string) []string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch r = unicode.ToLower(r); {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

// matchesText reports whether every word of q begins a word of the
// product's title or brand.
func matchesText(p scnSummary, q string) bool {
	words := searchWords(p.Title + " " + p.Brand)
	for _, w := range searchWords(q) {
		if !slices.ContainsFunc(words, func(x string) bool { return strings.HasPrefix(x, w) }) {
			return false
		}
	}
	return true
}

// canonical re-encodes a JSON answer without what legitimately differs
// between two databases holding the same catalog: the store's ids (and
// the cursors and links built from them), when rows were written, and
// request ids.
func canonical(t *testing.T, body []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("canonical: %v: %.200s", err, body)
	}
	drop := map[string]bool{"id": true, "product_id": true, "updated_at": true, "next_cursor": true,
		"links": true, "request_id": true, "instance": true}
	var walk func(v any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for k := range x {
				if drop[k] {
					delete(x, k)
				} else {
					x[k] = walk(x[k])
				}
			}
		case []any:
			for i := range x {
				x[i] = walk(x[i])
			}
		}
		return v
	}
	out, err := json.Marshal(walk(v))
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// keysOf lists the products' keys in order.
func keysOf(items []scnSummary) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.key()
	}
	return out
}

// answers collects canonical answers by scenario name, for comparing two
// databases.
type answers map[string]string

func (a answers) add(name, value string) {
	if _, dup := a[name]; dup {
		panic(fmt.Sprintf("scenario answer %q recorded twice", name))
	}
	a[name] = value
}
