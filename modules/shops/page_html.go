package shops

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"strconv"
	"strings"
)

const htmlType = "text/html; charset=utf-8"

// routePage serves product pages by their path (the listing URL's), the
// redirects real shops answer for near misses, and the 404 page.
func (s *shopServer) routePage(r *http.Request, q request) *doc {
	p := r.URL.Path
	if e := s.cat.byPath[p]; e != nil {
		if !e.listed(q.now) {
			return s.notFoundPage()
		}
		return s.productPage(e, q)
	}
	// WordPress adds the trailing slash its permalinks end with.
	if e := s.cat.byPath[p+"/"]; e != nil && e.listed(q.now) {
		return s.redirect(e.path)
	}
	// The /products/<handle> a scraper may guess leads to the canonical page.
	if handle, ok := strings.CutPrefix(p, "/products/"); ok {
		if e := s.cat.byHandle[handle]; e != nil && e.listed(q.now) {
			return s.redirect(e.path)
		}
	}
	return s.notFoundPage()
}

// productPage is a theme's product page: head metadata, the ld+json blocks,
// a breadcrumb, price, variant picker and description.
func (s *shopServer) productPage(e *entry, q request) *doc {
	st := s.tracker.state(e, q.now)
	l := &e.listing
	esc := html.EscapeString
	price, compare := st.obs[0].Price, st.obs[0].CompareAt
	var b bytes.Buffer
	s.pageHead(&b, l.Title+" | "+s.shop.Name, l.URL)
	b.WriteString(`<meta name="description" content="` + esc(l.Title+" – "+s.shop.Name) + `">` + "\n")
	b.WriteString(`<meta property="og:type" content="product">` + "\n")
	b.WriteString(`<meta property="og:title" content="` + esc(l.Title) + `">` + "\n")
	b.WriteString(`<meta property="og:url" content="` + esc(l.URL) + `">` + "\n")
	if l.ImageURL != "" {
		b.WriteString(`<meta property="og:image" content="` + esc(l.ImageURL) + `">` + "\n")
	}
	b.WriteString(`<meta property="product:price:amount" content="` + price.Decimal() + `">` + "\n")
	b.WriteString(`<meta property="product:price:currency" content="` + price.Currency + `">` + "\n")
	for _, block := range s.ldBlocks(e, st, q) {
		writeLD(&b, block)
	}
	b.WriteString("</head>\n<body class=\"template-product\">\n")
	s.pageHeader(&b)
	b.WriteString(`<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">Home</a> / <a href="/c/` + string(l.Category) + `">` +
		categoryTitle(l.Category) + "</a> / <span>" + esc(l.Title) + "</span></nav>\n")
	b.WriteString(`<main id="MainContent"><div class="product" data-product-id="` + strconv.FormatInt(e.id, 10) + `">` + "\n")
	if l.ImageURL != "" {
		b.WriteString(`<img class="product__media" src="` + esc(l.ImageURL) + `" alt="` + esc(l.Title) + `" width="1024" height="1024" loading="lazy">` + "\n")
	}
	b.WriteString(`<h1 class="product__title">` + esc(l.Title) + "</h1>\n")
	if l.Brand != "" {
		b.WriteString(`<p class="product__vendor">` + esc(l.Brand) + "</p>\n")
	}
	b.WriteString(`<div class="price"><span class="price-item price-item--sale">` + esc(s.loc.format(price)) + "</span>")
	if compare.Amount > price.Amount {
		b.WriteString(` <s class="price-item price-item--regular">` + esc(s.loc.format(compare)) + "</s>")
	}
	b.WriteString("</div>\n<form method=\"post\" action=\"/cart/add\" class=\"product-form\">\n<select name=\"id\" class=\"product-form__variants\">\n")
	for j, v := range l.Variants {
		o := st.obs[j]
		label := shopifyVariantTitle(v) + " – " + s.loc.format(o.Price)
		disabled := ""
		if !o.Availability.Purchasable() {
			label += " (sold out)"
			disabled = " disabled"
		}
		b.WriteString(`<option value="` + esc(v.ExternalID) + `"` + disabled + ">" + esc(label) + "</option>\n")
	}
	b.WriteString("</select>\n<button type=\"submit\" name=\"add\" class=\"product-form__submit\">Add to cart</button>\n</form>\n")
	b.WriteString(`<div class="product__description rte">` + productDescriptionHTML(l) + "</div>\n</div></main>\n")
	s.pageFooter(&b)
	return &doc{status: http.StatusOK, contentType: htmlType, body: b.Bytes(), lastModified: st.updated}
}

