package seed

import (
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
)

func TestShopTable(t *testing.T) {
	if len(shopTable) != MaxShops {
		t.Fatalf("shopTable has %d rows, Config allows %d shops", len(shopTable), MaxShops)
	}
	slugs := map[string]bool{}
	for i, s := range newShops(MaxShops) {
		if err := s.shop.Validate(); err != nil {
			t.Errorf("row %d: %v", i, err)
		}
		if slugs[s.shop.Slug] {
			t.Errorf("row %d: slug %s repeated", i, s.shop.Slug)
		}
		slugs[s.shop.Slug] = true
		r := s.row
		if r.size <= 0 || r.title >= len(titleStyles) || r.options >= len(optionStyles) || r.weekly >= len(weeklyDeals) {
			t.Errorf("row %d (%s): size or style index out of range", i, r.slug)
		}
		if r.gtinDigits != 0 && r.gtinDigits != 13 && r.gtinDigits != 14 {
			t.Errorf("row %d (%s): GTIN digits %d", i, r.slug, r.gtinDigits)
		}
	}
	for i, d := range weeklyDeals[1:] {
		if d.BasisPoints <= 0 || d.BasisPoints >= 2500 {
			t.Errorf("weekly deal %d: %d basis points, want under 25%% so it never reads as a flash sale", i+1, d.BasisPoints)
		}
	}
}

func TestLineTables(t *testing.T) {
	brands := map[string]bool{}
	for _, b := range brandTable {
		if brands[b.name] {
			t.Errorf("brand %s repeated", b.name)
		}
		brands[b.name] = true
		if n := len(b.gtinPrefix); n != 0 && n != 6 && n != 7 {
			t.Errorf("brand %s: GS1 prefix %q must have 6 or 7 digits", b.name, b.gtinPrefix)
		}
	}
	total := 0
	for _, ln := range resolveLines() {
		name := ln.productLine.brand + " " + ln.name
		if !brands[ln.productLine.brand] {
			t.Errorf("line %s: unknown brand", name)
		}
		if ln.usd[0] < 1 || ln.usd[0] > ln.usd[1] || ln.weight <= 0 || ln.capacity <= 0 {
			t.Errorf("line %s: price range %v, weight %d, capacity %d", name, ln.usd, ln.weight, ln.capacity)
		}
		if (ln.kind == wheelSize) != (ln.duro != "") {
			t.Errorf("line %s: wheels need a durometer and nothing else has one", name)
		}
		if ln.kind != oneSize && len(ln.sizes) == 0 {
			t.Errorf("line %s: sized line without sizes", name)
		}
		for _, s := range ln.sizes {
			if a := attributes(&ln, s); ln.kind == deckSize && (a.DeckWidthHundredths < 775 || a.DeckWidthHundredths > 850) {
				t.Errorf("line %s: deck width %s is %d hundredths", name, s, a.DeckWidthHundredths)
			}
		}
		if ln.titleNoun(0) == "" && ln.category != catalog.CategoryShoes {
			t.Errorf("line %s: no noun for titles", name)
		}
		total += ln.capacity
	}
	// With one shop every listing is a distinct product.
	if total < MaxProducts {
		t.Errorf("product lines make %d distinct products, fewer than %d listings at one shop", total, MaxProducts)
	}
}

