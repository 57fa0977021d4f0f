package scrape

import (
	"fmt"
	"log/slog"
	"slices"

	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

// NewFetcherFactory returns the FetcherFactory that builds one
// *fetch.Fetcher per shop from base with the shop's politeness settings
// (ShopConfig.FetchConfig) and the Runner's validator cache. base carries
// what is the same for every shop: app sets UserAgent (the stamped version)
// and ContactURL (ShopsFile.ContactURL). opts are passed to every fetch.New
// (a test clock, a resolver); a nil log discards logs.
func NewFetcherFactory(base fetch.Config, log *slog.Logger, opts ...fetch.Option) FetcherFactory {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return func(shop ShopConfig, cache fetch.ValidatorCache) (Getter, error) {
		o := append(slices.Clone(opts), fetch.WithValidatorCache(cache))
		f, err := fetch.New(shop.FetchConfig(base), log.With("shop", shop.Slug), o...)
		if err != nil {
			return nil, fmt.Errorf("fetcher for %s: %w", shop.Slug, err)
		}
		return f, nil
	}
}
