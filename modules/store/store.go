// Package store holds the repository contract that every database
// implementation satisfies (postgres/, sqlite/), the types it speaks, and the
// contract suite (storetest/) they all pass. Modules do not import this
// package's wide interface: each declares the few methods it needs in its own
// ports.go and the composition root hands it a store.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Store is the full repository contract. It exists so that one contract suite
// can run against every implementation and so that app can wire them; modules
// depend on smaller interfaces of their own.
//
// Every method is safe for concurrent use and honours ctx cancellation. Writes
// are idempotent: repeating a call with the same input leaves the same rows.
type Store interface {
	Analytics
	// UpsertShops inserts or updates shops by slug.
	UpsertShops(ctx context.Context, shops []catalog.Shop) error
	// UpsertListings inserts or updates listings by (shop, external id) and
	// their variants by (listing, variant external id), in one transaction.
	// The shops must exist (ErrNotFound otherwise). Variants no longer listed
	// are kept: their history stays queryable.
	UpsertListings(ctx context.Context, listings []catalog.Listing) error
	// RecordObservations folds a batch of observations into price history in
	// one transaction. History is kept as change points: an observation
	// whose price, compare-at and availability equal the point in force at
	// its time only extends that point's LastSeen. Observations may arrive
	// in any order and more than once: the same batch written twice leaves
	// the rows of one, and a late observation is folded in at its own time
	// (it may move a point's start back, or split a point of another state
	// around it). Two observations of one variant at the same instant with
	// different states conflict: the state recorded first is kept.
	// Observations of unknown variants are skipped and reported; an invalid
	// observation fails the whole batch with ErrInvalid before anything is
	// written. The variant's current price and its listing's aggregates are
	// updated in the same transaction. Concurrent calls that touch the same
	// shop behave as if run one after the other. Times are kept to the
	// microsecond.
	RecordObservations(ctx context.Context, obs []catalog.PriceObservation) (RecordResult, error)

	// Shop returns one shop by slug, or ErrNotFound.
	Shop(ctx context.Context, slug string) (catalog.Shop, error)
	// Shops returns every shop ordered by slug.
	Shops(ctx context.Context) ([]catalog.Shop, error)
	// Listing returns a listing with its variants (ordered by external id),
	// or ErrNotFound.
	Listing(ctx context.Context, shopSlug, externalID string) (catalog.Listing, error)
	// Listings returns the listings of keys, each as Listing returns it,
	// in a fixed number of statements whatever len(keys). Keys naming no
	// listing are absent from the map; no keys give an empty map.
	Listings(ctx context.Context, keys []ListingKey) (map[ListingKey]catalog.Listing, error)
	// ListingStates returns the current state of the listings of keys, in
	// a fixed number of statements whatever len(keys): each listing's
	// identity and own fields (ID, ShopSlug, ShopName, ExternalID, Handle,
	// Title, Brand, Category, URL, ImageURL, UpdatedAt, Tags) and every
	// variant it ever had with its current state, as Product returns them
	// (ordered by external id). The price aggregates of the summary are
	// zero and Offers is nil: they cost reads this does not make. Keys
	// naming no listing are absent from the map; no keys give an empty
	// map. The variants are read in one statement, so each listing's
	// variants are one moment's state.
	ListingStates(ctx context.Context, keys []ListingKey) (map[ListingKey]catalog.Product, error)
	// PriceAt returns the change point in force at time at: the latest
	// point that started at or before it. ErrNotFound when the variant is
	// unknown or was first seen after at.
	PriceAt(ctx context.Context, key catalog.VariantKey, at time.Time) (PricePoint, error)
	// History returns the change points of a variant that overlap [from, to],
	// oldest first, including the one in force at from.
	History(ctx context.Context, key catalog.VariantKey, from, to time.Time) ([]PricePoint, error)
	// Counts returns how many rows each table holds.
	Counts(ctx context.Context) (Counts, error)

	// The read side: what the API browses. Each is a fixed number of
	// statements whatever the size of the catalog or of the page.

	// Products returns one page of the products matching q, in q.Sort
	// order with ties broken by id. A malformed cursor, one made for
	// another sort, or an invalid query is an error wrapping ErrInvalid.
	Products(ctx context.Context, q catalog.ProductQuery) (catalog.ProductPage, error)
	// Product returns the product with id: its summary, tags, every
	// variant's current state and its offers. ErrNotFound when no listing
	// has that id.
	Product(ctx context.Context, id int64) (catalog.Product, error)
	// ProductHistory returns the history over [from, to] of every variant
	// of product id, ordered by variant external id, each as History
	// returns it. ErrNotFound for an unknown product; ErrInvalid when from
	// is after to.
	ProductHistory(ctx context.Context, id int64, from, to time.Time) ([]catalog.VariantHistory, error)
	// BrandCounts counts products per brand, ordered by brand; products of
	// unknown brand are left out.
	BrandCounts(ctx context.Context) ([]catalog.FacetCount, error)
	// CategoryCounts counts products per category, in catalog.Categories
	// order, categories without products left out.
	CategoryCounts(ctx context.Context) ([]catalog.FacetCount, error)
	// ShopStatuses returns every shop with its product count, latest
	// observation and latest scrape runs, ordered by slug.
	ShopStatuses(ctx context.Context) ([]catalog.ShopStatus, error)
	// Stats sums up the catalog since a moment.
	Stats(ctx context.Context, since time.Time) (catalog.Stats, error)
	// RecordScrapeRun inserts or replaces the run with run.ID. The shop
	// must exist (ErrNotFound otherwise); an invalid run is ErrInvalid.
	RecordScrapeRun(ctx context.Context, run catalog.ScrapeRun) error

	// Ping checks the database answers.
	Ping(ctx context.Context) error
	// Close releases the connection pool.
	Close() error
}

