package seed

import (
	"cmp"
	"slices"

	"github.com/skatestock/skatestock/modules/catalog"
)

// eachEvent reports every planted event that begins inside the window,
// variant by variant, with its span clipped to the window. Truth and Summary
// both read events through it so that they always agree.
func (g *Generator) eachEvent(yield func(kind EventKind, li, v, from, to int, ongoing bool, regular, price int64)) {
	last := g.clock.slots - 1
	for li := range g.plans {
		lp := &g.plans[li]
		for _, e := range lp.events {
			to, ongoing := min(e.to, last), e.to >= last
			switch e.kind {
			case EventClearance:
				to, ongoing = e.lastStep, false
			case EventPriceChange:
				ongoing = false
			}
			for v := range lp.count {
				yield(e.kind, li, v, e.from, to, ongoing, e.regular, e.price)
			}
		}
		for v := range lp.count {
			for _, e := range g.variants[lp.first+v].events {
				if e.from > last {
					continue // planned to begin after the window
				}
				yield(e.kind, li, v, e.from, min(e.to, last), e.to >= last, e.regular, e.price)
			}
		}
	}
}

// buildTruth labels everything planted.
func (g *Generator) buildTruth() Truth {
	t := Truth{Window: g.Window(), Groups: g.groups()}
	for i := range g.shops {
		p := g.shops[i].profile
		if w := p.Weekly; w != nil {
			c := *w
			c.Weekdays, c.Categories = slices.Clone(w.Weekdays), slices.Clone(w.Categories)
			p.Weekly = &c
		}
		t.Shops = append(t.Shops, p)
	}
	for li := range g.plans {
		if q := g.plans[li].quirk; q != "" {
			t.Quirks = append(t.Quirks, Quirk{Listing: g.ref(li), Kind: q})
		}
		if tr := g.traits[li]; tr != 0 {
			t.Titles = append(t.Titles, TitleLabel{Listing: g.ref(li), Traits: tr.list()})
		}
	}
	t.LookAlikes = g.lookAlikes()
	// Events are sorted as compact records and only then expanded: sorting
	// millions of full Events (200 bytes each) would take seconds. The key
	// is unique (a variant's events of one kind never overlap), so the order
	// is total and an unstable sort is deterministic.
	type record struct {
		li, v, from, to int32
		kind            EventKind
		ongoing         bool
		regular, price  int64
	}
	var recs []record
	g.eachEvent(func(kind EventKind, li, v, from, to int, ongoing bool, regular, price int64) {
		recs = append(recs, record{int32(li), int32(v), int32(from), int32(to), kind, ongoing, regular, price})
	})
	slices.SortFunc(recs, func(a, b record) int {
		return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.li, b.li), cmp.Compare(a.v, b.v), cmp.Compare(a.kind, b.kind))
	})
	t.Events = make([]Event, len(recs))
	for i, r := range recs {
		cur := g.shops[g.plans[r.li].shop].shop.Currency
		price := catalog.Money{Amount: r.price, Currency: cur}
		if r.kind == EventStockOut {
			price = catalog.Money{}
		}
		t.Events[i] = g.event(r.kind, int(r.li), int(r.v), int(r.from), int(r.to), r.ongoing, catalog.Money{Amount: r.regular, Currency: cur}, price)
	}
	return t
}

func (g *Generator) event(kind EventKind, li, v, from, to int, ongoing bool, regular, price catalog.Money) Event {
	l := &g.listings[li]
	shop := g.plans[li].shop
	return Event{
		Kind:    kind,
		Variant: catalog.VariantKey{ShopSlug: l.ShopSlug, ListingExternalID: l.ExternalID, VariantExternalID: l.Variants[v].ExternalID},
		Listing: li, VariantIndex: v,
		From: g.clock.at(shop, from), To: g.clock.at(shop, to), FromSlot: from, ToSlot: to,
		Ongoing: ongoing, Regular: regular, Price: price,
	}
}

func (g *Generator) ref(li int) ListingRef {
	return ListingRef{Index: li, ShopSlug: g.listings[li].ShopSlug, ExternalID: g.listings[li].ExternalID}
}

// groups lists the products sold by two or more shops, in product order.
func (g *Generator) groups() []ProductGroup {
	var out []ProductGroup
	var parts []string
	for pi := range g.products {
		p := &g.products[pi]
		if len(p.listings) < 2 {
			continue
		}
		ln := &g.lines[p.line]
		parts = ln.modelParts(p.model, parts[:0])
		title := canonicalTitle(ln, parts)
		grp := ProductGroup{Key: slugify(title), Title: title, Brand: ln.brand.name, Category: ln.category}
		listings := slices.Clone(p.listings)
		slices.SortFunc(listings, func(a, b int) int { return cmp.Compare(g.plans[a].shop, g.plans[b].shop) })
		sizes := make([]SizeGroup, len(p.sizes))
		shared := make([]int, len(p.sizes)) // listings publishing the maker's GTIN, per size
		for si, s := range p.sizes {
			sizes[si] = SizeGroup{Size: s, GTIN: p.gtins[si]}
		}
		for _, li := range listings {
			grp.Listings = append(grp.Listings, g.ref(li))
			lp, l := &g.plans[li], &g.listings[li]
			publishes := false
			for v, si := range lp.sizes {
				key := catalog.VariantKey{ShopSlug: l.ShopSlug, ListingExternalID: l.ExternalID, VariantExternalID: l.Variants[v].ExternalID}
				sizes[si].Variants = append(sizes[si].Variants, key)
				if code := l.Variants[v].GTIN; code != "" && p.gtins[si] != "" && gtinKey(code) == gtinKey(p.gtins[si]) {
					publishes = true
					shared[si]++
				}
			}
			if publishes {
				grp.GTINListings++
			}
		}
		for si := range sizes {
			if len(sizes[si].Variants) >= 2 {
				grp.Sizes = append(grp.Sizes, sizes[si])
				grp.SharedGTIN = grp.SharedGTIN || shared[si] >= 2
			}
		}
		out = append(out, grp)
	}
	return out
}

// Truth returns the planted labels. It is worked out afresh on each call
// (the generator keeps only the plan, which is far smaller than the labels
// of a big history), so callers should keep the result.
func (g *Generator) Truth() Truth { return g.buildTruth() }

// Summary counts the generated catalog and its planted events;
// Observations is every observation Run would write.
func (g *Generator) Summary() Summary {
	s := Summary{
		Shops: len(g.shops), Listings: len(g.listings), Variants: len(g.variants),
		Observations: len(g.variants) * g.clock.slots,
	}
	for i := range g.products {
		if len(g.products[i].listings) >= 2 {
			s.Groups++
		}
	}
	g.eachEvent(func(kind EventKind, _, _, _, _ int, ongoing bool, _, _ int64) {
		switch kind {
		case EventSale:
			s.Sales++
		case EventFlash:
			s.FlashSales++
		case EventClearance:
			s.Clearances++
		case EventPriceError:
			s.PriceErrors++
		case EventStockOut:
			s.StockOuts++
			if !ongoing {
				s.Restocks++
			}
		case EventPriceChange:
			s.PriceChanges++
		case EventFakeSale:
			s.FakeSales++
		case EventSeasonal:
			s.Seasonal++
		}
	})
	return s
}
