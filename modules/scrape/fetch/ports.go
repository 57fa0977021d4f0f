package fetch

import (
	"context"
	"net/netip"
)

// ValidatorCache remembers the validators (ETag, Last-Modified) a URL was last
// served with, so the next Get can be conditional and a 304 can skip the
// download and the parse. Implementations must be safe for concurrent use.
//
// The fetcher Puts validators only after a 2xx response passed every check
// (size, content type). A caller that then fails to process the body should
// Put(url, "", "") to forget them, or the next Get may answer NotModified for
// content that was never stored.
type ValidatorCache interface {
	// Get returns the validators stored for url; ok is false when none are.
	Get(url string) (etag, lastModified string, ok bool)
	// Put stores the validators for url; two empty values forget url.
	Put(url, etag, lastModified string)
}

// Resolver looks up the addresses of a host. *net.Resolver satisfies it. The
// SSRF guard checks every address it returns before and while dialing, so a
// resolver (or a DNS rebinding attack) cannot steer the fetcher to a refused
// address.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}