// homePage links the newest listings, as storefront home pages do.
func (s *shopServer) homePage(q request) *doc {
	var b bytes.Buffer
	s.pageHead(&b, s.shop.Name, s.shop.BaseURL+"/")
	writeLD(&b, ldNode{"@context": "https://schema.org", "@type": "Organization", "name": s.shop.Name, "url": s.shop.BaseURL + "/"})
	b.WriteString("</head>\n<body class=\"template-index\">\n")
	s.pageHeader(&b)
	b.WriteString("<main id=\"MainContent\"><h2>New arrivals</h2>\n<ul class=\"product-grid\">\n")
	items := listed(s.cat.newestFirst, q.now, nil)
	for _, e := range items[:min(24, len(items))] {
		b.WriteString(`<li class="grid__item"><a href="` + html.EscapeString(e.path) + `">` + html.EscapeString(e.listing.Title) + "</a></li>\n")
	}
	b.WriteString("</ul></main>\n")
	s.pageFooter(&b)
	return &doc{status: http.StatusOK, contentType: htmlType, body: b.Bytes(), lastModified: s.cat.lastChurn(q.now)}
}

func (s *shopServer) notFoundPage() *doc {
	var b bytes.Buffer
	s.pageHead(&b, "404 Not Found | "+s.shop.Name, "")
	b.WriteString("</head>\n<body class=\"template-404\">\n")
	s.pageHeader(&b)
	b.WriteString("<main id=\"MainContent\"><h1>404 Page Not Found</h1><p>The page you requested does not exist.</p></main>\n")
	s.pageFooter(&b)
	return &doc{status: http.StatusNotFound, contentType: htmlType, body: b.Bytes()}
}

// redirect is a permanent redirect to path on this shop.
func (s *shopServer) redirect(path string) *doc {
	to := s.shop.BaseURL + path
	return &doc{status: http.StatusMovedPermanently, contentType: htmlType,
		body: []byte(`<a href="` + html.EscapeString(to) + `">Moved Permanently</a>.` + "\n"), header: http.Header{"Location": {to}}}
}

func (s *shopServer) pageHead(b *bytes.Buffer, title, canonical string) {
	b.WriteString("<!DOCTYPE html>\n<html lang=\"" + s.loc.lang + "\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n")
	b.WriteString("<title>" + html.EscapeString(title) + "</title>\n")
	if canonical != "" {
		b.WriteString(`<link rel="canonical" href="` + html.EscapeString(canonical) + `">` + "\n")
	}
	b.WriteString("<link rel=\"stylesheet\" href=\"/assets/theme.css\">\n")
}

func (s *shopServer) pageHeader(b *bytes.Buffer) {
	b.WriteString(`<header class="site-header"><a class="site-header__logo" href="/">` + html.EscapeString(s.shop.Name) + "</a><nav>")
	for _, c := range s.cat.categories {
		b.WriteString(` <a href="/c/` + string(c) + `">` + categoryTitle(c) + "</a>")
	}
	b.WriteString(" <a href=\"/cart\">Cart</a></nav></header>\n")
}

func (s *shopServer) pageFooter(b *bytes.Buffer) {
	b.WriteString(`<footer class="site-footer"><p>&copy; ` + html.EscapeString(s.shop.Name) + "</p></footer>\n")
	b.WriteString("<script src=\"/assets/theme.js\" defer></script>\n</body>\n</html>\n")
}

// writeLD writes one ld+json block. encoding/json escapes <, > and & in
// strings, so no value can close the script element early.
func writeLD(b *bytes.Buffer, n ldNode) {
	body, err := json.MarshalIndent(n, "", "  ")
	if err != nil {
		return // maps of strings, numbers and slices always marshal
	}
	b.WriteString("<script type=\"application/ld+json\">\n")
	b.Write(body)
	b.WriteString("\n</script>\n")
}

// escapeHTML escapes text for HTML attributes and content.
func escapeHTML(s string) string { return html.EscapeString(s) }
