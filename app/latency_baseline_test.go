package app

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/catalog/normalize"
)

// The latency benchmark's baseline (a): the design the seed describes as
// "synchronous file I/O with JSON files". The catalog is exported from the
// seeded store into JSON files once; every request then opens and decodes
// the file(s) it needs on the request's goroutine and filters, sorts and
// pages in Go. Nothing is kept in memory between requests. It answers the
// benchmark's query mix with the API's JSON shapes and, for the listings,
// the same products (the benchmark checks that).

// baselineHandler is the baseline server over the files in dir.
type baselineHandler struct{ dir string }

func (h baselineHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var v any
	var err error
	path := r.URL.Path
	switch {
	case path == "/api/v1/products" || path == "/api/v1/deals":
		v, err = h.list(r.URL.Query(), path == "/api/v1/deals")
	case strings.HasPrefix(path, "/api/v1/products/") && strings.HasSuffix(path, "/history"):
		v, err = h.history(strings.TrimSuffix(strings.TrimPrefix(path, "/api/v1/products/"), "/history"))
	case path == "/api/v1/stats":
		v, err = h.stats()
	default:
		http.NotFound(w, r)
		return
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

// readJSON opens, reads and decodes one file: the baseline's every request.
func (h baselineHandler) readJSON(name string, v any) error {
	b, err := os.ReadFile(filepath.Join(h.dir, name))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// The API's JSON shapes, as the baseline writes them.

type moneyOut struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
	Minor    int64  `json:"minor"`
}

type summaryOut struct {
	ID              int64      `json:"id"`
	Shop            string     `json:"shop"`
	ShopName        string     `json:"shop_name"`
	ExternalID      string     `json:"external_id"`
	Handle          string     `json:"handle"`
	Title           string     `json:"title"`
	Brand           string     `json:"brand"`
	Category        string     `json:"category"`
	URL             string     `json:"url"`
	ImageURL        string     `json:"image_url"`
	Price           *moneyOut  `json:"price"`
	DiscountBP      int        `json:"discount_bp"`
	DiscountPercent float64    `json:"discount_percent"`
	Deal            *dealOut   `json:"deal"`
	InStock         bool       `json:"in_stock"`
	PriceUpdatedAt  *time.Time `json:"price_updated_at"`
	UpdatedAt       *time.Time `json:"updated_at"`
}

type dealOut struct {
	Price     *moneyOut `json:"price"`
	CompareAt *moneyOut `json:"compare_at"`
}

type pageOut struct {
	Items      []summaryOut `json:"items"`
	NextCursor *string      `json:"next_cursor"`
	Links      struct {
		Next *string `json:"next"`
	} `json:"links"`
}

// list answers /products and /deals: decode products.json, filter, sort,
// take the first page (the mix asks for no cursor; the next one is an
// offset).
func (h baselineHandler) list(q url.Values, deals bool) (any, error) {
	var all []baseProduct
	if err := h.readJSON("products.json", &all); err != nil {
		return nil, err
	}
	keep, sortBy, desc, limit, err := baselineQuery(q, deals)
	if err != nil {
		return nil, err
	}
	var hits []baseProduct
	for _, p := range all {
		if keep(p) {
			hits = append(hits, p)
		}
	}
	slices.SortStableFunc(hits, func(x, y baseProduct) int { return baselineCompare(sortBy, desc, x, y) })
	out := pageOut{Items: []summaryOut{}}
	for _, p := range hits[:min(limit, len(hits))] {
		out.Items = append(out.Items, baseSummary(p))
	}
	if len(hits) > limit {
		next := strconv.Itoa(limit)
		out.NextCursor, out.Links.Next = &next, &next
	}
	return out, nil
}

func baseSummary(p baseProduct) summaryOut {
	s := summaryOut{ID: p.ID, Shop: p.Shop, ShopName: p.ShopName, ExternalID: p.ExternalID, Handle: p.Handle,
		Title: p.Title, Brand: p.Brand, Category: p.Category, URL: p.URL, ImageURL: p.ImageURL,
		Price: p.Price.json(), DiscountBP: p.DiscountBP, DiscountPercent: float64(p.DiscountBP) / 100,
		InStock: p.InStock, PriceUpdatedAt: p.PriceUpdatedAt, UpdatedAt: p.UpdatedAt}
	if p.DiscountBP > 0 && p.DealPrice != nil {
		s.Deal = &dealOut{Price: p.DealPrice.json(), CompareAt: p.DealCompareAt.json()}
	}
	return s
}

// baselineQuery reads the listing parameters the way the API does, into a
// predicate, a sort and a page size.
func baselineQuery(q url.Values, deals bool) (keep func(baseProduct) bool, sortBy string, desc bool, limit int, err error) {
	var preds []func(baseProduct) bool
	if bs := q["brand"]; len(bs) > 0 {
		var names []string
		for _, b := range bs {
			names = append(names, normalize.Brand(b))
		}
		preds = append(preds, func(p baseProduct) bool { return slices.Contains(names, p.Brand) })
	}
	if cs := q["category"]; len(cs) > 0 {
		preds = append(preds, func(p baseProduct) bool { return slices.Contains(cs, p.Category) })
	}
	if ss := q["shop"]; len(ss) > 0 {
		preds = append(preds, func(p baseProduct) bool { return slices.Contains(ss, p.Shop) })
	}
	minBP := 0
	if s := q.Get("discount_min"); s != "" {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, "", false, 0, err
		}
		minBP = int(math.Round(f * 100))
	}
	if deals {
		minBP = max(minBP, 1)
	}
	if minBP > 0 {
		preds = append(preds, func(p baseProduct) bool { return p.DiscountBP >= minBP })
	}
	if text := q.Get("q"); text != "" {
		preds = append(preds, func(p baseProduct) bool {
			return matchesText(scnSummary{Title: p.Title, Brand: p.Brand}, text)
		})
	}
	for _, bound := range []string{"price_min", "price_max"} {
		if s := q.Get(bound); s != "" {
			m, err := catalog.ParseMoney(s, "USD")
			if err != nil {
				return nil, "", false, 0, err
			}
			isMin := bound == "price_min"
			preds = append(preds, func(p baseProduct) bool {
				return p.Price != nil && ((isMin && p.Price.Minor >= m.Amount) || (!isMin && p.Price.Minor <= m.Amount))
			})
		}
	}
	inStock := q.Get("in_stock") == "true"
	if s := q.Get("size"); s != "" {
		opt := []catalog.Option{{Name: "Size", Value: s}}
		deck := normalize.Attributes(catalog.CategoryDecks, opt, "", "").DeckWidthHundredths
		wheel := normalize.Attributes(catalog.CategoryWheels, opt, "", "").WheelDiameterMM
		shoe := normalize.Attributes(catalog.CategoryShoes, opt, "", "").ShoeSizeUS
		preds = append(preds, func(p baseProduct) bool {
			return slices.ContainsFunc(p.Variants, func(v baseVariant) bool {
				fits := (deck != 0 && v.DeckWidth == deck) || (wheel != 0 && v.WheelMM == wheel) || (shoe != "" && v.ShoeSizeUS == shoe)
				return fits && (!inStock || v.InStock)
			})
		})
	} else if inStock {
		preds = append(preds, func(p baseProduct) bool { return p.InStock })
	}
	keep = func(p baseProduct) bool {
		for _, pred := range preds {
			if !pred(p) {
				return false
			}
		}
		return true
	}
	sortBy, desc = "updated", true
	if deals {
		sortBy = "discount"
	} else if s := q.Get("sort"); s != "" {
		sortBy, desc = strings.TrimPrefix(s, "-"), strings.HasPrefix(s, "-")
	}
	limit = 24
	if s := q.Get("limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil {
			return nil, "", false, 0, err
		}
	}
	return keep, sortBy, desc, limit, nil
}

