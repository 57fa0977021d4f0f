package gormstore

import (
	"slices"
	"strings"

	"github.com/skatestock/skatestock/migrations"
	"github.com/skatestock/skatestock/modules/catalog"
)

// conds is the WHERE clause of a statement being built: conditions that are
// constants of this package, and the values they bind. Nothing a request
// carries is ever written into the SQL text.
type conds struct {
	sql  []string
	args []any
}

func (c *conds) add(cond string, args ...any) {
	c.sql = append(c.sql, cond)
	c.args = append(c.args, args...)
}

// clone is a copy of c that conditions can be added to without touching c.
func (c conds) clone() conds {
	return conds{sql: slices.Clone(c.sql), args: slices.Clone(c.args)}
}

// where renders the conditions as a WHERE clause, "" when there are none.
func (c *conds) where() string {
	if len(c.sql) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.sql, " AND ")
}

// productFilter is the part of a ProductQuery that selects products.
type productFilter struct {
	conds
	// priced says a filter holds that no never-priced product can pass
	// (a price bound, a discount, stock).
	priced bool
}

// newProductFilter turns the filters of q into conditions on listings l
// and listing_prices p. q must be valid. Slices bind as lists: GORM writes
// one placeholder per value.
func (s *Store) newProductFilter(q catalog.ProductQuery) productFilter {
	var f productFilter
	if len(q.Brands) > 0 {
		f.add("l.brand IN ?", q.Brands)
	}
	if len(q.Categories) > 0 {
		cats := make([]string, len(q.Categories))
		for i, c := range q.Categories {
			cats[i] = string(c)
		}
		f.add("l.category IN ?", cats)
	}
	if len(q.Shops) > 0 {
		f.add("l.shop_id IN (SELECT id FROM shops WHERE slug IN ?)", q.Shops)
	}
	if strings.TrimSpace(q.Text) != "" {
		s.addTextMatch(&f.conds, strings.Fields(SearchText(q.Text, "")))
	}
	if q.PriceMin != nil {
		f.add("p.price_min_minor >= ?", *q.PriceMin)
		f.priced = true
	}
	if q.PriceMax != nil {
		f.add("p.price_min_minor <= ?", *q.PriceMax)
		f.priced = true
	}
	if q.DiscountMinBP > 0 {
		f.add("p.discount_max_bp >= ?", q.DiscountMinBP)
		f.priced = true
	}
	if q.InStock {
		f.priced = true
	}
	switch {
	case !q.Size.IsZero():
		addSizeMatch(&f.conds, q.Size, q.InStock)
	case q.InStock:
		f.add("p.in_stock")
	}
	return f
}

// addTextMatch requires every word, folded by SearchText as search_text
// is, to begin a word of the listing's search_text. Text that folds to no
// word at all (only punctuation) matches nothing rather than everything.
//
// Postgres finds candidates with the trigram index (LIKE '%word%'), then
// keeps those where the word starts a word; SQLite asks its FTS5 table for
// a prefix match of every word. Both answer the same question, so the
// contract holds the two to the same results.
func (s *Store) addTextMatch(c *conds, words []string) {
	if len(words) == 0 {
		c.add("1 = 0")
		return
	}
	if s.dialect.Name() == migrations.SQLite {
		terms := make([]string, len(words))
		for i, w := range words {
			// A quoted string is never FTS5 syntax, whatever it holds;
			// the * after it asks for a prefix.
			terms[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"*`
		}
		c.add("l.id IN (SELECT rowid FROM listings_fts WHERE listings_fts MATCH ?)", strings.Join(terms, " "))
		return
	}
	for _, w := range words {
		w = escapeLike(w)
		c.add(`l.search_text LIKE ? ESCAPE '\' AND (' ' || l.search_text) LIKE ? ESCAPE '\'`, "%"+w+"%", "% "+w+"%")
	}
}

// escapeLike makes s match itself in a LIKE pattern with ESCAPE '\'.
// Folded words hold only letters and digits, so this guards the day the
// folding changes rather than any input of today.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// addSizeMatch requires a variant of one of the sizes of q, purchasable
// when inStock is set. The variants of those sizes are found once through
// the size columns' indexes; a correlated EXISTS would be the same to
// Postgres, but SQLite runs it per listing through the size index, reading
// every variant of that size each time.
func addSizeMatch(c *conds, q catalog.SizeQuery, inStock bool) {
	var sizes []string
	var args []any
	if q.DeckWidthHundredths != 0 {
		sizes = append(sizes, "v.deck_width_hundredths = ?")
		args = append(args, q.DeckWidthHundredths)
	}
	if q.WheelDiameterMM != 0 {
		sizes = append(sizes, "v.wheel_diameter_mm = ?")
		args = append(args, q.WheelDiameterMM)
	}
	if q.ShoeSizeUS != "" {
		sizes = append(sizes, "v.shoe_size_us = ?")
		args = append(args, q.ShoeSizeUS)
	}
	from, stock := "variants v", ""
	if inStock {
		// A variant never observed has no row in variant_prices: not
		// purchasable.
		from = "variants v JOIN variant_prices vp ON vp.variant_id = v.id"
		stock = " AND vp.availability <> '" + string(catalog.OutOfStock) + "'"
	}
	c.add("l.id IN (SELECT v.listing_id FROM "+from+" WHERE ("+strings.Join(sizes, " OR ")+")"+stock+")", args...)
}
