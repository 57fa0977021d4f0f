package shops

import (
	"cmp"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// The Store API's page sizes: per_page defaults to 10 and must be 1-100;
// anything else, and a page past the last, is a 400 with WordPress's error
// object rather than an empty page.
const (
	wooDefaultPerPage = 10
	wooMaxPerPage     = 100
	wooJSONType       = "application/json; charset=UTF-8"
)

// wooPrefixes are the Store API namespaces: v1 and the unversioned alias
// WooCommerce still answers.
var wooPrefixes = []string{"/wp-json/wc/store/v1/products", "/wp-json/wc/store/products"}

// routeWoo serves the Store API, or returns nil for paths that are pages.
func (s *shopServer) routeWoo(r *http.Request, q request) *doc {
	p := r.URL.Path
	for _, prefix := range wooPrefixes {
		rest, ok := strings.CutPrefix(p, prefix)
		switch {
		case !ok:
			continue
		case rest == "" || rest == "/":
			return s.wooList(r.URL, q)
		case strings.Count(rest, "/") == 1:
			return s.wooOne(strings.TrimPrefix(rest, "/"), q)
		}
	}
	if strings.HasPrefix(p, "/wp-json/") || p == "/wp-json" {
		return wooError(http.StatusNotFound, "rest_no_route", "No route was found matching the URL and request method.", nil)
	}
	return nil
}

// wooList is one page of /products: newest first by default, with the
// pagination headers WordPress sends.
func (s *shopServer) wooList(u *url.URL, q request) *doc {
	v := u.Query()
	perPage, err := wooIntParam(v, "per_page", wooDefaultPerPage, 1, wooMaxPerPage)
	if err != nil {
		return err
	}
	page, err := wooIntParam(v, "page", 1, 1, 1<<31-1)
	if err != nil {
		return err
	}
	order, err := s.wooOrder(v)
	if err != nil {
		return err
	}
	all := listed(order, q.now, nil)
	pages := (len(all) + perPage - 1) / perPage
	if page > pages && len(all) > 0 {
		return wooError(http.StatusBadRequest, "rest_post_invalid_page_number",
			"The page number requested is larger than the number of pages available.", nil)
	}
	items := pageOf(all, perPage, page)
	body := make([]wooProduct, 0, len(items))
	modified := s.cat.lastChurn(q.now)
	for _, e := range items {
		st := s.tracker.state(e, q.now)
		modified = maxTime(modified, st.updated)
		body = append(body, s.wooProductOf(e, st, q))
	}
	d := jsonDoc(body, modified, wooJSONType)
	// WordPress spells these headers in capitals; the map keys keep that
	// spelling on the wire (clients match header names in any case).
	d.header = http.Header{
		"X-WP-Total":      {strconv.Itoa(len(all))},
		"X-WP-TotalPages": {strconv.Itoa(pages)},
		"Link":            s.wooLinks(u, page, pages),
		"X-Robots-Tag":    {"noindex"},
	}
	return d
}

// wooOne serves a product or a variation by id.
func (s *shopServer) wooOne(id string, q request) *doc {
	n, err := strconv.ParseInt(id, 10, 64)
	ref, ok := s.cat.byID[n]
	if err != nil || !ok || !ref.e.listed(q.now) || (ref.variant >= 0 && wooSimple(ref.e)) {
		return wooError(http.StatusNotFound, "woocommerce_rest_product_invalid_id", "Invalid product ID.", nil)
	}
	st := s.tracker.state(ref.e, q.now)
	if ref.variant < 0 {
		return jsonDoc(s.wooProductOf(ref.e, st, q), st.updated, wooJSONType)
	}
	return jsonDoc(s.wooVariationOf(ref.e, st, ref.variant, q), st.updated, wooJSONType)
}

// wooOrder sorts the listings by orderby and order as the Store API does:
// date (the default, newest first), id, title, slug, or menu_order.
func (s *shopServer) wooOrder(v url.Values) ([]*entry, *doc) {
	by, dir := cmp.Or(v.Get("orderby"), "date"), strings.ToLower(v.Get("order"))
	if dir != "" && dir != "asc" && dir != "desc" {
		return nil, wooInvalidParam("order", "order is not one of asc, desc.")
	}
	var cmpFn func(a, b *entry) int
	switch by {
	case "date", "modified":
		if dir == "" || dir == "desc" {
			return s.cat.newestFirst, nil
		}
		cmpFn = func(a, b *entry) int { return cmp.Or(a.published.Compare(b.published), cmp.Compare(a.id, b.id)) }
	case "id":
		cmpFn = func(a, b *entry) int { return cmp.Compare(a.id, b.id) }
	case "title":
		cmpFn = func(a, b *entry) int {
			return cmp.Or(strings.Compare(a.listing.Title, b.listing.Title), cmp.Compare(a.id, b.id))
		}
	case "slug":
		cmpFn = func(a, b *entry) int {
			return cmp.Or(strings.Compare(a.listing.Handle, b.listing.Handle), cmp.Compare(a.id, b.id))
		}
	case "menu_order":
		cmpFn = func(*entry, *entry) int { return 0 } // catalog order
	default:
		return nil, wooInvalidParam("orderby", "orderby is not one of date, modified, id, menu_order, title, slug.")
	}
	out := slices.Clone(s.cat.entries)
	slices.SortStableFunc(out, cmpFn)
	if dir == "desc" {
		slices.Reverse(out)
	}
	return out, nil
}

// wooLinks are WordPress's Link headers: prev and next pages, and the API root.
func (s *shopServer) wooLinks(u *url.URL, page, pages int) []string {
	links := []string{"<" + s.shop.BaseURL + `/wp-json/>; rel="https://api.w.org/"`}
	at := func(n int) string {
		v := u.Query()
		v.Set("page", strconv.Itoa(n))
		return s.shop.BaseURL + u.Path + "?" + v.Encode()
	}
	if page > 1 {
		links = append(links, "<"+at(page-1)+`>; rel="prev"`)
	}
	if page < pages {
		links = append(links, "<"+at(page+1)+`>; rel="next"`)
	}
	return links
}

// wooIntParam reads an integer parameter in [lo, hi] with WordPress's
// validation errors.
func wooIntParam(v url.Values, name string, def, lo, hi int) (int, *doc) {
	raw := v.Get(name)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	switch {
	case err != nil:
		return 0, wooInvalidParam(name, name+" is not of type integer.")
	case n < lo || n > hi:
		if hi == 1<<31-1 {
			return 0, wooInvalidParam(name, name+" must be greater than or equal to "+strconv.Itoa(lo))
		}
		return 0, wooInvalidParam(name, name+" must be between "+strconv.Itoa(lo)+" (inclusive) and "+strconv.Itoa(hi)+" (inclusive)")
	}
	return n, nil
}

func wooInvalidParam(name, message string) *doc {
	return wooError(http.StatusBadRequest, "rest_invalid_param", "Invalid parameter(s): "+name, map[string]any{
		"params": map[string]string{name: message},
	})
}

// wooError is WordPress's REST error object: code, message, data.status.
func wooError(status int, code, message string, extra map[string]any) *doc {
	data := map[string]any{"status": status}
	for k, v := range extra {
		data[k] = v
	}
	body, _ := json.Marshal(map[string]any{"code": code, "message": message, "data": data}) // maps of strings always marshal
	return &doc{status: status, contentType: wooJSONType, body: body}
}
