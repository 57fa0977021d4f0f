package gormstore

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// What the pattern and forecast reads share: the variant and listing each
// row is shown with, their facet filters and their cursors.

// listedVariantColumns are the columns of a listed variant: v, its listing
// l and its shop sh.
const listedVariantColumns = `l.id AS product_id, sh.slug AS shop_slug, sh.name AS shop_name,
	l.external_id AS listing_external_id, l.title AS listing_title, l.brand AS brand, l.category AS category,
	l.url AS url, v.external_id AS variant_external_id, v.title AS variant_title,
	v.deck_width_hundredths, v.wheel_diameter_mm, v.wheel_durometer, v.truck_size, v.shoe_size_us, v.apparel_size`

// listedVariantJoins joins the variant of the rows of alias a (which has a
// variant_id column) to its listing and shop.
func listedVariantJoins(a string) string {
	return ` JOIN variants v ON v.id = ` + a + `.variant_id JOIN listings l ON l.id = v.listing_id JOIN shops sh ON sh.id = l.shop_id`
}

// listedVariantRow is what listedVariantColumns read.
type listedVariantRow struct {
	ProductID           int64   `gorm:"column:product_id"`
	ShopSlug            string  `gorm:"column:shop_slug"`
	ShopName            string  `gorm:"column:shop_name"`
	ListingExternalID   string  `gorm:"column:listing_external_id"`
	ListingTitle        string  `gorm:"column:listing_title"`
	Brand               string  `gorm:"column:brand"`
	Category            string  `gorm:"column:category"`
	URL                 string  `gorm:"column:url"`
	VariantExternalID   string  `gorm:"column:variant_external_id"`
	VariantTitle        string  `gorm:"column:variant_title"`
	DeckWidthHundredths *int64  `gorm:"column:deck_width_hundredths"`
	WheelDiameterMM     *int64  `gorm:"column:wheel_diameter_mm"`
	WheelDurometer      *string `gorm:"column:wheel_durometer"`
	TruckSize           *string `gorm:"column:truck_size"`
	ShoeSizeUS          *string `gorm:"column:shoe_size_us"`
	ApparelSize         *string `gorm:"column:apparel_size"`
}

func (r listedVariantRow) toDomain() (catalog.VariantKey, catalog.ListedVariant) {
	key := catalog.VariantKey{ShopSlug: r.ShopSlug, ListingExternalID: r.ListingExternalID, VariantExternalID: r.VariantExternalID}
	return key, catalog.ListedVariant{
		ProductID: r.ProductID, ShopName: r.ShopName, Title: r.ListingTitle, Brand: r.Brand,
		Category: catalog.Category(r.Category), URL: r.URL, VariantTitle: r.VariantTitle,
		Attributes: catalog.Attributes{
			DeckWidthHundredths: int(deref(r.DeckWidthHundredths)), WheelDiameterMM: int(deref(r.WheelDiameterMM)),
			WheelDurometer: text(r.WheelDurometer), TruckSize: text(r.TruckSize),
			ShoeSizeUS: text(r.ShoeSizeUS), ApparelSize: text(r.ApparelSize),
		},
	}
}

// addFacets adds the brand, category and shop filters on l.
func addFacets(c *conds, brands []string, categories []catalog.Category, shops []string) {
	if len(brands) > 0 {
		c.add("l.brand IN ?", brands)
	}
	if len(categories) > 0 {
		cats := make([]string, len(categories))
		for i, cat := range categories {
			cats[i] = string(cat)
		}
		c.add("l.category IN ?", cats)
	}
	if len(shops) > 0 {
		c.add("l.shop_id IN (SELECT id FROM shops WHERE slug IN ?)", shops)
	}
}

// maxAnalyticsCursor bounds the length of a pattern or forecast cursor.
const maxAnalyticsCursor = 512

// encodeAnalyticsCursor makes c an opaque cursor: base64url JSON. It reaches SQL
// only as bound parameters.
func encodeAnalyticsCursor(c any) string {
	b, _ := json.Marshal(c) // plain structs of numbers and strings always encode
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeAnalyticsCursor reads a cursor encodeAnalyticsCursor made into c, wrapping
// ErrInvalid when it is not one.
func decodeAnalyticsCursor(raw string, c any) error {
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil || len(raw) > maxAnalyticsCursor || json.Unmarshal(b, c) != nil {
		return invalidf("cursor", "malformed cursor")
	}
	return nil
}

// analyticsScope checks that every variant of keys belongs to a listing of
// listings, naming the first that does not, wrapping ErrInvalid.
func analyticsScope(what string, listings []store.ListingKey, keys []catalog.VariantKey) error {
	in := make(map[store.ListingKey]bool, len(listings))
	for _, l := range listings {
		in[l] = true
	}
	for _, k := range keys {
		if !in[store.ListingKey{ShopSlug: k.ShopSlug, ExternalID: k.ListingExternalID}] {
			return invalidf(what, "%s is not of a listing being replaced (%s)", k, listingsList(listings))
		}
	}
	return nil
}

// listingsList names up to three listings for an error.
func listingsList(ls []store.ListingKey) string {
	var names []string
	for i, l := range ls {
		if i == 3 {
			names = append(names, fmt.Sprintf("and %d more", len(ls)-3))
			break
		}
		names = append(names, l.ShopSlug+"/"+l.ExternalID)
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// variantIDs maps the variants of listings to their ids and their
// listings' ids, in one statement; it also returns the ids of the
// listings that exist.
// clearListings resolves the variants of listings and deletes the rows of
// table (an analytics read model keyed by listing_id) that belong to them
// and match cond. ids is nil when the store holds none of the listings.
func (s *Store) clearListings(t Tx, listings []store.ListingKey, table, cond string, condArgs ...any) (map[catalog.VariantKey][2]int64, error) {
	ids, listingIDs, err := s.variantIDs(t, listings)
	if err != nil || len(listingIDs) == 0 {
		return nil, err
	}
	q, args, err := s.with(t, "d(id)", (&Rowset{Len: len(listingIDs)}).Int(listingIDs))
	if err != nil {
		return nil, err
	}
	err = t.DB.Exec(q+` DELETE FROM `+table+` WHERE listing_id IN (SELECT id FROM d)`+cond, append(args, condArgs...)...).Error
	if err != nil {
		return nil, err
	}
	return ids, nil
}

func (s *Store) variantIDs(t Tx, listings []store.ListingKey) (map[catalog.VariantKey][2]int64, []int64, error) {
	rows, err := s.listingVariants(t, listings)
	if err != nil {
		return nil, nil, err
	}
	ids := make(map[catalog.VariantKey][2]int64, len(rows))
	seen := map[int64]bool{}
	var listingIDs []int64
	for _, r := range rows {
		ids[r.key()] = [2]int64{r.ID, r.Row.ListingID}
		if !seen[r.Row.ListingID] {
			seen[r.Row.ListingID] = true
			listingIDs = append(listingIDs, r.Row.ListingID)
		}
	}
	return ids, listingIDs, nil
}
