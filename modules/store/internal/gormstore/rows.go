package gormstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/skatestock/skatestock/modules/catalog"
)

// The row structs below are the tables as GORM sees them. They carry no id:
// upserts go by natural keys, and without a default-valued primary key GORM
// adds no RETURNING clause that it would then map back by position.

// stamp is a time as the schema stores it: timestamptz in Postgres, INTEGER
// unix microseconds in SQLite. It reads both and writes whichever the
// database of the statement wants.
type stamp struct{ time.Time }

// at normalises t the way every stored time is: UTC, whole microseconds.
func at(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// GormValue implements gorm.Valuer. It is not a driver.Valuer on purpose:
// only GORM knows which database a statement is for.
func (s stamp) GormValue(_ context.Context, db *gorm.DB) clause.Expr {
	if db.Dialector.Name() == "sqlite" {
		return clause.Expr{SQL: "?", Vars: []any{s.UnixMicro()}}
	}
	return clause.Expr{SQL: "?", Vars: []any{s.Time}}
}

// GormDataType tells GORM that stamp is a column, not a relation.
func (stamp) GormDataType() string { return "stamp" }

// Scan implements sql.Scanner; NULL scans as the zero time.
func (s *stamp) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		s.Time = time.Time{}
	case time.Time:
		s.Time = v.UTC()
	case int64:
		s.Time = time.UnixMicro(v).UTC()
	default:
		return fmt.Errorf("scan %T as a time", v)
	}
	return nil
}

var _ gorm.Valuer = stamp{}

type shopRow struct {
	Slug      string `gorm:"column:slug"`
	Name      string `gorm:"column:name"`
	Platform  string `gorm:"column:platform"`
	BaseURL   string `gorm:"column:base_url"`
	Currency  string `gorm:"column:currency"`
	Country   string `gorm:"column:country"`
	CreatedAt stamp  `gorm:"column:created_at"`
	UpdatedAt stamp  `gorm:"column:updated_at"`
}

func (shopRow) TableName() string { return "shops" }

func toShopRow(s catalog.Shop, now time.Time) shopRow {
	return shopRow{
		Slug: s.Slug, Name: s.Name, Platform: string(s.Platform), BaseURL: s.BaseURL,
		Currency: s.Currency, Country: s.Country, CreatedAt: stamp{now}, UpdatedAt: stamp{now},
	}
}

func (r shopRow) toDomain() catalog.Shop {
	return catalog.Shop{
		Slug: r.Slug, Name: r.Name, Platform: catalog.Platform(r.Platform), BaseURL: r.BaseURL,
		Currency: r.Currency, Country: r.Country,
	}
}

type listingRow struct {
	ShopID     int64  `gorm:"column:shop_id"`
	ExternalID string `gorm:"column:external_id"`
	Handle     string `gorm:"column:handle"`
	Title      string `gorm:"column:title"`
	Brand      string `gorm:"column:brand"`
	Category   string `gorm:"column:category"`
	URL        string `gorm:"column:url"`
	ImageURL   string `gorm:"column:image_url"`
	Tags       string `gorm:"column:tags"`
	SearchText string `gorm:"column:search_text"`
	CreatedAt  stamp  `gorm:"column:created_at"`
	UpdatedAt  stamp  `gorm:"column:updated_at"`
}

func (listingRow) TableName() string { return "listings" }

func toListingRow(l catalog.Listing, shopID int64, now time.Time) (listingRow, error) {
	tags, err := json.Marshal(nonNil(l.Tags))
	if err != nil {
		return listingRow{}, fmt.Errorf("encode tags of %s/%s: %w", l.ShopSlug, l.ExternalID, err)
	}
	return listingRow{
		ShopID: shopID, ExternalID: l.ExternalID, Handle: l.Handle, Title: l.Title, Brand: l.Brand,
		Category: string(l.Category), URL: l.URL, ImageURL: l.ImageURL, Tags: string(tags),
		SearchText: SearchText(l.Title, l.Brand), CreatedAt: stamp{now}, UpdatedAt: stamp{now},
	}, nil
}

