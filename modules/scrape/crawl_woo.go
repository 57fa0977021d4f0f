package scrape

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/skatestock/skatestock/modules/scrape/fetch"
	"github.com/skatestock/skatestock/modules/scrape/platform"
)

// wooPageSize is the most products the Store API serves per page.
const wooPageSize = 100

// crawlWoo walks the WooCommerce Store API's product list. Page 1's
// X-WP-TotalPages says how many pages there are; without it the walk goes on
// until an empty page. A variable product whose list entry cannot give each
// variation's price (platform reports KindPriceRange) has its variations
// requested one by one, and their observations travel with the page that
// listed the product, so every batch stays self-contained.
func (sr *run) crawlWoo(ctx context.Context) error {
	base := sr.shop.BaseURL + "/wp-json/wc/store/v1/products"
	accept := []string{"application/json"}
	total := 0 // pages, from page 1; 0 when the shop does not say
	for n := 1; total == 0 || n <= total; n++ {
		if n > sr.r.cfg.MaxListingPages {
			sr.stats.incomplete(fmt.Sprintf("listing page bound of %d reached", sr.r.cfg.MaxListingPages))
			return nil
		}
		u := fmt.Sprintf("%s?per_page=%d&page=%d", base, wooPageSize, n)
		d, err := sr.read(ctx, u, accept, sr.parseWooList)
		if err != nil {
			if err := sr.pageFailed(ctx, u, err, n == 1, true); err != nil {
				return err
			}
			continue
		}
		sr.stats.catalogPageRead()
		if n == 1 {
			total = d.totalPages
		}
		if emptyPage(d.page) {
			return nil
		}
		page, verr := sr.wooVariations(ctx, base, d.page)
		if verr != nil && !errors.Is(verr, errStop) {
			return verr
		}
		if err := sr.collect.add(ctx, page); err != nil {
			return err
		}
		if verr != nil {
			return verr // stopping: the page and the variations read are kept
		}
	}
	return nil
}

// wooVariations requests the variations of every product on page that was
// priced as a range and returns page with their observations added and those
// products' price_range problems dropped: the requests are how a range is
// resolved, and a variation that fails is counted as a failed page instead.
// page itself is not modified (the memo holds it).
func (sr *run) wooVariations(ctx context.Context, base string, page platform.Page) (platform.Page, error) {
	listings := make(map[string]int, len(page.Listings))
	for i, l := range page.Listings {
		listings[l.ExternalID] = i
	}
	out := platform.Page{Listings: page.Listings, Observations: slices.Clone(page.Observations)}
	var ids []string
	for _, p := range page.Problems {
		i, ok := listings[p.ItemID]
		if p.Kind != platform.KindPriceRange || !ok {
			out.Problems = append(out.Problems, p)
			continue
		}
		for _, v := range page.Listings[i].Variants {
			ids = append(ids, v.ExternalID)
		}
	}
	var mu sync.Mutex
	accept := []string{"application/json"}
	err := each(ctx, sr.shop.Concurrency, ids, func(ctx context.Context, id string) error {
		u := base + "/" + url.PathEscape(id)
		d, err := sr.read(ctx, u, accept, sr.parseWooList)
		if err != nil {
			return sr.pageFailed(ctx, u, err, false, false)
		}
		mu.Lock()
		defer mu.Unlock()
		out.Observations = append(out.Observations, d.page.Observations...)
		out.Problems = append(out.Problems, d.page.Problems...)
		return nil
	})
	return out, err
}

// parseWooList reads a Store API response: a list page or one product.
func (sr *run) parseWooList(resp *fetch.Response, at time.Time) (parsedDoc, error) {
	page, err := platform.ParseWooProducts(resp.Body, sr.cat, at, sr.id)
	if err != nil {
		return parsedDoc{}, err
	}
	total, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("X-WP-TotalPages")))
	if err != nil || total < 0 {
		total = 0
	}
	return parsedDoc{page: page, totalPages: total}, nil
}