// baselineCompare orders as the API does: the sort value then the id, in
// the direction asked, never-priced products last.
func baselineCompare(sortBy string, desc bool, x, y baseProduct) int {
	if sortBy != "title" && (x.Price == nil) != (y.Price == nil) {
		if x.Price == nil {
			return 1
		}
		return -1
	}
	var c int
	switch sortBy {
	case "price":
		if x.Price != nil {
			c = cmp.Compare(x.Price.Minor, y.Price.Minor)
		}
	case "discount":
		c = cmp.Compare(x.DiscountBP, y.DiscountBP)
	case "updated":
		if x.PriceUpdatedAt != nil {
			c = x.PriceUpdatedAt.Compare(*y.PriceUpdatedAt)
		}
	case "title":
		c = strings.Compare(strings.Join(searchWords(x.Title+" "+x.Brand), " "), strings.Join(searchWords(y.Title+" "+y.Brand), " "))
	}
	c = cmp.Or(c, cmp.Compare(x.ID, y.ID))
	if desc {
		return -c
	}
	return c
}

type historyOut struct {
	ProductID  int64      `json:"product_id"`
	From       time.Time  `json:"from"`
	To         time.Time  `json:"to"`
	Resolution string     `json:"resolution"`
	Variants   []varHistO `json:"variants"`
}

type varHistO struct {
	ExternalID string      `json:"external_id"`
	Title      string      `json:"title"`
	Attributes attributesO `json:"attributes"`
	Points     []pointOut  `json:"points"`
}

