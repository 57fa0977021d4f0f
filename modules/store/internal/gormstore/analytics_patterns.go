package gormstore

import (
	"context"
	"fmt"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// patternRow is a row of discount_patterns.
type patternRow struct {
	VariantID      int64  `gorm:"column:variant_id"`
	Kind           string `gorm:"column:kind"`
	FirstAt        stamp  `gorm:"column:first_at"`
	LastAt         stamp  `gorm:"column:last_at"`
	ListingID      int64  `gorm:"column:listing_id"`
	ReferenceMinor int64  `gorm:"column:reference_minor"`
	PriceMinor     int64  `gorm:"column:price_minor"`
	Currency       string `gorm:"column:currency"`
	DiscountBP     int    `gorm:"column:discount_bp"`
	Weekdays       int    `gorm:"column:weekdays"`
	Evidence       string `gorm:"column:evidence"`
	DetectedAt     stamp  `gorm:"column:detected_at"`
}

func (patternRow) TableName() string { return "discount_patterns" }

// patternKey is the primary key of discount_patterns, by variant key.
type patternKey struct {
	variant catalog.VariantKey
	kind    catalog.PatternKind
	from    time.Time
}

// toPatternRow converts p; a pattern without DetectedAt was detected now.
func toPatternRow(p catalog.DiscountPattern, variantID, listingID int64, now time.Time) patternRow {
	if p.DetectedAt.IsZero() {
		p.DetectedAt = now
	}
	days := 0
	for _, d := range p.Weekdays {
		days |= 1 << d
	}
	return patternRow{
		VariantID: variantID, Kind: string(p.Kind), FirstAt: stamp{at(p.From)}, LastAt: stamp{at(p.To)},
		ListingID: listingID, ReferenceMinor: p.Reference.Amount, PriceMinor: p.Price.Amount,
		Currency: p.Price.Currency, DiscountBP: p.DiscountBP, Weekdays: days, Evidence: p.Evidence,
		DetectedAt: stamp{at(p.DetectedAt)},
	}
}

func (r patternRow) toDomain(key catalog.VariantKey) catalog.DiscountPattern {
	p := catalog.DiscountPattern{
		Variant: key, Kind: catalog.PatternKind(r.Kind), From: r.FirstAt.Time, To: r.LastAt.Time,
		Reference:  catalog.Money{Amount: r.ReferenceMinor, Currency: r.Currency},
		Price:      catalog.Money{Amount: r.PriceMinor, Currency: r.Currency},
		DiscountBP: r.DiscountBP, Evidence: r.Evidence, DetectedAt: r.DetectedAt.Time,
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if r.Weekdays&(1<<d) != 0 {
			p.Weekdays = append(p.Weekdays, d)
		}
	}
	return p
}

// ReplaceDiscountPatterns checks every pattern, then in one transaction
// resolves the listings' variants, deletes their patterns ending at or
// after since and inserts patterns: three statements and the batched
// inserts.
func (s *Store) ReplaceDiscountPatterns(ctx context.Context, listings []store.ListingKey, since time.Time, patterns []catalog.DiscountPattern) error {
	const op = "replace discount patterns"
	last := make(map[patternKey]int, len(patterns))
	keys := make([]catalog.VariantKey, len(patterns))
	for i, p := range patterns {
		if err := p.Validate(); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		if p.To.Before(since) {
			return fmt.Errorf("%s: %w", op, invalidf("to", "pattern of %s ends at %s, before %s", p.Variant,
				p.To.UTC().Format(time.RFC3339), since.UTC().Format(time.RFC3339)))
		}
		keys[i] = p.Variant
		last[patternKey{p.Variant, p.Kind, at(p.From)}] = i
	}
	if err := analyticsScope("pattern", listings, keys); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if len(listings) == 0 {
		return nil
	}
	err := s.inTx(ctx, func(t Tx) error {
		ids, err := s.clearListings(t, listings, "discount_patterns", " AND last_at >= ?", stamp{at(since)})
		if err != nil || ids == nil {
			return err
		}
		rows, now := make([]patternRow, 0, len(patterns)), s.clock()
		for i, p := range patterns {
			id, ok := ids[p.Variant]
			if !ok || last[patternKey{p.Variant, p.Kind, at(p.From)}] != i {
				continue
			}
			rows = append(rows, toPatternRow(p, id[0], id[1], now))
		}
		if len(rows) == 0 {
			return nil
		}
		return t.DB.CreateInBatches(rows, s.dialect.BatchSize()).Error
	})
	return s.fail(op, err)
}

// patternCursor is where a page of patterns ended: its last row's sort
// key, times in unix microseconds.
type patternCursor struct {
	Last    int64  `json:"t"`
	Variant int64  `json:"v"`
	Kind    string `json:"k"`
	First   int64  `json:"f"`
}

// patternReadRow is a pattern with its variant and listing.
type patternReadRow struct {
	Row     patternRow       `gorm:"embedded"`
	Variant listedVariantRow `gorm:"embedded"`
}

// DiscountPatterns reads one page in one statement, walking
// discount_patterns_recent_idx (or the kind index) from the cursor.
func (s *Store) DiscountPatterns(ctx context.Context, q catalog.PatternQuery) (catalog.PatternPage, error) {
	const op = "discount patterns"
	if err := q.Validate(); err != nil {
		return catalog.PatternPage{}, fmt.Errorf("%s: %w", op, err)
	}
	var c conds
	if len(q.Kinds) > 0 {
		kinds := make([]string, len(q.Kinds))
		for i, k := range q.Kinds {
			kinds[i] = string(k)
		}
		c.add("dp.kind IN ?", kinds)
	}
	addFacets(&c, q.Brands, q.Categories, q.Shops)
	if !q.From.IsZero() {
		c.add("dp.last_at >= ?", stamp{at(q.From)})
	}
	if !q.To.IsZero() {
		c.add("dp.first_at <= ?", stamp{at(q.To)})
	}
	if q.After != "" {
		var cur patternCursor
		if err := decodeAnalyticsCursor(q.After, &cur); err != nil {
			return catalog.PatternPage{}, fmt.Errorf("%s: %w", op, err)
		}
		last, first := stamp{time.UnixMicro(cur.Last).UTC()}, stamp{time.UnixMicro(cur.First).UTC()}
		c.add(`(dp.last_at < ? OR (dp.last_at = ? AND (dp.variant_id < ? OR (dp.variant_id = ? AND
			(dp.kind < ? OR (dp.kind = ? AND dp.first_at < ?))))))`,
			last, last, cur.Variant, cur.Variant, cur.Kind, cur.Kind, first)
	}
	var rows []patternReadRow
	err := s.db.WithContext(ctx).Raw(`SELECT dp.*, `+listedVariantColumns+` FROM discount_patterns dp`+
		listedVariantJoins("dp")+c.where()+
		` ORDER BY dp.last_at DESC, dp.variant_id DESC, dp.kind DESC, dp.first_at DESC LIMIT ?`,
		append(c.args, q.Limit+1)...).Scan(&rows).Error
	if err != nil {
		return catalog.PatternPage{}, s.fail(op, err)
	}
	page := catalog.PatternPage{Items: make([]catalog.PatternItem, 0, min(len(rows), q.Limit))}
	for i, r := range rows {
		if i == q.Limit {
			prev := rows[i-1].Row
			page.Next = encodeAnalyticsCursor(patternCursor{Last: prev.LastAt.UnixMicro(), Variant: prev.VariantID,
				Kind: prev.Kind, First: prev.FirstAt.UnixMicro()})
			break
		}
		key, lv := r.Variant.toDomain()
		page.Items = append(page.Items, catalog.PatternItem{DiscountPattern: r.Row.toDomain(key), ListedVariant: lv})
	}
	return page, nil
}
