package api

import (
	"fmt"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/skatestock/skatestock/modules/catalog"
)

type listJSON[T any] struct {
	Items []T `json:"items"`
}

type facetJSON struct {
	Value    string `json:"value"`
	Products int64  `json:"products"`
	InStock  int64  `json:"in_stock"`
	OnSale   int64  `json:"on_sale"`
}

func facetsOf(fs []catalog.FacetCount) listJSON[facetJSON] {
	out := listJSON[facetJSON]{Items: make([]facetJSON, 0, len(fs))}
	for _, f := range fs {
		out.Items = append(out.Items, facetJSON{Value: f.Value, Products: f.Products, InStock: f.InStock, OnSale: f.OnSale})
	}
	return out
}

type shopJSON struct {
	Slug           string         `json:"slug"`
	Name           string         `json:"name"`
	Platform       string         `json:"platform"`
	BaseURL        string         `json:"base_url"`
	Currency       string         `json:"currency"`
	Country        string         `json:"country"`
	Products       int64          `json:"products"`
	LastObservedAt *time.Time     `json:"last_observed_at"`
	LastSuccessAt  *time.Time     `json:"last_success_at"`
	LastRun        *scrapeRunJSON `json:"last_run"`
}

type scrapeRunJSON struct {
	ID           string     `json:"id"`
	Status       string     `json:"status"`
	StartedAt    *time.Time `json:"started_at"`
	FinishedAt   *time.Time `json:"finished_at"`
	Pages        int        `json:"pages"`
	Listings     int        `json:"listings"`
	Observations int        `json:"observations"`
	Errors       int        `json:"errors"`
	Message      string     `json:"message"`
}

func scrapeRunOf(r *catalog.ScrapeRun) *scrapeRunJSON {
	if r == nil {
		return nil
	}
	return &scrapeRunJSON{
		ID: r.ID, Status: string(r.Status), StartedAt: timeOf(r.StartedAt), FinishedAt: timeOf(r.FinishedAt),
		Pages: r.Pages, Listings: r.Listings, Observations: r.Observations, Errors: r.Errors, Message: r.Message,
	}
}

// listShops answers GET /api/v1/shops.
func (s *Server) listShops(c echo.Context) (any, error) {
	if err := noParams(c); err != nil {
		return nil, err
	}
	shops, err := s.deps.Catalog.ShopStatuses(c.Request().Context())
	if err != nil {
		return nil, fmt.Errorf("list shops: %w", err)
	}
	out := listJSON[shopJSON]{Items: make([]shopJSON, 0, len(shops))}
	for _, sh := range shops {
		out.Items = append(out.Items, shopJSON{
			Slug: sh.Slug, Name: sh.Name, Platform: string(sh.Platform), BaseURL: sh.BaseURL,
			Currency: sh.Currency, Country: sh.Country, Products: sh.Products,
			LastObservedAt: timeOf(sh.LastObservedAt), LastSuccessAt: timeOf(sh.LastSuccessAt),
			LastRun: scrapeRunOf(sh.LastRun),
		})
	}
	return out, nil
}

// listBrands answers GET /api/v1/brands.
func (s *Server) listBrands(c echo.Context) (any, error) {
	if err := noParams(c); err != nil {
		return nil, err
	}
	fs, err := s.deps.Catalog.BrandCounts(c.Request().Context())
	if err != nil {
		return nil, fmt.Errorf("count brands: %w", err)
	}
	return facetsOf(fs), nil
}

// listCategories answers GET /api/v1/categories.
func (s *Server) listCategories(c echo.Context) (any, error) {
	if err := noParams(c); err != nil {
		return nil, err
	}
	fs, err := s.deps.Catalog.CategoryCounts(c.Request().Context())
	if err != nil {
		return nil, fmt.Errorf("count categories: %w", err)
	}
	return facetsOf(fs), nil
}
