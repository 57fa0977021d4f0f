package shops

import (
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Catalog is the catalog and price history the simulator serves. app fills
// it with the seed generator (*seed.Generator satisfies it as is).
//
// Every method must be safe for concurrent use: each shop serves requests
// on its own goroutines and calls the catalog directly, without copies.
type Catalog interface {
	// Shops returns every shop, in a stable order; the index of a shop in
	// it is the shop argument of ShopListings.
	Shops() []catalog.Shop
	// ShopListings returns the listing indexes of shop, in a stable order.
	ShopListings(shop int) []int
	// Listing returns listing i with its variants. The simulator keeps the
	// value and never changes it.
	Listing(i int) catalog.Listing
	// Observe returns what variant v of listing li shows at instant at. Its
	// ObservedAt must be the instant that state was published (the latest
	// scrape slot at or before at): the simulator steps back through
	// history by asking again just before ObservedAt, to date changes.
	Observe(li, v int, at time.Time) catalog.PriceObservation
}