type pointOut struct {
	At           time.Time  `json:"at"`
	ValidFrom    time.Time  `json:"valid_from"`
	LastSeen     *time.Time `json:"last_seen"`
	Price        *moneyOut  `json:"price"`
	CompareAt    *moneyOut  `json:"compare_at"`
	Availability string     `json:"availability"`
	InStock      bool       `json:"in_stock"`
	DiscountBP   int        `json:"discount_bp"`
}

// history answers /products/{id}/history with the API's default window
// (the last 30 days, raw): decode the product's file and keep the change
// points in force during the window.
func (h baselineHandler) history(id string) (any, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil, err
	}
	var hist baseHistory
	if err := h.readJSON(filepath.Join("history", strconv.FormatInt(n, 10)+".json"), &hist); err != nil {
		return nil, err
	}
	to := time.Now().UTC()
	from := to.Add(-30 * 24 * time.Hour)
	out := historyOut{ProductID: n, From: from, To: to, Resolution: "raw", Variants: []varHistO{}}
	for _, v := range hist.Variants {
		vo := varHistO{ExternalID: v.ExternalID, Title: v.Title, Attributes: v.Attributes, Points: []pointOut{}}
		for i, sp := range v.Spans {
			if sp.ValidFrom.After(to) || (i+1 < len(v.Spans) && !v.Spans[i+1].ValidFrom.After(from)) {
				continue
			}
			last := sp.LastSeen
			vo.Points = append(vo.Points, pointOut{At: sp.ValidFrom, ValidFrom: sp.ValidFrom, LastSeen: &last,
				Price: sp.Price.json(), CompareAt: sp.CompareAt.json(), Availability: sp.Availability,
				InStock:    catalog.Availability(sp.Availability).Purchasable(),
				DiscountBP: baseDiscount(sp.Price, sp.CompareAt)})
		}
		out.Variants = append(out.Variants, vo)
	}
	return out, nil
}

func baseDiscount(price, compareAt *baseMoney) int {
	if price == nil || compareAt == nil {
		return 0
	}
	return catalog.DiscountBasisPoints(catalog.Money{Amount: price.Minor, Currency: price.Currency},
		catalog.Money{Amount: compareAt.Minor, Currency: compareAt.Currency})
}

type statsOut struct {
	Since             time.Time      `json:"since"`
	AsOf              time.Time      `json:"as_of"`
	Products          int64          `json:"products"`
	Variants          int64          `json:"variants"`
	ProductsObserved  int64          `json:"products_observed"`
	VariantsObserved  int64          `json:"variants_observed"`
	PriceChanges      int64          `json:"price_changes"`
	LatestObservation *time.Time     `json:"latest_observation"`
	Shops             []shopStatsOut `json:"shops"`
}

type shopStatsOut struct {
	Slug           string     `json:"slug"`
	Name           string     `json:"name"`
	Products       int64      `json:"products"`
	LastObservedAt *time.Time `json:"last_observed_at"`
}

// stats answers /stats from products.json and shops.json. Price changes
// today count variants whose current state began today: the files hold
// no more without reading every history file.
func (h baselineHandler) stats() (any, error) {
	var all []baseProduct
	if err := h.readJSON("products.json", &all); err != nil {
		return nil, err
	}
	var shops []baseShop
	if err := h.readJSON("shops.json", &shops); err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	out := statsOut{Since: now.Truncate(24 * time.Hour), AsOf: now, Products: int64(len(all))}
	byShop := map[string]*shopStatsOut{}
	for _, s := range shops {
		out.Shops = append(out.Shops, shopStatsOut{Slug: s.Slug, Name: s.Name})
	}
	for i := range out.Shops {
		byShop[out.Shops[i].Slug] = &out.Shops[i]
	}
	for _, p := range all {
		out.Variants += int64(len(p.Variants))
		s := byShop[p.Shop]
		if s == nil {
			return nil, fmt.Errorf("product %d of unknown shop %s", p.ID, p.Shop)
		}
		s.Products++
		observed := false
		for _, v := range p.Variants {
			if v.LastSeen == nil {
				continue
			}
			if !v.LastSeen.Before(out.Since) {
				out.VariantsObserved++
				observed = true
			}
			if v.PriceSince != nil && !v.PriceSince.Before(out.Since) {
				out.PriceChanges++
			}
			if out.LatestObservation == nil || v.LastSeen.After(*out.LatestObservation) {
				out.LatestObservation = v.LastSeen
			}
			if s.LastObservedAt == nil || v.LastSeen.After(*s.LastObservedAt) {
				s.LastObservedAt = v.LastSeen
			}
		}
		if observed {
			out.ProductsObserved++
		}
	}
	return out, nil
}
