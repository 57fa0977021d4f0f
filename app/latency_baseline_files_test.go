package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// The baseline's files: what the seed's design kept on disk, exported from
// the seeded store, and the shapes the baseline decodes them into.

// baseMoney is a price in minor units.
type baseMoney struct {
	Minor    int64  `json:"minor"`
	Currency string `json:"currency"`
}

func baseMoneyOf(m catalog.Money) *baseMoney {
	if m.IsZero() {
		return nil
	}
	return &baseMoney{Minor: m.Amount, Currency: m.Currency}
}

func (m *baseMoney) json() *moneyOut {
	if m == nil {
		return nil
	}
	return &moneyOut{Amount: catalog.Money{Amount: m.Minor, Currency: m.Currency}.Decimal(), Currency: m.Currency, Minor: m.Minor}
}

// baseProduct is one product of products.json: the listing, its current
// price aggregates and its variants' current state.
type baseProduct struct {
	ID             int64         `json:"id"`
	Shop           string        `json:"shop"`
	ShopName       string        `json:"shop_name"`
	ExternalID     string        `json:"external_id"`
	Handle         string        `json:"handle"`
	Title          string        `json:"title"`
	Brand          string        `json:"brand"`
	Category       string        `json:"category"`
	URL            string        `json:"url"`
	ImageURL       string        `json:"image_url"`
	Tags           []string      `json:"tags"`
	Price          *baseMoney    `json:"price"`
	DiscountBP     int           `json:"discount_bp"`
	DealPrice      *baseMoney    `json:"deal_price"`
	DealCompareAt  *baseMoney    `json:"deal_compare_at"`
	InStock        bool          `json:"in_stock"`
	PriceUpdatedAt *time.Time    `json:"price_updated_at"`
	UpdatedAt      *time.Time    `json:"updated_at"`
	Variants       []baseVariant `json:"variants"`
}

type baseVariant struct {
	ExternalID   string     `json:"external_id"`
	SKU          string     `json:"sku"`
	Title        string     `json:"title"`
	DeckWidth    int        `json:"deck_width_hundredths"`
	WheelMM      int        `json:"wheel_diameter_mm"`
	ShoeSizeUS   string     `json:"shoe_size_us"`
	Price        *baseMoney `json:"price"`
	CompareAt    *baseMoney `json:"compare_at"`
	Availability string     `json:"availability"`
	InStock      bool       `json:"in_stock"`
	DiscountBP   int        `json:"discount_bp"`
	PriceSince   *time.Time `json:"price_since"`
	LastSeen     *time.Time `json:"last_seen"`
}

// baseHistory is history/<id>.json: every change point of every variant.
type baseHistory struct {
	ProductID int64 `json:"product_id"`
	Variants  []struct {
		ExternalID string      `json:"external_id"`
		Title      string      `json:"title"`
		Spans      []baseSpan  `json:"spans"`
		Attributes attributesO `json:"attributes"`
	} `json:"variants"`
}

type baseSpan struct {
	ValidFrom    time.Time  `json:"valid_from"`
	LastSeen     time.Time  `json:"last_seen"`
	Price        *baseMoney `json:"price"`
	CompareAt    *baseMoney `json:"compare_at"`
	Availability string     `json:"availability"`
}

type attributesO struct {
	DeckWidthHundredths int    `json:"deck_width_hundredths,omitempty"`
	WheelDiameterMM     int    `json:"wheel_diameter_mm,omitempty"`
	ShoeSizeUS          string `json:"shoe_size_us,omitempty"`
}

// baseShop is one shop of shops.json.
type baseShop struct {
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Platform string `json:"platform"`
}

