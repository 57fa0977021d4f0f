package dedup

import (
	"cmp"
	"encoding/binary"
	"slices"

	"github.com/skatestock/skatestock/modules/catalog"
)

// listingKeyTag starts every ListingKey encoding. ContentKey encodings
// start with contentKeyVersion, a small number; the tag keeps the two kinds
// of keys apart in one filter, and changes when what the key covers does.
const listingKeyTag = 0x81

// ListingKey returns the KeySize-byte key of what l says of itself and of
// its variants: shop, external id, handle, title, brand, category, URL,
// image URL and tags, and each variant's id, SKU, GTIN, title, options (in
// any order) and attributes, variants in id order. Prices are left out, so
// that a listing re-scraped unchanged at a new price gives the same key:
// that repetition lets ingest skip writing the listing, once the store
// confirms it holds the same. A collision, or a field the key missed,
// only makes a changed listing "maybe seen", which that confirmation
// catches. Like ContentKey, the key is stable across processes, releases
// and machines, and shares no encoding with a ContentKey.
func ListingKey(l catalog.Listing) []byte {
	var buf [512]byte
	b := append(buf[:0], listingKeyTag)
	for _, s := range []string{l.ShopSlug, l.ExternalID, l.Handle, l.Title, l.Brand, string(l.Category), l.URL, l.ImageURL} {
		b = appendString(b, s)
	}
	b = binary.BigEndian.AppendUint32(b, uint32(len(l.Tags)))
	for _, t := range l.Tags {
		b = appendString(b, t)
	}
	variants := slices.SortedFunc(slices.Values(l.Variants), func(x, y catalog.Variant) int { return cmp.Compare(x.ExternalID, y.ExternalID) })
	b = binary.BigEndian.AppendUint32(b, uint32(len(variants)))
	for _, v := range variants {
		b = appendVariant(b, v)
	}
	return digest(b)
}

func appendVariant(b []byte, v catalog.Variant) []byte {
	for _, s := range []string{v.ExternalID, v.SKU, v.GTIN, v.Title} {
		b = appendString(b, s)
	}
	options := slices.SortedFunc(slices.Values(v.Options), func(x, y catalog.Option) int {
		return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.Value, y.Value))
	})
	b = binary.BigEndian.AppendUint32(b, uint32(len(options)))
	for _, o := range options {
		b = appendString(appendString(b, o.Name), o.Value)
	}
	a := v.Attributes
	b = binary.BigEndian.AppendUint64(b, uint64(a.DeckWidthHundredths))
	b = binary.BigEndian.AppendUint64(b, uint64(a.WheelDiameterMM))
	for _, s := range []string{a.WheelDurometer, a.TruckSize, a.ShoeSizeUS, a.ApparelSize} {
		b = appendString(b, s)
	}
	return b
}
