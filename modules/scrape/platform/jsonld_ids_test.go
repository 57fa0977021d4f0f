package platform_test

import (
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape/platform"
)

// parseLDAt parses one product whose "url" is productURL (none when empty)
// on a page at pageURL, and returns its listing.
func parseLDAt(t *testing.T, pageURL, productURL string, offers string) catalog.Listing {
	t.Helper()
	urlProp := ""
	if productURL != "" {
		urlProp = `"url":` + quote(productURL) + `,`
	}
	body := ldPage(`{"@type":"Product","name":"Baker Deck",` + urlProp + `"offers":` + offers + `}`)
	page, err := platform.ParseJSONLDProduct(body, pageURL, usShop(catalog.PlatformJSONLD), testAt, testRun)
	if err != nil {
		t.Fatal(err)
	}
	assertPageValid(t, page)
	if len(page.Listings) != 1 {
		t.Fatalf("want one listing, got %d (%v)", len(page.Listings), page.Problems)
	}
	return page.Listings[0]
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

const oneOffer = `{"price":"1.00","priceCurrency":"USD","availability":"InStock"}`

// TestJSONLDListingIDIgnoresHost pins the id rule: the canonical product
// URL's path and query, whatever host spelling the shop answers under, with
// the spellings of one path normalized.
func TestJSONLDListingIDIgnoresHost(t *testing.T) {
	long := "/p/1/" + strings.Repeat("long-handle-", 30)
	tests := []struct {
		name string
		urls []string // every one is the same product
		want string   // "" for the long case: checked to be a hash
	}{
		{"http and https", []string{"http://shop.example/p/1/x", "https://shop.example/p/1/x"}, "/p/1/x"},
		{"www and bare host", []string{"https://www.shop.example/p/1/x", "https://shop.example/p/1/x", "https://SHOP.example/p/1/x"}, "/p/1/x"},
		{"ports and userinfo", []string{"http://127.0.0.1:8081/p/1/x", "http://127.0.0.1:41517/p/1/x", "https://user@shop.example:443/p/1/x"}, "/p/1/x"},
		{"trailing slash", []string{"https://shop.example/product/x/", "https://shop.example/product/x", "https://shop.example/product/x//"}, "/product/x"},
		{"tracking, variant selectors and fragment", []string{
			"https://shop.example/p/1/x?utm_source=ig&utm_medium=social",
			"https://shop.example/p/1/x?variant=44012345678901",
			"https://shop.example/p/1/x?attribute_pa_size=8-25&gclid=abc#reviews",
			"https://shop.example/p/1/x?",
		}, "/p/1/x"},
		{"query that names the product is kept, sorted", []string{
			"https://shop.example/product.php?id=5&lang=de",
			"http://www.shop.example/product.php?lang=de&utm_campaign=x&id=5",
		}, "/product.php?id=5&lang=de"},
		{"percent-encoding", []string{
			"https://shop.example/p/1/größe",
			"https://shop.example/p/1/gr%c3%b6%c3%9fe",
			"https://shop.example/p/1/gr%C3%B6%C3%9Fe",
		}, "/p/1/gr%C3%B6%C3%9Fe"},
		{"escaped unreserved characters", []string{"https://shop.example/p/1/%7Ex%2Dy", "https://shop.example/p/1/~x-y"}, "/p/1/~x-y"},
		{"escaped slash stays a segment", []string{"https://shop.example/p/1/a%2fb"}, "/p/1/a%2Fb"},
		{"dot segments", []string{"https://shop.example/p/./1/x", "https://shop.example/p/2/../1/x"}, "/p/1/x"},
		{"empty path", []string{"https://shop.example", "https://shop.example/", "http://www.shop.example/#top"}, "/"},
		{"case is kept", []string{"https://shop.example/p/1/Baker-Deck", "https://SHOP.EXAMPLE/p/1/Baker-Deck"}, "/p/1/Baker-Deck"},
		{"long URL hashes the path only", []string{"https://shop.example" + long, "http://www.shop.example" + long + "/"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var first string
			for i, u := range tt.urls {
				l := parseLDAt(t, "https://other.example/page", u, oneOffer)
				if i == 0 {
					first = l.ExternalID
				}
				if tt.want != "" && l.ExternalID != tt.want {
					t.Errorf("%s: id %q, want %q", u, l.ExternalID, tt.want)
				}
				if l.ExternalID != first {
					t.Errorf("%s: id %q, but %s gave %q", u, l.ExternalID, tt.urls[0], first)
				}
				if !strings.HasPrefix(l.URL, "http://") && !strings.HasPrefix(l.URL, "https://") {
					t.Errorf("%s: listing URL %q is not absolute", u, l.URL)
				}
			}
			if tt.want == "" && (!strings.HasPrefix(first, "url:") || len(first) != len("url:")+16) {
				t.Errorf("long URL: id %q, want url: and a 16-digit hash", first)
			}
		})
	}
}

// TestJSONLDListingIDDistinguishes keeps apart what the rule must not merge.
func TestJSONLDListingIDDistinguishes(t *testing.T) {
	for _, pair := range [][2]string{
		{"https://shop.example/p/1/Baker-Deck", "https://shop.example/p/1/baker-deck"},
		{"https://shop.example/product.php?id=5", "https://shop.example/product.php?id=6"},
		{"https://shop.example/p/1/a%2Fb", "https://shop.example/p/1/a/b"},
		{"https://shop.example/p/1/x", "https://shop.example/p/2/x"},
		{"https://shop.example/a" + strings.Repeat("x", 300), "https://shop.example/b" + strings.Repeat("x", 300)},
	} {
		a := parseLDAt(t, ldPageURL, pair[0], oneOffer).ExternalID
		b := parseLDAt(t, ldPageURL, pair[1], oneOffer).ExternalID
		if a == b {
			t.Errorf("%s and %s share the id %q", pair[0], pair[1], a)
		}
	}
}

// TestJSONLDListingIDFromPageURL: a product without "url" takes the page's,
// under the same rule.
func TestJSONLDListingIDFromPageURL(t *testing.T) {
	for _, page := range []string{"http://shop.example/p/1/x/?utm_source=a", "https://www.shop.example/p/1/x#top"} {
		l := parseLDAt(t, page, "", oneOffer)
		if l.ExternalID != "/p/1/x" || l.Handle != "x" {
			t.Errorf("page %s: id %q handle %q, want /p/1/x and x", page, l.ExternalID, l.Handle)
		}
		if !strings.HasPrefix(l.URL, strings.SplitN(page, "/p/", 2)[0]) {
			t.Errorf("page %s: listing URL %q lost the page's host", page, l.URL)
		}
	}
}

// TestJSONLDVariantIDFromURL: variants known only by their links get the
// links' path and query, not their host, and a link to the listing's own
// page names no variant.
func TestJSONLDVariantIDFromURL(t *testing.T) {
	offer := func(u, name string) string {
		return `{"url":` + quote(u) + `,"name":"` + name + `","price":"1.00","priceCurrency":"USD","availability":"InStock"}`
	}
	var ids [][]string
	for _, host := range []string{"http://127.0.0.1:8081", "https://www.shop.example"} {
		l := parseLDAt(t, host+"/p/1/x", host+"/p/1/x", `[`+
			offer(host+"/p/1/x?variant=1&utm_source=a", "8.0")+`,`+
			offer("/p/1/x?variant=2#size", "8.25")+`,`+
			offer(host+"/p/1/x/?utm_source=a", "8.5")+`]`)
		var got []string
		for _, v := range l.Variants {
			got = append(got, v.ExternalID)
		}
		ids = append(ids, got)
		if len(got) != 3 || got[0] != "/p/1/x?variant=1" || got[1] != "/p/1/x?variant=2" || !strings.HasPrefix(got[2], "h") {
			t.Errorf("%s: variant ids %q, want the two variant links and a hash for the listing's own page", host, got)
		}
	}
	if strings.Join(ids[0], " ") != strings.Join(ids[1], " ") {
		t.Errorf("variant ids depend on the host: %q and %q", ids[0], ids[1])
	}
}

// FuzzJSONLDListingID holds the id rule to its promise on any path: the
// same path and query under another scheme and host spelling is the same
// listing.
func FuzzJSONLDListingID(f *testing.F) {
	for _, s := range []string{"p/1/x", "p/1/x/?utm_source=a", "product.php?id=5&b=%zz", "gr%c3%b6/../x", "a%2Fb//c#f", "?", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rest string) {
		var ids []string
		for _, host := range []string{"https://shop.example/", "http://www.shop.example:8080/"} {
			body := ldPage(`{"@type":"Product","name":"Deck","url":` + quote(host+rest) + `,"offers":` + oneOffer + `}`)
			page, err := platform.ParseJSONLDProduct(body, host, usShop(catalog.PlatformJSONLD), testAt, testRun)
			if err != nil || len(page.Listings) != 1 {
				return // not a URL, or not JSON once quoted: nothing to compare
			}
			assertPageValid(t, page)
			ids = append(ids, page.Listings[0].ExternalID)
		}
		if ids[0] != ids[1] {
			t.Fatalf("%q: id %q under one host, %q under another", rest, ids[0], ids[1])
		}
	})
}
