package scrape

import (
	"container/list"
	"slices"
	"sync"
	"time"

	"github.com/skatestock/skatestock/modules/scrape/platform"
)

// parsedDoc is what one fetched document was read into.
type parsedDoc struct {
	page       platform.Page    // listing pages, variations, product pages
	sitemap    platform.Sitemap // sitemaps
	totalPages int              // WooCommerce X-WP-TotalPages; 0 when not sent
}

// restamp returns a copy of d whose observations carry at and run, for a
// page served 304: the catalog was seen unchanged at that moment. Listings
// and problems are shared, read-only.
func (d parsedDoc) restamp(at time.Time, run string) parsedDoc {
	obs := slices.Clone(d.page.Observations)
	for i := range obs {
		obs[i].ObservedAt = at
		obs[i].SourceRun = run
	}
	d.page.Observations = obs
	return d
}

// pageMemo remembers, for the most recently used URLs, the validators a
// response carried and what it parsed to. It is the fetchers'
// fetch.ValidatorCache, and Get hands out validators only for URLs whose
// parsed copy it holds: a conditional request is sent only when a 304 can be
// answered from memory. Safe for concurrent use.
type pageMemo struct {
	capacity int

	mu      sync.Mutex
	order   *list.List // of *memoEntry, most recently used first
	entries map[string]*list.Element
}

type memoEntry struct {
	url, etag, lastModified string
	doc                     *parsedDoc // nil until the response is parsed
}

func newPageMemo(capacity int) *pageMemo {
	return &pageMemo{capacity: capacity, order: list.New(), entries: make(map[string]*list.Element)}
}

// Get implements fetch.ValidatorCache.
func (m *pageMemo) Get(url string) (etag, lastModified string, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	el, found := m.entries[url]
	if !found {
		return "", "", false
	}
	e := el.Value.(*memoEntry)
	if e.doc == nil {
		return "", "", false
	}
	m.order.MoveToFront(el)
	return e.etag, e.lastModified, true
}

// Put implements fetch.ValidatorCache. The fetcher calls it after a 2xx, so
// the content is new: any parsed copy is dropped until keep stores the new
// one. Two empty values forget url.
func (m *pageMemo) Put(url, etag, lastModified string) {
	if etag == "" && lastModified == "" {
		m.forget(url)
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.capacity == 0 {
		return
	}
	if el, ok := m.entries[url]; ok {
		e := el.Value.(*memoEntry)
		e.etag, e.lastModified, e.doc = etag, lastModified, nil
		m.order.MoveToFront(el)
		return
	}
	m.entries[url] = m.order.PushFront(&memoEntry{url: url, etag: etag, lastModified: lastModified})
	for m.order.Len() > m.capacity {
		oldest := m.order.Back()
		m.order.Remove(oldest)
		delete(m.entries, oldest.Value.(*memoEntry).url)
	}
}

// keep stores what the response for url parsed to, if the fetcher stored
// validators for it; without validators no 304 can come, so nothing is kept.
func (m *pageMemo) keep(url string, d parsedDoc) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if el, ok := m.entries[url]; ok {
		el.Value.(*memoEntry).doc = &d
	}
}

// lookup returns the parsed copy for url.
func (m *pageMemo) lookup(url string) (parsedDoc, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	el, ok := m.entries[url]
	if !ok || el.Value.(*memoEntry).doc == nil {
		return parsedDoc{}, false
	}
	m.order.MoveToFront(el)
	return *el.Value.(*memoEntry).doc, true
}

// forget drops url, so its next request is unconditional.
func (m *pageMemo) forget(url string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if el, ok := m.entries[url]; ok {
		m.order.Remove(el)
		delete(m.entries, url)
	}
}

// len reports how many URLs are remembered.
func (m *pageMemo) len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.order.Len()
}
