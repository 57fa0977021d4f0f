package gormstore

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
)

func sorts() []catalog.ProductSort {
	var out []catalog.ProductSort
	for _, f := range catalog.ProductSortFields() {
		out = append(out, catalog.ProductSort{Field: f}, catalog.ProductSort{Field: f, Desc: true})
	}
	return out
}

func TestCursorRoundTrip(t *testing.T) {
	tests := []cursor{
		{Field: "price", Num: 3999, ID: 7},
		{Field: "price", Desc: true, Unpriced: true, ID: 1},
		{Field: "discount", Num: 10000, ID: 1 << 40},
		{Field: "updated", Desc: true, Num: 1748772000123456, ID: 3},
		{Field: "title", Text: "cafe formula wheels spitfire", ID: 12},
		{Field: "title", Desc: true, Text: "", ID: 12},
	}
	for _, c := range tests {
		sort := catalog.ProductSort{Field: catalog.ProductSortField(c.Field), Desc: c.Desc}
		got, err := decodeCursor(c.encode(), sort)
		if err != nil || got != c {
			t.Errorf("decode(encode(%+v)) = %+v, %v", c, got, err)
		}
	}
}

func TestCursorRejected(t *testing.T) {
	price := catalog.ProductSort{Field: catalog.SortPrice}
	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name, cursor string
		sort         catalog.ProductSort
	}{
		{"not base64", "!!!", price},
		{"padded base64", base64.URLEncoding.EncodeToString([]byte(`{"f":"price","i":1}`)), price},
		{"not JSON", b64("price:1"), price},
		{"empty object", b64("{}"), price},
		{"JSON array", b64(`["price",1]`), price},
		{"unknown field", b64(`{"f":"price","i":1,"sql":"1=1"}`), price},
		{"trailing value", b64(`{"f":"price","i":1}{"f":"price","i":2}`), price},
		{"trailing garbage", b64(`{"f":"price","i":1}x`), price},
		{"other direction", b64(`{"f":"price","d":true,"i":1}`), price},
		{"other field", b64(`{"f":"discount","i":1}`), price},
		{"unknown field name", b64(`{"f":"l.id","i":1}`), catalog.ProductSort{Field: "l.id"}},
		{"zero id", b64(`{"f":"price","i":0}`), price},
		{"negative id", b64(`{"f":"price","i":-5}`), price},
		{"id out of range", b64(`{"f":"price","i":1e30}`), price},
		{"string id", b64(`{"f":"price","i":"1"}`), price},
		{"negative price", b64(`{"f":"price","n":-1,"i":1}`), price},
		{"text on a price sort", b64(`{"f":"price","t":"x","i":1}`), price},
		{"unpriced with a value", b64(`{"f":"price","u":true,"n":5,"i":1}`), price},
		{"discount above 100%", b64(`{"f":"discount","n":10001,"i":1}`), catalog.ProductSort{Field: catalog.SortDiscount}},
		{"time after year 9999", b64(`{"f":"updated","n":253402300800000000,"i":1}`), catalog.ProductSort{Field: catalog.SortUpdated}},
		{"negative time", b64(`{"f":"updated","n":-1,"i":1}`), catalog.ProductSort{Field: catalog.SortUpdated}},
		{"unpriced title", b64(`{"f":"title","u":true,"i":1}`), catalog.ProductSort{Field: catalog.SortTitle}},
		{"NUL in a title", b64(`{"f":"title","t":"a\u0000b","i":1}`), catalog.ProductSort{Field: catalog.SortTitle}},
		{"title not folded", b64(`{"f":"title","t":"Café","i":1}`), catalog.ProductSort{Field: catalog.SortTitle}},
		{"invalid UTF-8", b64("{\"f\":\"title\",\"t\":\"\xff\",\"i\":1}"), catalog.ProductSort{Field: catalog.SortTitle}},
		{"number on a title sort", b64(`{"f":"title","n":4,"i":1}`), catalog.ProductSort{Field: catalog.SortTitle}},
		{"too long", strings.Repeat("A", maxCursorLen+1), price},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := decodeCursor(tt.cursor, tt.sort)
			if !errors.Is(err, catalog.ErrInvalid) || !strings.Contains(err.Error(), "after") {
				t.Errorf("decodeCursor = %+v, %v; want ErrInvalid naming after", c, err)
			}
		})
	}
}

// FuzzCursor feeds the decoder what a client may send instead of a cursor.
// It must never panic, must fail only with ErrInvalid, and whatever it
// accepts must be a cursor the store could have made for that sort.
func FuzzCursor(f *testing.F) {
	for _, c := range []cursor{
		{Field: "price", Num: 3999, ID: 7}, {Field: "price", Desc: true, Unpriced: true, ID: 1},
		{Field: "discount", Num: 2500, ID: 2}, {Field: "updated", Desc: true, Num: 1748772000123456, ID: 3},
		{Field: "title", Text: "spitfire formula four", ID: 12},
	} {
		f.Add(c.encode())
	}
	for _, s := range []string{"", "!!!", "e30", "eyJmIjoicHJpY2UiLCJpIjoxfQ", strings.Repeat("A", 5000), "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sort := range sorts() {
			c, err := decodeCursor(s, sort)
			if err != nil {
				if !errors.Is(err, catalog.ErrInvalid) {
					t.Fatalf("decodeCursor(%q, %v) error %v does not wrap ErrInvalid", s, sort, err)
				}
				continue
			}
			if c.Field != string(sort.Field) || c.Desc != sort.Desc || c.check() != nil {
				t.Fatalf("decodeCursor(%q, %v) accepted %+v", s, sort, c)
			}
			if again, err := decodeCursor(c.encode(), sort); err != nil || again != c {
				t.Fatalf("re-encoded %+v decodes as %+v, %v", c, again, err)
			}
			_ = c.value()
		}
	})
}

// FuzzTitleCursor checks that the store can read back the cursor of every
// title sort page: that of any title and brand a listing may have.
func FuzzTitleCursor(f *testing.F) {
	for _, s := range [][2]string{
		{"Café Formula Wheels", "Spitfire"}, {"SPİTFİRE Straße", "Æblegrød"}, {"スケート Deck", ""},
		{"한국 스케이트", "ǅ"}, {strings.Repeat("ß", 500), strings.Repeat("😀", 100)},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, title, brand string) {
		l := catalog.Listing{ShopSlug: "shop", ExternalID: "1", Title: title, Brand: brand, Category: catalog.CategoryOther,
			URL: "https://shop.example/1", Variants: []catalog.Variant{{ExternalID: "1"}}}
		if l.Validate() != nil {
			return
		}
		for _, sort := range []catalog.ProductSort{{Field: catalog.SortTitle}, {Field: catalog.SortTitle, Desc: true}} {
			c := cursor{Field: string(sort.Field), Desc: sort.Desc, Text: SearchText(title, brand), ID: 1}
			if got, err := decodeCursor(c.encode(), sort); err != nil || got != c {
				t.Fatalf("title %q brand %q: cursor %+v decodes as %+v, %v", title, brand, c, got, err)
			}
		}
	})
}
