package scrape

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/scrape/fetch"
	"github.com/skatestock/skatestock/modules/scrape/platform"
)

// maxSitemapDepth is how deep sitemap indexes are followed: an index of
// indexes of urlsets is as deep as real shops go.
const maxSitemapDepth = 3

// crawlJSONLD reads /sitemap.xml, follows it to the product pages and reads
// the schema.org Product markup of each, shop.Concurrency at a time.
func (sr *run) crawlJSONLD(ctx context.Context) error {
	pattern, err := regexp.Compile(sr.shop.ProductURLPattern)
	if err != nil {
		return fmt.Errorf("product_url_pattern: %w", err)
	}
	urls, err := sr.productURLs(ctx, pattern)
	if err != nil {
		return err
	}
	if len(urls) == 0 {
		sr.stats.problem(ProblemNoProductURLs, 1)
		return nil
	}
	accept := []string{"text/html", "application/xhtml+xml"}
	return each(ctx, sr.shop.Concurrency, urls, func(ctx context.Context, u string) error {
		d, err := sr.read(ctx, u, accept, sr.parseJSONLD)
		if err != nil {
			return sr.pageFailed(ctx, u, err, false, true)
		}
		sr.stats.catalogPageRead()
		if len(d.page.Listings) == 0 {
			sr.stats.problem(ProblemNoProduct, 1)
		}
		return sr.collect.add(ctx, d.page)
	})
}

func (sr *run) parseJSONLD(resp *fetch.Response, at time.Time) (parsedDoc, error) {
	page, err := platform.ParseJSONLDProduct(resp.Body, resp.URL, sr.cat, at, sr.id)
	return parsedDoc{page: page}, err
}

// productURLs reads the sitemap from /sitemap.xml down and returns the
// product page URLs it lists, in order, without duplicates. Only URLs on the
// shop's own host are followed, so a sitemap cannot send the crawler
// elsewhere. In an index, child sitemaps whose URL mentions "product" are
// followed (Shopify's sitemap_products_1.xml, Yoast's product-sitemap.xml,
// WordPress's wp-sitemap-posts-product-1.xml); when none does, all are.
// Page URLs are kept when their path matches pattern, with query and
// fragment removed: "?variant=" links are the same page.
func (sr *run) productURLs(ctx context.Context, pattern *regexp.Regexp) ([]string, error) {
	base, err := url.Parse(sr.shop.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("base_url: %w", err)
	}
	type ref struct {
		url   string
		depth int
	}
	accept := []string{"application/xml", "text/xml", "application/gzip", "application/x-gzip"}
	queue := []ref{{sr.shop.BaseURL + "/sitemap.xml", 0}}
	queued := map[string]bool{queue[0].url: true}
	seen := map[string]bool{}
	var urls []string
	for read := 0; len(queue) > 0; read++ {
		next := queue[0]
		queue = queue[1:]
		if read >= sr.r.cfg.MaxSitemaps {
			sr.stats.incomplete(fmt.Sprintf("sitemap bound of %d reached", sr.r.cfg.MaxSitemaps))
			break
		}
		d, err := sr.read(ctx, next.url, accept, parseSitemap)
		if err != nil {
			if err := sr.pageFailed(ctx, next.url, err, next.depth == 0, false); err != nil {
				return urls, err
			}
			continue
		}
		if next.depth+1 < maxSitemapDepth {
			for _, child := range productSitemaps(d.sitemap.Sitemaps, base) {
				if !queued[child] {
					queued[child] = true
					queue = append(queue, ref{child, next.depth + 1})
				}
			}
		}
		for _, e := range d.sitemap.URLs {
			u, ok := productPage(e.Loc, base, pattern)
			if ok && !seen[u] {
				seen[u] = true
				urls = append(urls, u)
			}
		}
	}
	return urls, nil
}

func parseSitemap(resp *fetch.Response, _ time.Time) (parsedDoc, error) {
	sm, err := platform.ParseSitemap(resp.Body)
	return parsedDoc{sitemap: sm}, err
}

// productSitemaps picks the child sitemaps worth reading: on the shop's
// host, and mentioning "product" if any does.
func productSitemaps(entries []platform.SitemapEntry, base *url.URL) []string {
	var all, products []string
	for _, e := range entries {
		u, err := url.Parse(e.Loc)
		if err != nil || !sameShopHost(u, base) {
			continue
		}
		all = append(all, e.Loc)
		if strings.Contains(strings.ToLower(u.Path), "product") {
			products = append(products, e.Loc)
		}
	}
	if len(products) > 0 {
		return products
	}
	return all
}

// productPage returns loc without query and fragment when it is on the
// shop's host and its path matches pattern.
func productPage(loc string, base *url.URL, pattern *regexp.Regexp) (string, bool) {
	u, err := url.Parse(loc)
	if err != nil || !sameShopHost(u, base) || !pattern.MatchString(u.Path) {
		return "", false
	}
	u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
	return u.String(), true
}

// sameShopHost reports whether u is on base's host, taking "www." and the
// bare domain as one host: shops serve both and list either in sitemaps.
func sameShopHost(u, base *url.URL) bool {
	if u.Scheme != "http" && u.Scheme != "https" {
		return false
	}
	bare := func(h string) string { return strings.TrimPrefix(strings.ToLower(h), "www.") }
	return bare(u.Hostname()) == bare(base.Hostname()) && u.Port() == base.Port()
}
