package api

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/skatestock/skatestock/modules/catalog"
)

// The discount patterns the analytics detected in variants' price
// histories, most recent first.

// listedVariantJSON is the variant a pattern or forecast is of, with its
// product.
type listedVariantJSON struct {
	ProductID int64            `json:"product_id"`
	Shop      string           `json:"shop"`
	ShopName  string           `json:"shop_name"`
	Title     string           `json:"title"`
	Brand     string           `json:"brand"`
	Category  catalog.Category `json:"category"`
	URL       string           `json:"url"`
	Variant   patternVariant   `json:"variant"`
}

type patternVariant struct {
	ExternalID string         `json:"external_id"`
	Title      string         `json:"title"`
	Attributes attributesJSON `json:"attributes"`
}

func listedVariantOf(k catalog.VariantKey, v catalog.ListedVariant) listedVariantJSON {
	return listedVariantJSON{ProductID: v.ProductID, Shop: k.ShopSlug, ShopName: v.ShopName, Title: v.Title,
		Brand: v.Brand, Category: v.Category, URL: v.URL,
		Variant: patternVariant{ExternalID: k.VariantExternalID, Title: v.VariantTitle, Attributes: attributesOf(v.Attributes)}}
}

type discountPatternJSON struct {
	listedVariantJSON
	Type            string     `json:"type"`
	From            time.Time  `json:"from"`
	To              time.Time  `json:"to"`
	ReferencePrice  *moneyJSON `json:"reference_price"`
	LowPrice        *moneyJSON `json:"low_price"`
	DiscountPercent float64    `json:"discount_percent"`
	Weekdays        []string   `json:"weekdays"`
	Evidence        string     `json:"evidence"`
	DetectedAt      time.Time  `json:"detected_at"`
}

type discountPatternPageJSON struct {
	Items      []discountPatternJSON `json:"items"`
	NextCursor *string               `json:"next_cursor"`
	Links      pageLinksJSON         `json:"links"`
}

// listDiscountPatterns answers GET /api/v1/analytics/discount-patterns.
func (s *Server) listDiscountPatterns(c echo.Context) (any, error) {
	if s.deps.Patterns == nil {
		return nil, notAvailable("discount patterns")
	}
	q, values, err := s.parsePatternQuery(c.QueryString())
	if err != nil {
		return nil, err
	}
	page, err := s.deps.Patterns.DiscountPatterns(c.Request().Context(), q)
	if err != nil {
		return nil, analyticsPageError("discount patterns", err, q.After)
	}
	out := discountPatternPageJSON{Items: make([]discountPatternJSON, 0, len(page.Items))}
	for _, it := range page.Items {
		days := make([]string, 0, len(it.Weekdays))
		for _, d := range it.Weekdays {
			days = append(days, strings.ToLower(d.String()))
		}
		out.Items = append(out.Items, discountPatternJSON{
			listedVariantJSON: listedVariantOf(it.Variant, it.ListedVariant),
			Type:              string(it.Kind), From: it.From.UTC(), To: it.To.UTC(),
			ReferencePrice: moneyOf(it.Reference), LowPrice: moneyOf(it.Price),
			DiscountPercent: percentOf(it.DiscountBP), Weekdays: days, Evidence: it.Evidence,
			DetectedAt: it.DetectedAt.UTC(),
		})
	}
	if page.Next != "" {
		cursor, link := page.Next, nextLink(c.Request().URL.Path, values)(page.Next)
		out.NextCursor, out.Links.Next = &cursor, &link
	}
	return out, nil
}

// parsePatternQuery reads the query of /analytics/discount-patterns: type
// (repeatable), brand, category, shop, the days from..to (as the trends
// read them), limit and cursor. values are the accepted parameters, for
// the next link.
func (s *Server) parsePatternQuery(raw string) (catalog.PatternQuery, url.Values, error) {
	p := parseParams(raw, "type", "brand", "category", "shop", "from", "to", "limit", "cursor")
	q := catalog.PatternQuery{Brands: readBrands(p), Categories: readCategories(p), Shops: readShops(p)}
	for _, v := range p.list("type") {
		k := catalog.PatternKind(strings.ToLower(strings.TrimSpace(v)))
		if k.Validate() != nil {
			p.fail("type", "must be one of "+kindNames())
			break
		}
		q.Kinds = append(q.Kinds, k)
	}
	q.Kinds = sortedUnique(q.Kinds)
	from, to := s.readDays(p)
	// Patterns that overlap the days, the last one included whole.
	q.From, q.To = from, to.Add(24*time.Hour-time.Microsecond)
	q.Limit = p.intRange("limit", 1, s.limits.max, s.limits.def)
	q.After = readCursor(p)
	if err := p.err(); err != nil {
		return catalog.PatternQuery{}, nil, err
	}
	return q, p.values, nil
}

func kindNames() string {
	var names []string
	for _, k := range catalog.PatternKinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}

// analyticsPageError blames the cursor for a refused page when one was
// given: every other parameter was checked before the store saw it.
func analyticsPageError(op string, err error, cursor string) error {
	if cursor != "" && errors.Is(err, catalog.ErrInvalid) {
		return badParams(InvalidParam{Name: "cursor",
			Reason: "is not a cursor of this endpoint; start again without it"})
	}
	return fmt.Errorf("%s: %w", op, err)
}
