package scrape

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/skatestock/skatestock/modules/scrape/fetch"
	"github.com/skatestock/skatestock/modules/scrape/platform"
)

// shopifyPageSize is the most products Shopify serves per products.json page.
const shopifyPageSize = 250

// crawlShopify walks /products.json (or a collection's) page by page until a
// page lists no products, which is how Shopify ends pagination, or until
// Config.MaxListingPages. A page that fails is skipped and the walk goes on:
// the next page number still means the next 250 products.
func (sr *run) crawlShopify(ctx context.Context) error {
	path := "/products.json"
	if sr.shop.Collection != "" {
		path = "/collections/" + url.PathEscape(sr.shop.Collection) + "/products.json"
	}
	accept := []string{"application/json"}
	for n := 1; ; n++ {
		if n > sr.r.cfg.MaxListingPages {
			sr.stats.incomplete(fmt.Sprintf("listing page bound of %d reached", sr.r.cfg.MaxListingPages))
			return nil
		}
		u := fmt.Sprintf("%s%s?limit=%d&page=%d", sr.shop.BaseURL, path, shopifyPageSize, n)
		d, err := sr.read(ctx, u, accept, sr.parseShopify)
		if err != nil {
			if err := sr.pageFailed(ctx, u, err, n == 1, true); err != nil {
				return err
			}
			continue
		}
		sr.stats.catalogPageRead()
		if emptyPage(d.page) {
			return nil
		}
		if err := sr.collect.add(ctx, d.page); err != nil {
			return err
		}
	}
}

func (sr *run) parseShopify(resp *fetch.Response, at time.Time) (parsedDoc, error) {
	page, err := platform.ParseShopifyProducts(resp.Body, sr.cat, at, sr.id)
	return parsedDoc{page: page}, err
}

// emptyPage reports whether a listing page listed nothing at all, not even
// items it had to skip: the end of pagination.
func emptyPage(p platform.Page) bool {
	return len(p.Listings) == 0 && len(p.Observations) == 0 && len(p.Problems) == 0
}
