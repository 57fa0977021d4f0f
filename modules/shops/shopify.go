package shops

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Shopify's page sizes: limit defaults to 30 and is capped at 250; a page
// past the end is {"products":[]}, which is how clients know they are done.
const (
	shopifyDefaultLimit = 30
	shopifyMaxLimit     = 250
)

// routeShopify serves the storefront's JSON endpoints, or returns nil for
// paths that are pages.
func (s *shopServer) routeShopify(r *http.Request, q request) *doc {
	p := r.URL.Path
	switch {
	case p == "/products.json":
		return s.shopifyList(r.URL.Query(), q, nil)
	case p == "/collections.json":
		return s.shopifyCollections(r.URL.Query(), q)
	case strings.HasPrefix(p, "/collections/") && strings.HasSuffix(p, "/products.json"):
		handle := strings.TrimSuffix(strings.TrimPrefix(p, "/collections/"), "/products.json")
		if handle == "all" {
			return s.shopifyList(r.URL.Query(), q, nil)
		}
		cat, ok := s.collection(handle)
		if !ok {
			return shopifyNotFound()
		}
		return s.shopifyList(r.URL.Query(), q, func(e *entry) bool { return e.listing.Category == cat })
	case strings.HasPrefix(p, "/products/") && strings.HasSuffix(p, ".json"):
		handle := strings.TrimSuffix(strings.TrimPrefix(p, "/products/"), ".json")
		e := s.cat.byHandle[handle]
		if e == nil || !e.listed(q.now) {
			return shopifyNotFound()
		}
		st := s.tracker.state(e, q.now)
		body := struct {
			Product shopifyProduct `json:"product"`
		}{s.shopifyProductOf(e, st, q, true)}
		return jsonDoc(body, st.updated, shopifyJSONType)
	}
	return nil
}

const shopifyJSONType = "application/json; charset=utf-8"

// shopifyList is one page of /products.json or a collection's products, in
// catalog order.
func (s *shopServer) shopifyList(v url.Values, q request, keep func(*entry) bool) *doc {
	limit, page := shopifyPaging(v)
	items := pageOf(listed(s.cat.entries, q.now, keep), limit, page)
	body := struct {
		Products []shopifyProduct `json:"products"`
	}{Products: make([]shopifyProduct, 0, len(items))}
	modified := s.cat.lastChurn(q.now)
	for _, e := range items {
		st := s.tracker.state(e, q.now)
		modified = maxTime(modified, st.updated)
		body.Products = append(body.Products, s.shopifyProductOf(e, st, q, false))
	}
	return jsonDoc(body, modified, shopifyJSONType)
}

// shopifyCollections lists a collection per category the shop carries.
func (s *shopServer) shopifyCollections(v url.Values, q request) *doc {
	limit, page := shopifyPaging(v)
	counts := map[catalog.Category]int{}
	for _, e := range listed(s.cat.entries, q.now, nil) {
		counts[e.listing.Category]++
	}
	body := struct {
		Collections []shopifyCollection `json:"collections"`
	}{Collections: []shopifyCollection{}}
	opened := s.sim.cfg.Start.Add(-400 * 24 * time.Hour)
	for _, c := range pageOf(s.cat.categories, limit, page) {
		body.Collections = append(body.Collections, shopifyCollection{
			ID:     jsonID(int64(280_000_000_000 + s.index*100 + slices.Index(catalog.Categories(), c))),
			Title:  categoryTitle(c),
			Handle: string(c), PublishedAt: s.loc.stamp(opened), UpdatedAt: s.loc.stamp(opened),
			ProductsCount: counts[c],
		})
	}
	return jsonDoc(body, opened, shopifyJSONType)
}

// collection finds the category collection with the given handle.
func (s *shopServer) collection(handle string) (catalog.Category, bool) {
	for _, c := range s.cat.categories {
		if string(c) == handle {
			return c, true
		}
	}
	return "", false
}

// shopifyPaging reads limit and page as Shopify does: missing or unusable
// values take the default, limits above the maximum are capped.
func shopifyPaging(v url.Values) (limit, page int) {
	limit, page = shopifyDefaultLimit, 1
	if n, err := strconv.Atoi(v.Get("limit")); err == nil && n > 0 {
		limit = min(n, shopifyMaxLimit)
	}
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n > 0 {
		page = n
	}
	return limit, page
}

// pageOf is page (1-based) of items with limit per page; empty past the end.
func pageOf[T any](items []T, limit, page int) []T {
	if page < 1 || limit < 1 || (page-1) > len(items)/limit {
		return nil
	}
	from := (page - 1) * limit
	if from >= len(items) {
		return nil
	}
	return items[from:min(from+limit, len(items))]
}

func shopifyNotFound() *doc {
	return &doc{status: http.StatusNotFound, contentType: shopifyJSONType, body: []byte(`{"errors":"Not Found"}`)}
}

// jsonDoc marshals v into a 200 document.
func jsonDoc(v any, modified time.Time, contentType string) *doc {
	body, err := json.Marshal(v)
	if err != nil {
		// Only a programming error gets here: the types are fixed.
		return &doc{status: http.StatusInternalServerError, contentType: "text/plain; charset=utf-8", body: []byte("internal error\n")}
	}
	return &doc{status: http.StatusOK, contentType: contentType, body: body, lastModified: modified}
}
