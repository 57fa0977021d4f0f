package match_test

import (
	"testing"

	"github.com/skatestock/skatestock/modules/analytics/match"
	"github.com/skatestock/skatestock/modules/catalog"
)

// FuzzMatchPair adds two listings with arbitrary titles and checks what
// the matcher reports is well formed, whatever the titles say.
func FuzzMatchPair(f *testing.F) {
	f.Add("Spitfire F4 Classic 99a Bighead White Wheels", "Spitfire Formula Four Classic 99A Bighead Wheels - White", "Spitfire")
	f.Add("Indy Stg 11 Std", "Independent Stage 11 Standard", "Independent")
	f.Add("GP Skate Tool", "Genuine Parts Skate Tool", "")
	f.Add("\xff", "", "N/A")
	f.Fuzz(func(t *testing.T, ta, tb, brand string) {
		m, err := match.New(match.DefaultConfig())
		if err != nil {
			t.Fatal(err)
		}
		for i, title := range []string{ta, tb} {
			m.Add(catalog.Listing{
				ShopSlug: []string{"a", "b"}[i], ExternalID: "1", Title: title, Brand: brand, Category: catalog.CategoryWheels,
				Variants: []catalog.Variant{{ExternalID: "1", Attributes: catalog.Attributes{WheelDiameterMM: 54, WheelDurometer: "99A"}}},
			})
		}
		for _, mt := range append(m.Matches(), m.Review()...) {
			if mt.Score <= 0 || mt.Score > 1 || mt.TitleScore < 0 || mt.TitleScore > 1 || len(mt.Variants) != 1 ||
				mt.A.ShopSlug != "a" || mt.B.ShopSlug != "b" {
				t.Fatalf("titles %q and %q gave %+v", ta, tb, mt)
			}
		}
	})
}
