package gormstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Product returns the product with id, in three statements: its summary (as
// Products reads it) with its tags, its variants' current state, then the
// listings it is matched with, as offers.
func (s *Store) Product(ctx context.Context, id int64) (catalog.Product, error) {
	op := fmt.Sprintf("product %d", id)
	db := s.db.WithContext(ctx)
	var rows []summaryRow
	err := db.Raw(s.summarySQL("SELECT "+pageColumns+
		" FROM listings l LEFT JOIN listing_prices p ON p.listing_id = l.id WHERE l.id = ?"), id).Scan(&rows).Error
	if err != nil {
		return catalog.Product{}, s.fail(op, err)
	}
	if len(rows) == 0 {
		return catalog.Product{}, s.fail(op, gorm.ErrRecordNotFound)
	}
	p := catalog.Product{ProductSummary: rows[0].toDomain()}
	if p.Tags, err = rows[0].tags(); err != nil {
		return catalog.Product{}, s.fail(op, err)
	}
	var vrows []variantStateRow
	if err := db.Raw(`SELECT v.*, `+variantStateSelect+` FROM variants v`+variantPricesJoin+`
		WHERE v.listing_id = ?`, id).Scan(&vrows).Error; err != nil {
		return catalog.Product{}, s.fail(op, err)
	}
	p.Variants = make([]catalog.VariantState, len(vrows))
	for i, r := range vrows {
		if p.Variants[i], err = r.toDomain(); err != nil {
			return catalog.Product{}, s.fail(op, err)
		}
	}
	slices.SortFunc(p.Variants, func(a, b catalog.VariantState) int { return strings.Compare(a.ExternalID, b.ExternalID) })
	matched, err := s.matchedOffers(db, id)
	if err != nil {
		return catalog.Product{}, s.fail(op, err)
	}
	p.Offers = offers(p.ProductSummary, matched)
	return p, nil
}

// offers lists the offers of a product cheapest first: those priced in
// the product's currency by amount, then those in other currencies, then
// unpriced ones; its own listing first among equals. matched are the
// listings of its accepted cross-shop matches (matchedOffers), with their
// evidence and score.
func offers(self catalog.ProductSummary, matched []catalog.Offer) []catalog.Offer {
	out := append([]catalog.Offer{{
		ProductID: self.ID, ShopSlug: self.ShopSlug, ShopName: self.ShopName, Title: self.Title, URL: self.URL,
		Price: self.Price, DiscountBP: self.DiscountBP, InStock: self.InStock, Match: "self", Score: 1,
	}}, matched...)
	rank := func(o catalog.Offer) int {
		switch {
		case o.Price.IsZero():
			return 2
		case o.Price.Currency != self.Price.Currency:
			return 1
		}
		return 0
	}
	slices.SortStableFunc(out, func(a, b catalog.Offer) int {
		return cmp.Or(
			cmp.Compare(rank(a), rank(b)),
			strings.Compare(a.Price.Currency, b.Price.Currency),
			cmp.Compare(a.Price.Amount, b.Price.Amount))
	})
	return out
}

// ProductHistory returns the history over [from, to] of every variant of
// product id in two statements: its variants, then the change points of
// all of them (a third tells an unknown product from one without
// variants).
func (s *Store) ProductHistory(ctx context.Context, id int64, from, to time.Time) ([]catalog.VariantHistory, error) {
	op := fmt.Sprintf("history of product %d", id)
	if from.After(to) {
		return nil, fmt.Errorf("%s: %w", op, invalidf("from", "%s is after to %s",
			from.UTC().Format(time.RFC3339Nano), to.UTC().Format(time.RFC3339Nano)))
	}
	db := s.db.WithContext(ctx)
	var vrows []variantStateRow // the state is not read: history only needs the variants
	if err := db.Raw(`SELECT * FROM variants WHERE listing_id = ?`, id).Scan(&vrows).Error; err != nil {
		return nil, s.fail(op, err)
	}
	if len(vrows) == 0 {
		var n int64
		if err := db.Raw(`SELECT COUNT(*) FROM listings WHERE id = ?`, id).Scan(&n).Error; err != nil {
			return nil, s.fail(op, err)
		}
		if n == 0 {
			return nil, s.fail(op, gorm.ErrRecordNotFound)
		}
		return []catalog.VariantHistory{}, nil
	}
	// Each variant's points from the one in force at from (or from
	// itself, when none was) to to: one range scan of the unique key each.
	f, t := stamp{at(from)}, stamp{at(to)}
	var points []historyPointRow
	err := db.Raw(`SELECT pp.variant_id, pp.valid_from, pp.last_seen_at, pp.price_minor, pp.compare_at_minor,
			pp.currency, pp.availability, pp.source_run
		FROM (SELECT v.id, COALESCE((SELECT MAX(q.valid_from) FROM price_points q
				WHERE q.variant_id = v.id AND q.valid_from <= ?), ?) AS start
			FROM variants v WHERE v.listing_id = ?) b
		JOIN price_points pp ON pp.variant_id = b.id AND pp.valid_from >= b.start AND pp.valid_from <= ?
		ORDER BY pp.variant_id, pp.valid_from`, f, f, id, t).Scan(&points).Error
	if err != nil {
		return nil, s.fail(op, err)
	}
	spans := make(map[int64][]catalog.PriceSpan, len(vrows))
	for _, p := range points {
		pp := p.Point.toDomain(catalog.VariantKey{})
		spans[p.VariantID] = append(spans[p.VariantID], catalog.PriceSpan{
			ValidFrom: pp.ValidFrom, LastSeen: pp.LastSeen, Price: pp.Price, CompareAt: pp.CompareAt,
			Availability: pp.Availability,
		})
	}
	out := make([]catalog.VariantHistory, len(vrows))
	for i, r := range vrows {
		v, err := r.Row.toDomain()
		if err != nil {
			return nil, s.fail(op, err)
		}
		out[i] = catalog.VariantHistory{ExternalID: v.ExternalID, Title: v.Title, Attributes: v.Attributes,
			Spans: spans[r.ID]}
		if out[i].Spans == nil {
			out[i].Spans = []catalog.PriceSpan{}
		}
	}
	slices.SortFunc(out, func(a, b catalog.VariantHistory) int { return strings.Compare(a.ExternalID, b.ExternalID) })
	return out, nil
}
