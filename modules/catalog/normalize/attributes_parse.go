package normalize

import (
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// sizeSource is one text a size may be read from, prepared by sizeText.
type sizeSource struct {
	text   string
	named  string // the option's compact name ("size", "durometer"), "" for titles
	option bool   // an option value or a part of the variant title, not the listing title
}

// Attributes reads the sizes that tell a variant apart from its options, its
// variant title and the listing title, in that order of trust: option values
// named like sizes ("Size", "Width", "Durometer") first, then the other
// options, then the variant title, then, for the sizes shops put in product
// names (deck width, wheel diameter and hardness, truck size), the listing
// title. Which fields are read depends on category:
//
//   - decks and completes: DeckWidthHundredths from 8.25", 8.25in, 8.25 inch,
//     8,25" or a bare decimal between 5 and 12 ("8.25 / Black"); a bare whole
//     number ("8") only as a whole size option. Widths are exact decimal
//     strings rounded half up to hundredths, the unit catalog keeps: 8.125"
//     is 813, the same as 8.13".
//   - wheels: WheelDiameterMM from "54mm" (52.5mm rounds half up to 53) or a
//     bare number in a size/diameter option; WheelDurometer "99A" from "99a",
//     "99 DU", "101 duro", "83B", "52D", or a bare number in a durometer option
//     (A scale).
//   - trucks: TruckSize, the maker's size name: "5.2 Hi" / "5.8 Low" / "5.0 Mid"
//     (Venture), a three-digit name "149" (Independent, Thunder; "149mm"
//     and "Stage 11 149" give "149"), a decimal width "8.25" (Krux, Tensor)
//     or a two-digit name "44" (Ace) when it is the whole option value.
//   - shoes: ShoeSizeUS, US men's or unisex only ("US 9.5", "9.5", "M9.5",
//     "Men's 9.5 / Women's 11", "9½"): women's, kids', UK, EU, JP and cm sizes
//     are not converted, since makers' tables differ, and give "".
//   - apparel and accessories: ApparelSize "XS", "S", "M", "L", "XL", "XXL",
//     "XXXL", "OS" or a pair "S/M", "L/XL", from a whole option value or a
//     whole part of the variant title, never from the listing title ("Large
//     Logo Tee" has no size).
//
// Other categories get no attributes. The result always passes
// catalog.Variant validation.
func Attributes(category catalog.Category, options []catalog.Option, variantTitle, listingTitle string) catalog.Attributes {
	srcs := sizeSources(options, variantTitle)
	var a catalog.Attributes
	switch category {
	case catalog.CategoryDecks, catalog.CategoryCompletes:
		a.DeckWidthHundredths = firstInt(srcs, listingTitle, deckWidth)
	case catalog.CategoryWheels:
		a.WheelDiameterMM = firstInt(srcs, listingTitle, wheelDiameter)
		a.WheelDurometer = firstString(srcs, listingTitle, wheelDurometer)
	case catalog.CategoryTrucks:
		a.TruckSize = firstString(srcs, listingTitle, truckSize)
	case catalog.CategoryShoes:
		a.ShoeSizeUS = firstString(srcs, "", shoeSizeUS)
	case catalog.CategoryApparel, catalog.CategoryAccessories:
		a.ApparelSize = firstString(srcs, "", apparelSize)
	}
	return a
}

// sizeSources orders the texts Attributes reads: size-named options, other
// options, then the parts of the variant title ("8.25 / Black" is two parts).
// Shopify's "Default Title" placeholder is skipped.
func sizeSources(options []catalog.Option, variantTitle string) []sizeSource {
	var named, other []sizeSource
	for _, o := range options {
		if o.Value == "" {
			continue
		}
		src := sizeSource{text: sizeText(o.Value), named: compactKey(o.Name), option: true}
		if sizeName(src.named) {
			named = append(named, src)
		} else {
			src.named = ""
			other = append(other, src)
		}
	}
	srcs := append(named, other...)
	if compactKey(variantTitle) == "defaulttitle" {
		return srcs
	}
	for _, part := range splitVariantTitle(variantTitle) {
		srcs = append(srcs, sizeSource{text: sizeText(part), option: true})
	}
	return srcs
}

// splitVariantTitle cuts a variant title into the option values it joins:
// Shopify uses " / ", others " - " or " | ". A slash without spaces stays, as
// in "S/M" or "1/2".
func splitVariantTitle(title string) []string {
	title = variantSeparators.Replace(title)
	var parts []string
	for _, p := range strings.Split(title, " / ") {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return parts
}

// variantSeparators is immutable and safe for concurrent use.
var variantSeparators = strings.NewReplacer(" - ", " / ", " | ", " / ", " – ", " / ")

// sizeName reports whether an option's compact name says it holds a size.
func sizeName(key string) bool {
	for _, w := range []string{"size", "width", "diameter", "duro", "hardness", "axle", "hanger", "length"} {
		if strings.Contains(key, w) {
			return true
		}
	}
	return false
}

func durometerName(key string) bool {
	return strings.Contains(key, "duro") || strings.Contains(key, "hardness")
}

// firstInt returns the first non-zero value parse finds in srcs, then in
// listingTitle.
func firstInt(srcs []sizeSource, listingTitle string, parse func(sizeSource) int) int {
	for _, s := range srcs {
		if v := parse(s); v != 0 {
			return v
		}
	}
	if listingTitle != "" {
		return parse(sizeSource{text: sizeText(listingTitle)})
	}
	return 0
}

// firstString is firstInt for string attributes.
func firstString(srcs []sizeSource, listingTitle string, parse func(sizeSource) string) string {
	for _, s := range srcs {
		if v := parse(s); v != "" {
			return v
		}
	}
	if listingTitle != "" {
		return parse(sizeSource{text: sizeText(listingTitle)})
	}
	return ""
}