func (r listingRow) toDomain(shopSlug string, variants []catalog.Variant) (catalog.Listing, error) {
	var tags []string
	if err := json.Unmarshal([]byte(r.Tags), &tags); err != nil {
		return catalog.Listing{}, fmt.Errorf("decode tags of %s/%s: %w", shopSlug, r.ExternalID, err)
	}
	if len(tags) == 0 {
		tags = nil
	}
	return catalog.Listing{
		ShopSlug: shopSlug, ExternalID: r.ExternalID, Handle: r.Handle, Title: r.Title, Brand: r.Brand,
		Category: catalog.Category(r.Category), URL: r.URL, ImageURL: r.ImageURL, Tags: tags,
		Variants: variants,
	}, nil
}

// variantRow holds what UpsertListings writes; the current-state columns
// belong to RecordObservations. Unknown GTINs and sizes are NULL.
type variantRow struct {
	ListingID           int64   `gorm:"column:listing_id"`
	ExternalID          string  `gorm:"column:external_id"`
	SKU                 string  `gorm:"column:sku"`
	GTIN                *string `gorm:"column:gtin"`
	Title               string  `gorm:"column:title"`
	Options             string  `gorm:"column:options"`
	DeckWidthHundredths *int64  `gorm:"column:deck_width_hundredths"`
	WheelDiameterMM     *int64  `gorm:"column:wheel_diameter_mm"`
	WheelDurometer      *string `gorm:"column:wheel_durometer"`
	TruckSize           *string `gorm:"column:truck_size"`
	ShoeSizeUS          *string `gorm:"column:shoe_size_us"`
	ApparelSize         *string `gorm:"column:apparel_size"`
	CreatedAt           stamp   `gorm:"column:created_at"`
	UpdatedAt           stamp   `gorm:"column:updated_at"`
}

func (variantRow) TableName() string { return "variants" }

// option is the JSON shape of a variant option in variants.options.
type option struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

func toVariantRow(v catalog.Variant, listingID int64, now time.Time) (variantRow, error) {
	opts := make([]option, len(v.Options))
	for i, o := range v.Options {
		opts[i] = option(o)
	}
	b, err := json.Marshal(opts)
	if err != nil {
		return variantRow{}, fmt.Errorf("encode options of variant %s: %w", v.ExternalID, err)
	}
	a := v.Attributes
	return variantRow{
		ListingID: listingID, ExternalID: v.ExternalID, SKU: v.SKU, GTIN: nullText(v.GTIN),
		Title: v.Title, Options: string(b),
		DeckWidthHundredths: nullInt(a.DeckWidthHundredths), WheelDiameterMM: nullInt(a.WheelDiameterMM),
		WheelDurometer: nullText(a.WheelDurometer), TruckSize: nullText(a.TruckSize),
		ShoeSizeUS: nullText(a.ShoeSizeUS), ApparelSize: nullText(a.ApparelSize),
		CreatedAt: stamp{now}, UpdatedAt: stamp{now},
	}, nil
}

func (r variantRow) toDomain() (catalog.Variant, error) {
	var opts []option
	if err := json.Unmarshal([]byte(r.Options), &opts); err != nil {
		return catalog.Variant{}, fmt.Errorf("decode options of variant %s: %w", r.ExternalID, err)
	}
	var options []catalog.Option
	for _, o := range opts {
		options = append(options, catalog.Option(o))
	}
	return catalog.Variant{
		ExternalID: r.ExternalID, SKU: r.SKU, GTIN: text(r.GTIN), Title: r.Title, Options: options,
		Attributes: catalog.Attributes{
			DeckWidthHundredths: int(deref(r.DeckWidthHundredths)), WheelDiameterMM: int(deref(r.WheelDiameterMM)),
			WheelDurometer: text(r.WheelDurometer), TruckSize: text(r.TruckSize),
			ShoeSizeUS: text(r.ShoeSizeUS), ApparelSize: text(r.ApparelSize),
		},
	}, nil
}

// pointRow is one change point as history queries read it.
type pointRow struct {
	ValidFrom      stamp  `gorm:"column:valid_from"`
	LastSeenAt     stamp  `gorm:"column:last_seen_at"`
	PriceMinor     int64  `gorm:"column:price_minor"`
	CompareAtMinor *int64 `gorm:"column:compare_at_minor"`
	Currency       string `gorm:"column:currency"`
	Availability   string `gorm:"column:availability"`
	SourceRun      string `gorm:"column:source_run"`
}

func (pointRow) TableName() string { return "price_points" }

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nullText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nullInt(n int) *int64 {
	if n == 0 {
		return nil
	}
	v := int64(n)
	return &v
}

func text(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