// exportBaseline writes the baseline's files under dir from db: what the
// seed's design kept on disk. It returns the size of products.json.
func exportBaseline(ctx context.Context, db database, dir string, histFrom, histTo time.Time) (int64, error) {
	if err := os.MkdirAll(filepath.Join(dir, "history"), 0o755); err != nil {
		return 0, err
	}
	shops, err := db.ShopStatuses(ctx)
	if err != nil {
		return 0, err
	}
	var bs []baseShop
	for _, s := range shops {
		bs = append(bs, baseShop{Slug: s.Slug, Name: s.Name, Platform: string(s.Platform)})
	}
	if err := writeJSONFile(filepath.Join(dir, "shops.json"), bs); err != nil {
		return 0, err
	}
	var products []baseProduct
	q := catalog.ProductQuery{Limit: 1000, Sort: catalog.ProductSort{Field: catalog.SortTitle}}
	for {
		page, err := db.Products(ctx, q)
		if err != nil {
			return 0, err
		}
		for _, s := range page.Items {
			p, err := db.Product(ctx, s.ID)
			if err != nil {
				return 0, err
			}
			products = append(products, baseProductOf(p))
			hist, err := db.ProductHistory(ctx, s.ID, histFrom, histTo)
			if err != nil {
				return 0, err
			}
			if err := writeJSONFile(filepath.Join(dir, "history", strconv.FormatInt(s.ID, 10)+".json"), baseHistoryOf(s.ID, hist)); err != nil {
				return 0, err
			}
		}
		if page.Next == "" {
			break
		}
		q.After = page.Next
	}
	path := filepath.Join(dir, "products.json")
	if err := writeJSONFile(path, products); err != nil {
		return 0, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

func baseProductOf(p catalog.Product) baseProduct {
	out := baseProduct{
		ID: p.ID, Shop: p.ShopSlug, ShopName: p.ShopName, ExternalID: p.ExternalID, Handle: p.Handle,
		Title: p.Title, Brand: p.Brand, Category: string(p.Category), URL: p.URL, ImageURL: p.ImageURL, Tags: p.Tags,
		Price: baseMoneyOf(p.Price), DiscountBP: p.DiscountBP, DealPrice: baseMoneyOf(p.DealPrice),
		DealCompareAt: baseMoneyOf(p.DealCompareAt), InStock: p.InStock,
		PriceUpdatedAt: baseTimeOf(p.PriceUpdatedAt), UpdatedAt: baseTimeOf(p.UpdatedAt),
	}
	for _, v := range p.Variants {
		out.Variants = append(out.Variants, baseVariant{
			ExternalID: v.ExternalID, SKU: v.SKU, Title: v.Title,
			DeckWidth: v.Attributes.DeckWidthHundredths, WheelMM: v.Attributes.WheelDiameterMM, ShoeSizeUS: v.Attributes.ShoeSizeUS,
			Price: baseMoneyOf(v.Price), CompareAt: baseMoneyOf(v.CompareAt), Availability: string(v.Availability),
			InStock: v.Observed && v.Availability.Purchasable(), DiscountBP: v.DiscountBP,
			PriceSince: baseTimeOf(v.PriceSince), LastSeen: baseTimeOf(v.LastSeen),
		})
	}
	return out
}

func baseHistoryOf(id int64, hist []catalog.VariantHistory) baseHistory {
	out := baseHistory{ProductID: id}
	for _, h := range hist {
		v := struct {
			ExternalID string      `json:"external_id"`
			Title      string      `json:"title"`
			Spans      []baseSpan  `json:"spans"`
			Attributes attributesO `json:"attributes"`
		}{ExternalID: h.ExternalID, Title: h.Title,
			Attributes: attributesO{h.Attributes.DeckWidthHundredths, h.Attributes.WheelDiameterMM, h.Attributes.ShoeSizeUS}}
		for _, sp := range h.Spans {
			v.Spans = append(v.Spans, baseSpan{ValidFrom: sp.ValidFrom.UTC(), LastSeen: sp.LastSeen.UTC(),
				Price: baseMoneyOf(sp.Price), CompareAt: baseMoneyOf(sp.CompareAt), Availability: string(sp.Availability)})
		}
		out.Variants = append(out.Variants, v)
	}
	return out
}

func baseTimeOf(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func writeJSONFile(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
