package gormstore

import (
	"encoding/json"
	"fmt"

	"github.com/skatestock/skatestock/modules/catalog"
)

// The rows of the read side. Aggregates come from a LEFT JOIN of
// listing_prices, so every one of them may be NULL (never observed).

// summaryRow is a listing as summarySQL selects it.
type summaryRow struct {
	ID                 int64   `gorm:"column:id"`
	ShopSlug           string  `gorm:"column:shop_slug"`
	ShopName           string  `gorm:"column:shop_name"`
	ExternalID         string  `gorm:"column:external_id"`
	Handle             string  `gorm:"column:handle"`
	Title              string  `gorm:"column:title"`
	Brand              string  `gorm:"column:brand"`
	Category           string  `gorm:"column:category"`
	URL                string  `gorm:"column:url"`
	ImageURL           string  `gorm:"column:image_url"`
	Tags               string  `gorm:"column:tags"`
	SearchText         string  `gorm:"column:search_text"`
	UpdatedAt          stamp   `gorm:"column:updated_at"`
	PriceMinMinor      *int64  `gorm:"column:price_min_minor"`
	Currency           *string `gorm:"column:currency"`
	DiscountMaxBP      *int64  `gorm:"column:discount_max_bp"`
	InStock            *bool   `gorm:"column:in_stock"`
	PriceUpdatedAt     stamp   `gorm:"column:price_updated_at"`
	DealPriceMinor     *int64  `gorm:"column:deal_price_minor"`
	DealCompareAtMinor *int64  `gorm:"column:deal_compare_at_minor"`
	DealCurrency       *string `gorm:"column:deal_currency"`
}

func (r summaryRow) toDomain() catalog.ProductSummary {
	p := catalog.ProductSummary{
		ID: r.ID, ShopSlug: r.ShopSlug, ShopName: r.ShopName, ExternalID: r.ExternalID, Handle: r.Handle,
		Title: r.Title, Brand: r.Brand, Category: catalog.Category(r.Category), URL: r.URL, ImageURL: r.ImageURL,
		InStock: r.InStock != nil && *r.InStock, PriceUpdatedAt: r.PriceUpdatedAt.Time, UpdatedAt: r.UpdatedAt.Time,
	}
	if r.PriceMinMinor != nil {
		p.Price = catalog.Money{Amount: *r.PriceMinMinor, Currency: text(r.Currency)}
	}
	p.DiscountBP = int(deref(r.DiscountMaxBP))
	// The deal is shown only for a discount the aggregates count: a sale
	// on an out-of-stock variant does not make a listing with purchasable
	// ones on sale.
	if p.DiscountBP > 0 && r.DealPriceMinor != nil && r.DealCompareAtMinor != nil {
		cur := text(r.DealCurrency)
		p.DealPrice = catalog.Money{Amount: *r.DealPriceMinor, Currency: cur}
		p.DealCompareAt = catalog.Money{Amount: *r.DealCompareAtMinor, Currency: cur}
	}
	return p
}

func (r summaryRow) tags() ([]string, error) {
	var tags []string
	if err := json.Unmarshal([]byte(r.Tags), &tags); err != nil {
		return nil, fmt.Errorf("decode tags of listing %d: %w", r.ID, err)
	}
	if len(tags) == 0 {
		tags = nil
	}
	return tags, nil
}

// variantStateSelect selects the current state of variantStateRow from
// variant_prices vp (see variantPricesJoin).
const variantStateSelect = `vp.price_minor, vp.compare_at_minor, vp.currency, vp.availability,
	COALESCE(vp.discount_bp, 0) AS discount_bp, vp.price_since, vp.last_seen_at`

// variantStateRow is a variant with its id and current state.
type variantStateRow struct {
	ID             int64      `gorm:"column:id"`
	Row            variantRow `gorm:"embedded"`
	PriceMinor     *int64     `gorm:"column:price_minor"`
	CompareAtMinor *int64     `gorm:"column:compare_at_minor"`
	Currency       *string    `gorm:"column:currency"`
	Availability   *string    `gorm:"column:availability"`
	DiscountBP     int64      `gorm:"column:discount_bp"`
	PriceSince     stamp      `gorm:"column:price_since"`
	LastSeenAt     stamp      `gorm:"column:last_seen_at"`
}

func (r variantStateRow) toDomain() (catalog.VariantState, error) {
	v, err := r.Row.toDomain()
	if err != nil {
		return catalog.VariantState{}, err
	}
	st := catalog.VariantState{Variant: v}
	if r.PriceMinor == nil {
		return st, nil
	}
	cur := text(r.Currency)
	st.Observed = true
	st.Price = catalog.Money{Amount: *r.PriceMinor, Currency: cur}
	if r.CompareAtMinor != nil {
		st.CompareAt = catalog.Money{Amount: *r.CompareAtMinor, Currency: cur}
	}
	st.Availability = catalog.Availability(text(r.Availability))
	st.DiscountBP = int(r.DiscountBP)
	st.PriceSince, st.LastSeen = r.PriceSince.Time, r.LastSeenAt.Time
	return st, nil
}

// historyPointRow is a change point with its variant's id.
type historyPointRow struct {
	VariantID int64    `gorm:"column:variant_id"`
	Point     pointRow `gorm:"embedded"`
}

// scrapeRunRow is a scrape_runs row with its shop's slug.
type scrapeRunRow struct {
	ID           string `gorm:"column:id"`
	ShopSlug     string `gorm:"column:shop_slug"`
	StartedAt    stamp  `gorm:"column:started_at"`
	FinishedAt   stamp  `gorm:"column:finished_at"`
	Status       string `gorm:"column:status"`
	Pages        int64  `gorm:"column:pages"`
	Listings     int64  `gorm:"column:listings"`
	Observations int64  `gorm:"column:observations"`
	Errors       int64  `gorm:"column:errors"`
	Message      string `gorm:"column:message"`
}

func (r scrapeRunRow) toDomain() catalog.ScrapeRun {
	return catalog.ScrapeRun{
		ID: r.ID, ShopSlug: r.ShopSlug, StartedAt: r.StartedAt.Time, FinishedAt: r.FinishedAt.Time,
		Status: catalog.ScrapeStatus(r.Status), Pages: int(r.Pages), Listings: int(r.Listings),
		Observations: int(r.Observations), Errors: int(r.Errors), Message: r.Message,
	}
}
