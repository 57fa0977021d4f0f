package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
	"github.com/skatestock/skatestock/modules/store"
	"github.com/skatestock/skatestock/modules/store/sqlite"
)

// TestAnalyticsMatchRebuild seeds a small catalog, rebuilds the matches and
// checks that a product the seed planted at several shops lists the other
// shops' listings as offers, and that no stored match pairs two sizes.
func TestAnalyticsMatchRebuild(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "skatestock.db")
	dbURL := "sqlite://" + path
	const shops, products, end = 3, 150, "2025-06-30T12:00:00Z"
	for _, args := range [][]string{
		{"migrate", "up", "--database-url", dbURL},
		{"seed", "--database-url", dbURL, "--products", "150", "--shops", "3", "--days", "1", "--end", end},
	} {
		if r := runCLI(t, nil, args...); r.code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
	}
	r := runAnalytics(t, "match", "--database-url", dbURL)
	if r.code != exitOK || !strings.Contains(r.stdout, "accepted") {
		t.Fatalf("analytics match: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}

	// The truth the seed planted, from the same generator settings.
	sc := seed.DefaultConfig()
	sc.Shops, sc.Products, sc.Days = shops, products, 1
	sc.End, _ = time.Parse(time.RFC3339, end)
	gen, err := seed.New(sc)
	if err != nil {
		t.Fatal(err)
	}
	truth := gen.Truth()

	ctx := context.Background()
	db, err := sqlite.Open(ctx, sqlite.Config{Path: path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if c, err := db.MatchCounts(ctx); err != nil || c.Accepted == 0 || !strings.Contains(r.stdout, " accepted") {
		t.Fatalf("MatchCounts = %+v, %v; want accepted matches", c, err)
	}

	var group *seed.ProductGroup
	for i, g := range truth.Groups {
		if g.SharedGTIN {
			group = &truth.Groups[i]
			break
		}
	}
	if group == nil {
		t.Fatal("the seed planted no group tied by barcodes")
	}
	keys := make([]store.ListingKey, len(group.Listings))
	for i, l := range group.Listings {
		keys[i] = store.ListingKey{ShopSlug: l.ShopSlug, ExternalID: l.ExternalID}
	}
	states, err := db.ListingStates(ctx, keys)
	if err != nil || len(states) != len(keys) {
		t.Fatalf("ListingStates of group %s = %d, %v", group.Key, len(states), err)
	}
	inGroup := map[int64]bool{}
	for _, p := range states {
		inGroup[p.ID] = true
	}
	p, err := db.Product(ctx, states[keys[0]].ID)
	if err != nil {
		t.Fatal(err)
	}
	others := 0
	for _, o := range p.Offers {
		if o.Match == "self" {
			continue
		}
		if o.ShopSlug == p.ShopSlug || o.Score <= 0 {
			t.Errorf("offer %+v of %s: same shop or no score", o, p.ShopSlug)
		}
		if inGroup[o.ProductID] {
			others++
		}
	}
	if others == 0 {
		t.Errorf("group %s (%d listings sharing barcodes): product %d offers %+v, want another shop's listing of it",
			group.Key, len(group.Listings), p.ID, p.Offers)
	}

	checkMatchesKeepSizes(t, db)
}

// checkMatchesKeepSizes checks every stored match: its listings are of
// different shops and each variant pair has equal size attributes.
func checkMatchesKeepSizes(t *testing.T, db interface {
	store.Matches
	Listings(ctx context.Context, keys []store.ListingKey) (map[store.ListingKey]catalog.Listing, error)
}) {
	t.Helper()
	ctx := context.Background()
	var after store.ListingKey
	checked := 0
	for {
		keys, err := db.ListingKeys(ctx, after, 200)
		if err != nil {
			t.Fatal(err)
		}
		if len(keys) == 0 {
			break
		}
		after = keys[len(keys)-1]
		for _, k := range keys {
			ms, err := db.ListingMatches(ctx, k)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				if m.A != (catalog.ListingRef(k)) {
					continue // checked from its A side
				}
				checked++
				ls, err := db.Listings(ctx, []store.ListingKey{store.ListingKey(m.A), store.ListingKey(m.B)})
				if err != nil {
					t.Fatal(err)
				}
				a, b := ls[store.ListingKey(m.A)], ls[store.ListingKey(m.B)]
				if m.A.ShopSlug == m.B.ShopSlug || len(m.Variants) == 0 {
					t.Errorf("match %s~%s: same shop or no variants", m.A, m.B)
				}
				for _, v := range m.Variants {
					va, okA := variantByID(a, v.A)
					vb, okB := variantByID(b, v.B)
					if !okA || !okB || va.Attributes != vb.Attributes {
						t.Errorf("match %s~%s pairs %s %+v with %s %+v", m.A, m.B, v.A, va.Attributes, v.B, vb.Attributes)
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Error("no match to check")
	}
}

func variantByID(l catalog.Listing, id string) (catalog.Variant, bool) {
	for _, v := range l.Variants {
		if v.ExternalID == id {
			return v, true
		}
	}
	return catalog.Variant{}, false
}
