package catalog_test

import (
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

func validRun() catalog.ScrapeRun {
	start := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	return catalog.ScrapeRun{
		ID: "run-20261101-1200-ocean-ave", ShopSlug: "ocean-ave", StartedAt: start, FinishedAt: start.Add(time.Minute),
		Status: catalog.ScrapeOK, Pages: 12, Listings: 240, Observations: 960,
	}
}

func TestScrapeRunValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*catalog.ScrapeRun)
		field  string // "" means valid
	}{
		{"valid", func(*catalog.ScrapeRun) {}, ""},
		{"finished when it started", func(r *catalog.ScrapeRun) { r.FinishedAt = r.StartedAt }, ""},
		{"failed with a message", func(r *catalog.ScrapeRun) {
			r.Status, r.Message, r.Errors = catalog.ScrapeFailed, "sink: broker unreachable", 3
		}, ""},
		{"incomplete", func(r *catalog.ScrapeRun) { r.Status = catalog.ScrapeIncomplete }, ""},
		{"empty id", func(r *catalog.ScrapeRun) { r.ID = "" }, "scrape_run.id"},
		{"blank id", func(r *catalog.ScrapeRun) { r.ID = "  " }, "scrape_run.id"},
		{"overlong id", func(r *catalog.ScrapeRun) { r.ID = strings.Repeat("r", 101) }, "scrape_run.id"},
		{"bad shop", func(r *catalog.ScrapeRun) { r.ShopSlug = "Ocean Ave" }, "scrape_run.shop"},
		{"no start", func(r *catalog.ScrapeRun) { r.StartedAt = time.Time{} }, "scrape_run.started_at"},
		{"no end", func(r *catalog.ScrapeRun) { r.FinishedAt = time.Time{} }, "scrape_run.finished_at"},
		{"ends before it starts", func(r *catalog.ScrapeRun) { r.FinishedAt = r.StartedAt.Add(-time.Microsecond) }, "scrape_run.finished_at"},
		{"empty status", func(r *catalog.ScrapeRun) { r.Status = "" }, "scrape_run.status"},
		{"unknown status", func(r *catalog.ScrapeRun) { r.Status = "running" }, "scrape_run.status"},
		{"negative pages", func(r *catalog.ScrapeRun) { r.Pages = -1 }, "scrape_run.pages"},
		{"negative listings", func(r *catalog.ScrapeRun) { r.Listings = -1 }, "scrape_run.listings"},
		{"negative observations", func(r *catalog.ScrapeRun) { r.Observations = -1 }, "scrape_run.observations"},
		{"negative errors", func(r *catalog.ScrapeRun) { r.Errors = -1 }, "scrape_run.errors"},
		{"invalid UTF-8 message", func(r *catalog.ScrapeRun) { r.Message = "bad \xff" }, "scrape_run.message"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validRun()
			tt.mutate(&r)
			checkValidation(t, r.Validate(), tt.field)
		})
	}
}

func TestProductQueryValidate(t *testing.T) {
	ptr := func(n int64) *int64 { return &n }
	valid := func() catalog.ProductQuery {
		return catalog.ProductQuery{Limit: 20, Sort: catalog.ProductSort{Field: catalog.SortUpdated, Desc: true}}
	}
	tests := []struct {
		name   string
		mutate func(*catalog.ProductQuery)
		field  string
	}{
		{"valid", func(*catalog.ProductQuery) {}, ""},
		{"every filter", func(q *catalog.ProductQuery) {
			q.Brands, q.Categories, q.Shops = []string{"Spitfire"}, []catalog.Category{catalog.CategoryWheels}, []string{"ocean-ave"}
			q.Text, q.PriceMin, q.PriceMax, q.DiscountMinBP, q.InStock = "formula four", ptr(0), ptr(5000), 1000, true
			q.Size = catalog.SizeQuery{WheelDiameterMM: 54}
		}, ""},
		{"equal price bounds", func(q *catalog.ProductQuery) { q.PriceMin, q.PriceMax = ptr(10), ptr(10) }, ""},
		{"zero limit", func(q *catalog.ProductQuery) { q.Limit = 0 }, "limit"},
		{"no sort", func(q *catalog.ProductQuery) { q.Sort = catalog.ProductSort{} }, "sort"},
		{"unknown sort", func(q *catalog.ProductQuery) { q.Sort.Field = "popularity" }, "sort"},
		{"unknown category", func(q *catalog.ProductQuery) { q.Categories = []catalog.Category{"skis"} }, "category"},
		{"empty brand", func(q *catalog.ProductQuery) { q.Brands = []string{""} }, "brand"},
		{"too many brands", func(q *catalog.ProductQuery) {
			q.Brands = make([]string, catalog.MaxQueryValues+1)
		}, "brand"},
		{"bad shop", func(q *catalog.ProductQuery) { q.Shops = []string{"Ocean Ave"} }, "shop"},
		{"overlong text", func(q *catalog.ProductQuery) { q.Text = strings.Repeat("é", catalog.MaxQueryText+1) }, "text"},
		{"text with NUL", func(q *catalog.ProductQuery) { q.Text = "a\x00" }, "text"},
		{"negative price_min", func(q *catalog.ProductQuery) { q.PriceMin = ptr(-1) }, "price_min"},
		{"negative price_max", func(q *catalog.ProductQuery) { q.PriceMax = ptr(-1) }, "price_max"},
		{"crossed price bounds", func(q *catalog.ProductQuery) { q.PriceMin, q.PriceMax = ptr(11), ptr(10) }, "price_min"},
		{"negative discount", func(q *catalog.ProductQuery) { q.DiscountMinBP = -1 }, "discount_min"},
		{"discount above 100%", func(q *catalog.ProductQuery) { q.DiscountMinBP = 10001 }, "discount_min"},
		{"negative deck width", func(q *catalog.ProductQuery) { q.Size.DeckWidthHundredths = -825 }, "size"},
		{"huge wheel", func(q *catalog.ProductQuery) { q.Size.WheelDiameterMM = 500 }, "size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := valid()
			tt.mutate(&q)
			checkValidation(t, q.Validate(), tt.field)
		})
	}
}