func TestMoneyRounding(t *testing.T) {
	tests := []struct {
		name      string
		got, want int64
	}{
		{"charm .95 down", charmDown(6512, end95, 2), 6495},
		{"charm .95 exact", charmDown(6495, end95, 2), 6495},
		{"charm .99", charmDown(7050, end99, 2), 6999},
		{"charm .00", charmDown(7050, end00, 2), 7000},
		{"charm yen", charmDown(10237, end00, 0), 10230},
		{"charm none below", charmDown(80, end95, 2), 0},
		{"near .99", charmNear(6495*13600/10000, end99, 2), 8799},
		{"near yen", charmNear(10349, end00, 0), 10300},
		{"USD MSRP kept", localMSRP(6495, "USD", end99), 6495},
		{"CAD MSRP", localMSRP(6495, "CAD", end99), 8799},
		{"20% off 64.95 at .95", discounted(6495, 2000, end95, 2), 5195},
		{"25% off 9.95 falls back to cents", discounted(995, 2500, end95, 2), 746},
		{"never below a cent", discounted(3, 9000, end95, 2), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %d, want %d", tt.got, tt.want)
			}
		})
	}
	for _, ref := range []int64{195, 995, 2495, 6495, 8899, 12000, 16990} {
		for bp := 1000; bp <= 7000; bp += 250 {
			for _, e := range []priceEnding{end95, end99, end00} {
				p := discounted(ref, bp, e, 2)
				if p*10000 > ref*int64(10000-bp) || p*10000 < ref*int64(10000-bp-500)-10000 {
					t.Fatalf("discounted(%d, %d) = %d, outside %d..%d bp off", ref, bp, p, bp, bp+500)
				}
			}
		}
	}
}

func TestGTINs(t *testing.T) {
	tests := []struct {
		name string
		code string
		len  int
	}{
		{"UPC-12", makerGTIN("846138", 42), 12},
		{"EAN-13", makerGTIN("4066748", 42), 13},
		{"padded to 13", padGTIN(makerGTIN("846138", 7), 13), 13},
		{"padded to 14", padGTIN(makerGTIN("846138", 7), 14), 14},
		{"in-store", withCheck("2" + itoaPad(3, 2) + itoaPad(12345, 9)), 13},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.code) != tt.len || !catalog.ValidGTIN(tt.code) {
				t.Errorf("%q: want a valid %d-digit GTIN", tt.code, tt.len)
			}
		})
	}
	if makerGTIN("846138", 100000) != "" || makerGTIN("", 1) != "" {
		t.Error("makerGTIN must give up past the item numbers of its prefix, or without a prefix")
	}
	if gtinKey(makerGTIN("846138", 7)) != gtinKey(padGTIN(makerGTIN("846138", 7), 13)) {
		t.Error("padded and unpadded codes must share a key")
	}
}

func TestSizes(t *testing.T) {
	tests := []struct {
		size         string
		hundredths   int
		short, token string
	}{
		{"8.125", 813, "8.13", "8125"},
		{"8.0", 800, "8", "80"},
		{"8.38", 838, "8.38", "838"},
		{"7.75", 775, "7.75", "775"},
		{"8.5", 850, "8.5", "85"},
	}
	for _, tt := range tests {
		t.Run(tt.size, func(t *testing.T) {
			if h, s, tok := hundredths(tt.size), deckLabel(tt.size, true), sizeToken(tt.size); h != tt.hundredths || s != tt.short || tok != tt.token {
				t.Errorf("hundredths %d, short %q, token %q; want %d %q %q", h, s, tok, tt.hundredths, tt.short, tt.token)
			}
		})
	}
	if got := sizeToken(`1 1/8"`); got != "1-18" {
		t.Errorf("sizeToken(1 1/8\") = %q", got)
	}
}

func TestSlotClock(t *testing.T) {
	for _, perDay := range []int{1, 3, 7, 24, 48} {
		for _, shops := range []int{1, 5, 50} {
			c := newSlotClock(DefaultEnd(), 30, perDay, shops)
			if got := c.at(shops-1, c.slots-1); !got.Equal(DefaultEnd()) {
				t.Fatalf("perDay %d shops %d: last slot at %v, want End", perDay, shops, got)
			}
			for _, k := range []int{-1000, -1, 0, 1, 17, c.slots - 1, c.slots, 50000} {
				for _, s := range []int{0, shops - 1} {
					at := c.at(s, k)
					if c.slotAt(s, at) != k || c.slotAt(s, at.Add(-1)) != k-1 {
						t.Fatalf("perDay %d shops %d shop %d: slotAt(at(%d)) = %d", perDay, shops, s, k, c.slotAt(s, at))
					}
					if s == shops-1 && !c.at(s, k).Before(c.at(0, k+1)) {
						t.Fatalf("perDay %d shops %d: the last shop of slot %d is not before the next slot", perDay, shops, k)
					}
				}
			}
		}
	}
}
