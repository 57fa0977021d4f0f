package scrape

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/skatestock/skatestock/modules/catalog"
)

// WriteJSONL writes one JSON object per observation, one per line, in
// order: the catalog.ProductEvent of each, with its listing and variant found in
// listings. It fails before writing anything when an observation's listing
// or variant is not in listings.
func WriteJSONL(w io.Writer, obs []catalog.PriceObservation, listings ListingIndex) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // URLs keep their & and <, as shops wrote them
	for _, o := range obs {
		ev, err := listings.Event(o)
		if err != nil {
			return fmt.Errorf("write jsonl: %w", err)
		}
		if err := enc.Encode(ev); err != nil {
			return fmt.Errorf("write jsonl: %w", err)
		}
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write jsonl: %w", err)
	}
	return nil
}

// JSONLSink returns a Sink that writes each batch with WriteJSONL to w
// (a dry run: nothing is stored). Batches of concurrent runs are written
// whole, one after the other, so lines never interleave.
func JSONLSink(w io.Writer) Sink {
	var mu sync.Mutex
	return SinkFunc(func(_ context.Context, b Batch) error {
		mu.Lock()
		defer mu.Unlock()
		return WriteJSONL(w, b.Observations, IndexListings(b.Listings))
	})
}
