package seed

import (
	"slices"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// shopState is one generated shop: its public record and the planted
// behaviour behind it.
type shopState struct {
	shop      catalog.Shop
	row       shopRow
	profile   ShopProfile
	decimals  int
	title     titleStyle
	options   optionStyle
	weekly    *WeeklyDeal // nil when none; owned by this shop
	weeklyDay [7]bool     // weekdays the deal runs
}

// newShops takes the first n rows of shopTable.
func newShops(n int) []shopState {
	out := make([]shopState, n)
	for i, row := range shopTable[:n] {
		s := shopState{
			shop: catalog.Shop{
				Slug: row.slug, Name: row.name, Platform: row.platform,
				BaseURL: "https://" + row.slug + ".example", Currency: row.currency, Country: row.country,
			},
			row:      row,
			decimals: decimalsOf(row.currency),
			title:    titleStyles[row.title],
			options:  optionStyles[row.options],
		}
		if row.weekly != 0 {
			d := weeklyDeals[row.weekly]
			s.weekly = &WeeklyDeal{
				Weekdays:    slices.Clone(d.Weekdays),
				Categories:  slices.Clone(d.Categories),
				BasisPoints: d.BasisPoints,
			}
			for _, wd := range d.Weekdays {
				s.weeklyDay[wd] = true
			}
		}
		s.profile = ShopProfile{
			Slug: row.slug, CompareAt: row.compareAt, GTINs: row.gtins, GTINDigits: row.gtinDigits, Weekly: s.weekly,
		}
		out[i] = s
	}
	return out
}

// weeklyCovers reports whether the shop's weekly deal covers category c on
// some days.
func (s *shopState) weeklyCovers(c catalog.Category) bool {
	return s.weekly != nil && slices.Contains(s.weekly.Categories, c)
}

// weeklyOn reports whether the weekly deal runs on weekday d.
func (s *shopState) weeklyOn(d time.Weekday) bool { return s.weeklyDay[d] }
