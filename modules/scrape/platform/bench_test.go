package platform_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape/platform"
)

// shopifyBenchPage is a products.json page of n products the size real
// stores serve at limit=250: four variants, a body_html, tags, images.
func shopifyBenchPage(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"products":[`)
	brands := []string{"Baker Skateboards", "Spitfire Wheels", "Independent Truck Co.", "Thrasher", "Vans", "Bones Bearings"}
	types := []string{"Skateboard Decks", "Wheels", "Trucks", "T-Shirts", "Skate Shoes", "Bearings"}
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		id := 8123456789000 + i
		k := i % len(brands)
		fmt.Fprintf(&b, `{"id":%d,"title":"%s Model %d &amp; Friends","handle":"model-%d","body_html":"<p>%s</p>","published_at":"2026-10-02T10:14:03-07:00","created_at":"2026-10-01T16:20:11-07:00","updated_at":"2026-11-01T08:00:00-07:00","vendor":"%s","product_type":"%s","tags":["new","sale","brand_%d","team"],"variants":[`,
			id, brands[k], i, i, strings.Repeat("Seven-ply maple, medium concave, mellow kicks. ", 8), brands[k], types[k], k)
		for v, size := range []string{"8.0", "8.25", "8.38", "8.5"} {
			if v > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":%d,"title":"%s","option1":"%s","option2":null,"option3":null,"sku":"SKU-%d-%d","requires_shipping":true,"taxable":true,"featured_image":null,"available":%t,"price":"64.95","grams":1361,"compare_at_price":%s,"position":%d,"product_id":%d,"created_at":"2026-10-01T16:20:11-07:00","updated_at":"2026-11-01T08:00:00-07:00"}`,
				44012345670000+i*10+v, size, size, i, v, v%3 != 0, map[bool]string{true: `"79.95"`, false: "null"}[v%2 == 0], v+1, id)
		}
		fmt.Fprintf(&b, `],"images":[{"id":%d,"src":"https://cdn.shopify.com/s/files/1/0001/0002/products/model-%d.jpg?v=1696200012","width":1200,"height":1200}],"options":[{"name":"Size","position":1,"values":["8.0","8.25","8.38","8.5"]}]}`, 39000000000000+i, i)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// wooBenchPage is a Store API page of n products, mostly simple, every
// fourth variable.
func wooBenchPage(n int) []byte {
	var b strings.Builder
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		typ, variations := "simple", `[]`
		if i%4 == 0 {
			typ, variations = "variable", fmt.Sprintf(`[{"id":%d,"attributes":[{"name":"Width","value":"8-25"}]},{"id":%d,"attributes":[{"name":"Width","value":"8-5"}]}]`, 90000+i*2, 90001+i*2)
		}
		fmt.Fprintf(&b, `{"id":%d,"name":"Baker &#8211; Pro Deck %d","slug":"baker-pro-%d","parent":0,"type":"%s","variation":"","permalink":"https://woo.example/product/baker-pro-%d/","sku":"BAK-%d","short_description":"<p>%s</p>","description":"<p>%s</p>","on_sale":true,"prices":{"price":"5495","regular_price":"6995","sale_price":"5495","price_range":null,"currency_code":"USD","currency_symbol":"$","currency_minor_unit":2,"currency_decimal_separator":".","currency_thousand_separator":",","currency_prefix":"$","currency_suffix":""},"price_html":"<del>$69.95</del> <ins>$54.95</ins>","average_rating":"0","review_count":0,"images":[{"id":%d,"src":"https://woo.example/wp-content/uploads/2026/10/pro-%d.jpg","thumbnail":"https://woo.example/wp-content/uploads/2026/10/pro-%d-300x300.jpg","srcset":"","sizes":"","name":"","alt":""}],"categories":[{"id":17,"name":"Skateboards","slug":"skateboards","link":""},{"id":18,"name":"Decks","slug":"decks","link":""}],"tags":[{"id":51,"name":"Pro Model","slug":"pro-model","link":""}],"brands":[{"id":3,"name":"Baker","slug":"baker","link":""}],"attributes":[{"id":1,"name":"Width","taxonomy":"pa_width","has_variations":true,"terms":[{"id":90,"name":"8.25\"","slug":"8-25","default":false},{"id":91,"name":"8.5\"","slug":"8-5","default":false}]}],"variations":%s,"has_options":true,"is_purchasable":true,"is_in_stock":%t,"is_on_backorder":false,"low_stock_remaining":null,"stock_availability":{"text":"In stock","class":"in-stock"},"sold_individually":false,"add_to_cart":{"text":"Add to cart","description":"Add to cart","url":"?add-to-cart=%d","minimum":1,"maximum":9999,"multiple_of":1},"extensions":{}}`,
			4000+i, i, i, typ, i, i, strings.Repeat("Popsicle shape. ", 10), strings.Repeat("Seven-ply maple with a medium concave. ", 12), 900+i, i, i, variations, i%3 != 0, 4000+i)
	}
	b.WriteByte(']')
	return []byte(b.String())
}

// jsonLDBenchPage is a typical ~100 KB product page: navigation, inline
// scripts and styles, a product block with one offer per size, and the usual
// Organization and BreadcrumbList blocks.
func jsonLDBenchPage() []byte {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baker Brand Logo Deck</title>`)
	b.WriteString(`<style>` + strings.Repeat(".product-card{display:flex;margin:0 auto;padding:1rem}", 300) + `</style>`)
	b.WriteString(`<script>window.theme = {` + strings.Repeat(`"key":"value with \"quotes\" and <tags>",`, 300) + `"end":1};</script>`)
	b.WriteString(`<script type="application/ld+json">{"@context":"https://schema.org","@type":"Organization","name":"Ocean Ave Skate","url":"https://shop.example","logo":"https://shop.example/logo.png","sameAs":["https://instagram.com/oceanave"]}</script>`)
	b.WriteString(`<script type="application/ld+json">{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Home","item":"https://shop.example/"},{"@type":"ListItem","position":2,"name":"Decks","item":"https://shop.example/collections/decks"}]}</script>`)
	b.WriteString(`<script type="application/ld+json">{"@context":"http://schema.org/","@type":"Product","name":"Baker Brand Logo Deck","url":"https://shop.example/products/baker-brand-logo-deck","image":["https://cdn.shopify.com/baker.jpg"],"description":"` + strings.Repeat("Seven-ply maple. ", 40) + `","sku":"BAK-BL","brand":{"@type":"Brand","name":"Baker"},"offers":[`)
	for i, size := range []string{"7.75", "8.0", "8.125", "8.25", "8.38", "8.5", "8.75", "9.0"} {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"@type":"Offer","sku":"BAK-BL-%d","gtin13":"4006381333931","availability":"http://schema.org/InStock","price":"64.95","priceCurrency":"USD","url":"https://shop.example/products/baker-brand-logo-deck?variant=%d","name":"Baker Brand Logo Deck - %s","priceSpecification":{"@type":"UnitPriceSpecification","priceType":"https://schema.org/StrikethroughPrice","price":"79.95","priceCurrency":"USD"}}`, i, 44012345678900+i, size)
	}
	b.WriteString(`]}</script></head><body>`)
	for b.Len() < 100_000 {
		b.WriteString(`<div class="grid__item"><a href="/products/other-deck" class="card"><img src="//cdn.shopify.com/x.jpg" alt="Other deck" loading="lazy"><span class="price">$64.95</span></a></div>` + "\n")
	}
	b.WriteString(`</body></html>`)
	return []byte(b.String())
}

func sitemapBenchPage(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">`)
	for i := range n {
		fmt.Fprintf(&b, "<url><loc>https://shop.example/products/model-%d</loc><lastmod>2026-10-31T08:15:02-07:00</lastmod><changefreq>daily</changefreq><image:image><image:loc>https://cdn.shopify.com/model-%d.jpg</image:loc><image:title>Model %d</image:title></image:image></url>\n", i, i, i)
	}
	b.WriteString(`</urlset>`)
	return []byte(b.String())
}