// Migrator applies and inspects the embedded schema migrations.
type Migrator interface {
	// MigrateUp applies every pending migration, each in its own
	// transaction, and returns the versions it applied.
	MigrateUp(ctx context.Context) ([]int64, error)
	// MigrationStatus lists every known migration and whether it is applied.
	MigrationStatus(ctx context.Context) ([]MigrationStatus, error)
	// CheckSchema returns nil when the database is at exactly the version
	// this binary knows, ErrSchemaOutdated when migrations are pending and
	// ErrSchemaTooNew when the database was migrated by a newer binary.
	CheckSchema(ctx context.Context) error
}

// RegistryStore persists the embedded Schema Registry, so that schema ids
// stay stable across restarts. It mirrors, method for method, the
// RegistryStore port that the schema module declares (this module may not
// import it); app hands a store to the registry through that port, and the
// store's tests run schema's contract suite against both implementations.
//
// Rows live in the registry_schemas, registry_subject_versions and
// registry_configs tables. Each method is one statement (SaveRegistrySchema
// adds a read when its insert conflicts), safe for concurrent use, and
// honours ctx cancellation.
type RegistryStore interface {
	// LoadRegistry calls schema for every stored schema, version for every
	// subject version and config for every compatibility level, and
	// returns the first error. Every version's schema is among those
	// passed to schema, even while another process writes.
	LoadRegistry(ctx context.Context,
		schema func(id int, text string),
		version func(subject string, version, schemaID int, deleted bool),
		config func(subject, level string),
	) error
	// SaveRegistrySchema inserts a schema. Repeating it with the same id and
	// text succeeds without change; another text under id, or text under
	// another id, fails with catalog.ErrDuplicate.
	SaveRegistrySchema(ctx context.Context, id int, text string) error
	// SaveRegistryVersion inserts or replaces the version row of (subject,
	// version); a soft delete saves it again with deleted set. The schema
	// must be stored first (catalog.ErrNotFound otherwise).
	SaveRegistryVersion(ctx context.Context, subject string, version, schemaID int, deleted bool) error
	// SaveRegistryConfig inserts or replaces subject's compatibility level
	// (one of Confluent's names, catalog.ErrInvalid otherwise), or deletes
	// it when level is "". Subject "" is the global level.
	SaveRegistryConfig(ctx context.Context, subject, level string) error
}

// Errors of schema checks; the wrapping message names both versions.
var (
	ErrSchemaOutdated = errors.New("database schema is older than this binary: run `skatestock migrate up`")
	ErrSchemaTooNew   = errors.New("database schema is newer than this binary: upgrade skatestock")
)

// ListingKey names a listing: its shop's slug and its external id.
type ListingKey struct {
	ShopSlug   string
	ExternalID string
}

// MigrationStatus is one migration as migrate status shows it.
type MigrationStatus struct {
	Version   int64
	Name      string    // file name without the version prefix
	AppliedAt time.Time // zero when pending
}

// RecordResult tells what RecordObservations did with a batch.
type RecordResult struct {
	Observations int                  // observations in the batch
	ChangePoints int                  // new change points written (a split writes two: the late state and the resumed one)
	Extended     int                  // observations that repeated or extended a recorded point
	Conflicting  int                  // observations at an instant already recorded with another state, dropped
	Unknown      []catalog.VariantKey // variants not in the store, skipped (each listed once)
	// Created lists, in batch order of the observation that reports it, the
	// change points that an observation of the batch starts in the history
	// as folded: a point whose ValidFrom equals the observation's time and
	// whose state equals the observation's. That is every point the batch
	// created at one of its observations (not the resumed part of a split
	// point), every point whose start it moved back, and every point whose
	// first observation the batch repeats, so that the same batch written
	// twice reports the same points. Each point is listed once, under the
	// first observation of the batch that starts it. Previous is the point
	// in force just before the point's ValidFrom after the batch.
	Created []CreatedPoint
	// Unchanged[i] is true when obs[i] was folded as a repeat or an
	// extension of a point of its state that started strictly before it
	// (it changed no state). It has one entry per observation of the
	// batch; an unknown variant's or a conflicting observation's is false.
	Unchanged []bool
}

// CreatedPoint is a change point a batch starts (RecordResult.Created).
type CreatedPoint struct {
	Index    int         // the observation of the batch that starts it
	Point    PricePoint  // as folded in, its LastSeen included
	Previous *PricePoint // the point in force just before it, nil on a first sighting
}

// PricePoint is a span of time during which a variant's price, compare-at
// and availability stayed the same.
type PricePoint struct {
	Variant      catalog.VariantKey
	ValidFrom    time.Time // first observation with this state
	LastSeen     time.Time // latest observation with this state
	Price        catalog.Money
	CompareAt    catalog.Money // zero value when none was published
	Availability catalog.Availability
	SourceRun    string // run that first saw this state
}

// Counts is the number of rows per table.
type Counts struct {
	Shops       int64
	Listings    int64
	Variants    int64
	PricePoints int64
}
