package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// bulkVariants is enough variants for a batch of one observation each to
// take the bulk paths of a store (Postgres copies from a thousand rows),
// and a chunk of it to stay below them.
const (
	bulkVariants = 1200
	bulkChunk    = 100
)

// Large batches may be written another way than small ones (Postgres
// copies them straight into price_points and variant_prices); the rows
// must be the same. One store takes each batch whole, the other in chunks
// small enough for the plain statements, and every row they hold is
// compared, a point already stored behind the stores' backs included.
func testBulk(t *testing.T, newSubject Factory) {
	ctx := context.Background()
	whole, chunked := bulkSubject(t, newSubject), bulkSubject(t, newSubject)
	if whole.SQL == nil {
		t.Skip("no second handle on this database to compare rows")
	}
	_, _, keys := DeckCatalog(bulkVariants)
	at0 := bulkBatch(keys, 0)
	if res := recordWhole(t, whole.Store, at0); res.ChangePoints != bulkVariants || len(res.Created) != bulkVariants {
		t.Fatalf("first batch: %+v points, %d created; want %d", counted(res), len(res.Created), bulkVariants)
	}
	recordChunks(t, chunked.Store, at0)
	compareRows(t, whole.SQL, chunked.SQL)

	// A point at minute 5 that the current state knows nothing of: the
	// whole batch at minute 5 collides with it, is folded again, and keeps
	// it, as the chunk holding that variant does.
	for _, sub := range []Subject{whole, chunked} {
		_, err := sub.SQL.Exec(`INSERT INTO price_points
			(variant_id, valid_from, last_seen_at, price_minor, currency, availability, source_run)
			SELECT v.id, $1, $1, 100, 'USD', 'in_stock', 'behind'
			FROM variants v JOIN listings l ON l.id = v.listing_id
			WHERE l.external_id = $2 AND v.external_id = $3`,
			dbTime(sub, 5), keys[7].ListingExternalID, keys[7].VariantExternalID)
		if err != nil {
			t.Fatalf("insert a point behind the store's back: %v", err)
		}
	}
	at5 := bulkBatch(keys, 5)
	if res := recordWhole(t, whole.Store, at5); res.Conflicting != 0 || res.Extended != 0 {
		t.Errorf("batch over a stored point: %+v, want no conflict or extension", counted(res))
	}
	recordChunks(t, chunked.Store, at5)
	if p, err := whole.Store.PriceAt(ctx, keys[7], at(5)); err != nil || p.SourceRun != "behind" {
		t.Errorf("PriceAt = %+v, %v; want the point stored first", p, err)
	}
	compareRows(t, whole.SQL, chunked.SQL)

	// A re-scrape with nothing changed extends every current point.
	again := bulkBatch(keys, 5)
	for i := range again {
		again[i].ObservedAt = at(6)
	}
	if res := recordWhole(t, whole.Store, again); res.Extended != bulkVariants || res.ChangePoints != 0 {
		t.Errorf("re-scrape: %+v, want %d extended", counted(res), bulkVariants)
	}
	recordChunks(t, chunked.Store, again)
	compareRows(t, whole.SQL, chunked.SQL)
}

// bulkSubject is a migrated store holding DeckCatalog(bulkVariants).
func bulkSubject(t *testing.T, newSubject Factory) Subject {
	t.Helper()
	sub := migrated(t, newSubject)
	shops, listings, _ := DeckCatalog(bulkVariants)
	if err := sub.Store.UpsertShops(context.Background(), shops); err != nil {
		t.Fatalf("UpsertShops: %v", err)
	}
	if err := sub.Store.UpsertListings(context.Background(), listings); err != nil {
		t.Fatalf("UpsertListings: %v", err)
	}
	return sub
}

// bulkBatch observes every variant at minute n with prices, compare-at
// prices and availabilities that vary from variant to variant, so that
// the listings' aggregates have something to choose from.
func bulkBatch(keys []catalog.VariantKey, n int) []catalog.PriceObservation {
	batch := make([]catalog.PriceObservation, len(keys))
	for i, k := range keys {
		o := obs(k, n, int64(1000+(i*37+n*11)%500))
		if i%3 == 0 {
			o = withCompareAt(o, o.Price.Amount+int64(i%7)*100)
		}
		if i%5 == 0 {
			o.Availability = catalog.OutOfStock
		}
		batch[i] = o
	}
	return batch
}

func recordWhole(t *testing.T, s store.Store, batch []catalog.PriceObservation) store.RecordResult {
	t.Helper()
	res := record(t, s, batch...)
	if len(res.Unchanged) != len(batch) || len(res.Unknown) != 0 {
		t.Errorf("result has %d unchanged flags and unknown %v, want %d and none", len(res.Unchanged), res.Unknown, len(batch))
	}
	return res
}

func recordChunks(t *testing.T, s store.Store, batch []catalog.PriceObservation) {
	t.Helper()
	for chunk := range slices.Chunk(batch, bulkChunk) {
		record(t, s, chunk...)
	}
}

// compareRows fails t unless the price rows of the two databases are the
// same, keyed by what names them rather than by generated ids.
func compareRows(t *testing.T, a, b *sql.DB) {
	t.Helper()
	queries := map[string]string{
		"price_points": `SELECT l.external_id, v.external_id, p.valid_from, p.last_seen_at, p.price_minor,
				p.compare_at_minor, p.currency, p.availability, p.source_run
			FROM price_points p JOIN variants v ON v.id = p.variant_id JOIN listings l ON l.id = v.listing_id`,
		"variant_prices": `SELECT l.external_id, v.external_id, p.price_minor, p.compare_at_minor, p.currency,
				p.availability, p.discount_bp, p.price_since, p.last_seen_at
			FROM variant_prices p JOIN variants v ON v.id = p.variant_id JOIN listings l ON l.id = v.listing_id`,
		"listing_prices": `SELECT l.external_id, p.price_min_minor, p.currency, p.discount_max_bp, p.in_stock,
				p.price_updated_at
			FROM listing_prices p JOIN listings l ON l.id = p.listing_id`,
	}
	for table, q := range queries {
		got, want := dumpRows(t, a, q), dumpRows(t, b, q)
		if len(got) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s: %d rows written whole, %d in chunks; first differences:\n%s", table, len(got), len(want),
				firstDifferences(got, want))
		}
	}
}

// dumpRows reads every row of q as a line of text, sorted.
func dumpRows(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("dump rows: %v", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("dump rows: %v", err)
		}
		line := ""
		for _, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			line += fmt.Sprintf("%v|", v)
		}
		out = append(out, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("dump rows: %v", err)
	}
	slices.Sort(out)
	return out
}

func firstDifferences(got, want []string) string {
	s, n := "", 0
	for i := 0; i < max(len(got), len(want)) && n < 5; i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			s += fmt.Sprintf("  whole   %s\n  chunked %s\n", g, w)
			n++
		}
	}
	return s
}
