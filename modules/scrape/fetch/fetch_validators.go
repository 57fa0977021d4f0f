package fetch

import (
	"net/http"
	"sync"
)

// MemoryValidatorCache is the in-memory ValidatorCache: one entry per URL that
// was served with an ETag or Last-Modified, kept until forgotten or the
// process exits. Safe for concurrent use. The zero value is not usable; use
// NewMemoryValidatorCache.
type MemoryValidatorCache struct {
	mu      sync.Mutex
	entries map[string]validators
}

type validators struct {
	etag, lastModified string
}

// NewMemoryValidatorCache returns an empty cache.
func NewMemoryValidatorCache() *MemoryValidatorCache {
	return &MemoryValidatorCache{entries: make(map[string]validators)}
}

// Get implements ValidatorCache.
func (c *MemoryValidatorCache) Get(url string) (etag, lastModified string, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.entries[url]
	return v.etag, v.lastModified, ok
}

// Put implements ValidatorCache; two empty values delete the entry.
func (c *MemoryValidatorCache) Put(url, etag, lastModified string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if etag == "" && lastModified == "" {
		delete(c.entries, url)
		return
	}
	c.entries[url] = validators{etag: etag, lastModified: lastModified}
}

// Len reports how many URLs have validators stored.
func (c *MemoryValidatorCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// setConditional adds If-None-Match / If-Modified-Since for url when the
// cache knows validators for it.
func setConditional(cache ValidatorCache, req *http.Request, url string) {
	if cache == nil {
		return
	}
	etag, lastModified, ok := cache.Get(url)
	if !ok {
		return
	}
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
}

// storeValidators remembers the validators of a successful response; a
// response without any forgets stale ones, so we stop sending validators the
// server no longer honours.
func storeValidators(cache ValidatorCache, url string, h http.Header) {
	if cache == nil {
		return
	}
	cache.Put(url, h.Get("ETag"), h.Get("Last-Modified"))
}