func benchParse(b *testing.B, body []byte, parse func([]byte) (platform.Page, error), wantListings int) {
	page, err := parse(body)
	if err != nil || len(page.Listings) != wantListings {
		b.Fatalf("bench page: %d listings, problems %v, error %v", len(page.Listings), page.Problems, err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := parse(body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkShopify250Products(b *testing.B) {
	shop := usShop(catalog.PlatformShopify)
	benchParse(b, shopifyBenchPage(250), func(body []byte) (platform.Page, error) {
		return platform.ParseShopifyProducts(body, shop, testAt, testRun)
	}, 250)
}

func BenchmarkWoo100Products(b *testing.B) {
	shop := usShop(catalog.PlatformWooCommerce)
	benchParse(b, wooBenchPage(100), func(body []byte) (platform.Page, error) {
		return platform.ParseWooProducts(body, shop, testAt, testRun)
	}, 100)
}

func BenchmarkJSONLDProductPage(b *testing.B) {
	shop := usShop(catalog.PlatformJSONLD)
	benchParse(b, jsonLDBenchPage(), func(body []byte) (platform.Page, error) {
		return platform.ParseJSONLDProduct(body, "https://shop.example/products/baker-brand-logo-deck", shop, testAt, testRun)
	}, 1)
}

func BenchmarkSitemap5000URLs(b *testing.B) {
	body := sitemapBenchPage(5000)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for range b.N {
		if _, err := platform.ParseSitemap(body); err != nil {
			b.Fatal(err)
		}
	}
}
