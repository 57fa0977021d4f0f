package ingest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/ingest"
)

// jsonDecoder reads values written as a schema-id byte followed by the
// event's JSON; like the real serde, bytes it cannot read wrap ErrInvalid.
type jsonDecoder struct{ transient error }

func (d jsonDecoder) Decode(_ context.Context, b []byte) (catalog.ProductEvent, int, error) {
	var ev catalog.ProductEvent
	if d.transient != nil {
		return ev, 0, d.transient
	}
	if len(b) == 0 || b[0] != 7 {
		return ev, 0, fmt.Errorf("%w record: unknown schema", catalog.ErrInvalid)
	}
	if err := json.Unmarshal(b[1:], &ev); err != nil {
		return ev, 7, fmt.Errorf("%w record: %v", catalog.ErrInvalid, err)
	}
	return ev, 7, nil
}

func encodeEvent(ev catalog.ProductEvent) []byte {
	b, _ := json.Marshal(ev)
	return append([]byte{7}, b...)
}

type jsonEncoder struct{}

func (jsonEncoder) EncodeProduct(p catalog.Product) ([]byte, error) {
	return json.Marshal(p)
}

// decodeProduct reads a normalized-products value jsonEncoder wrote.
func decodeProduct(b []byte) (catalog.Product, error) {
	var p catalog.Product
	err := json.Unmarshal(b, &p)
	return p, err
}

func (jsonEncoder) EncodePriceUpdate(prev *catalog.PriceObservation, cur catalog.PriceObservation) ([]byte, error) {
	return json.Marshal(struct{ Prev, Cur *catalog.PriceObservation }{prev, &cur})
}

// setFilter is an exact filter; maybe forces "maybe seen" answers (false
// positives) and err makes every call fail.
type setFilter struct {
	mu    sync.Mutex
	seen  map[string]bool
	maybe bool
	err   error
}

func (f *setFilter) TestAndAdd(_ context.Context, keys [][]byte) ([]bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	if f.seen == nil {
		f.seen = map[string]bool{}
	}
	out := make([]bool, len(keys))
	for i, k := range keys {
		out[i] = f.maybe || f.seen[string(k)]
		f.seen[string(k)] = true
	}
	return out, nil
}

func contentKey(o catalog.PriceObservation) []byte {
	return fmt.Appendf(nil, "%s|%v|%v|%s", o.Variant, o.Price, o.CompareAt, o.Availability)
}

// listingKey covers every field of l; the "L|" keeps it apart from
// contentKey's keys.
func listingKey(l catalog.Listing) []byte {
	return fmt.Appendf(nil, "L|%#v", l)
}

// memStore keeps change points with the store contract's semantics for
// observations in order, and counts writes.
type memStore struct {
	mu       sync.Mutex
	shops    map[string]bool
	listings map[string]catalog.Listing
	points   map[catalog.VariantKey][]*point
	upserts  int
	records  int
	failWith error // returned by every write while set
	// failShop makes RecordObservations fail, writing nothing, for a batch
	// with an observation of that shop.
	failShop string
	// stateReads counts ListingStates calls.
	stateReads int
	// vanished lists the listings ListingStates does not find, as if
	// deleted between the write and the read.
	vanished map[string]bool
	// stale, when set, is what ListingStates returns for its key until
	// the listing is written: a read that disagrees with what
	// RecordObservations knows.
	stale map[string]catalog.Listing
}

type point struct {
	from, last time.Time
	state      catalog.PriceObservation
}

func newMemStore(shops ...string) *memStore {
	s := &memStore{shops: map[string]bool{}, listings: map[string]catalog.Listing{}, points: map[catalog.VariantKey][]*point{}}
	for _, sh := range shops {
		s.shops[sh] = true
	}
	return s
}

func (s *memStore) Shop(_ context.Context, slug string) (catalog.Shop, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.shops[slug] {
		return catalog.Shop{}, fmt.Errorf("shop %s: %w", slug, catalog.ErrNotFound)
	}
	return catalog.Shop{Slug: slug}, nil
}

// ListingStates answers from what the writes left, except for a listing
// in stale, which it answers with that until the listing is written again:
// a store that lost a listing the reads still show. Variants come by
// external id and each one's state is its latest point, as the store keeps
// them.
func (s *memStore) ListingStates(_ context.Context, keys []ingest.ListingKey) (map[ingest.ListingKey]catalog.Product, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stateReads++
	out := make(map[ingest.ListingKey]catalog.Product, len(keys))
	for _, k := range keys {
		name := k.ShopSlug + "/" + k.ExternalID
		l, ok := s.listings[name]
		if st, stale := s.stale[name]; stale {
			l, ok = st, true
		}
		if !ok || s.vanished[name] {
			continue
		}
		p := catalog.Product{
			ProductSummary: catalog.ProductSummary{
				ShopSlug: l.ShopSlug, ExternalID: l.ExternalID, Handle: l.Handle, Title: l.Title, Brand: l.Brand,
				Category: l.Category, URL: l.URL, ImageURL: l.ImageURL,
			},
			Tags: slices.Clone(l.Tags),
		}
		for _, v := range l.Variants {
			st := catalog.VariantState{Variant: v}
			vk := catalog.VariantKey{ShopSlug: l.ShopSlug, ListingExternalID: l.ExternalID, VariantExternalID: v.ExternalID}
			if ps := s.points[vk]; len(ps) > 0 {
				cur := ps[len(ps)-1]
				st.Observed, st.Price, st.CompareAt, st.Availability = true, cur.state.Price, cur.state.CompareAt, cur.state.Availability
				st.DiscountBP = cur.state.DiscountBasisPoints()
				st.PriceSince, st.LastSeen = cur.from, cur.last
			}
			p.Variants = append(p.Variants, st)
		}
		slices.SortFunc(p.Variants, func(a, b catalog.VariantState) int { return strings.Compare(a.ExternalID, b.ExternalID) })
		out[k] = p
	}
	return out, nil
}

func (s *memStore) UpsertListings(_ context.Context, ls []catalog.Listing) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failWith != nil {
		return s.failWith
	}
	for _, l := range ls {
		if !s.shops[l.ShopSlug] {
			return catalog.ErrNotFound
		}
		key := l.ShopSlug + "/" + l.ExternalID
		delete(s.stale, key)
		old := s.listings[key]
		vs := slices.Clone(old.Variants)
		for _, v := range l.Variants {
			if i := slices.IndexFunc(vs, func(o catalog.Variant) bool { return o.ExternalID == v.ExternalID }); i >= 0 {
				vs[i] = v
			} else {
				vs = append(vs, v)
			}
		}
		l.Variants = vs
		s.listings[key] = l
		s.upserts++
	}
	return nil
}

// RecordObservations folds obs as the store does for observations in time
// order: a point starts at an observation of a new state, a repeat at a
// point's start reports the point again, a later one of the same state only
// extends it (unchanged), and another state at a point's start conflicts.
func (s *memStore) RecordObservations(_ context.Context, obs []catalog.PriceObservation) (ingest.Recorded, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failWith != nil {
		return ingest.Recorded{}, s.failWith
	}
	if slices.ContainsFunc(obs, func(o catalog.PriceObservation) bool { return o.Variant.ShopSlug == s.failShop }) {
		return ingest.Recorded{}, fmt.Errorf("shop %s: %w", s.failShop, errTransient)
	}
	s.records += len(obs)
	rec := ingest.Recorded{Unchanged: make([]bool, len(obs))}
	reported := make(map[*point]bool)
	for i, o := range obs {
		l, ok := s.listings[o.Variant.ShopSlug+"/"+o.Variant.ListingExternalID]
		if !ok || !slices.ContainsFunc(l.Variants, func(v catalog.Variant) bool { return v.ExternalID == o.Variant.VariantExternalID }) {
			if !slices.Contains(rec.Unknown, o.Variant) {
				rec.Unknown = append(rec.Unknown, o.Variant)
			}
			continue
		}
		ps := s.points[o.Variant]
		at := -1
		for j, p := range ps {
			if !p.from.After(o.ObservedAt) {
				at = j
			}
		}
		var cur *point
		if at >= 0 {
			cur = ps[at]
		}
		switch {
		case cur != nil && cur.state.SameState(o) && cur.from.Before(o.ObservedAt):
			cur.last = maxTime(cur.last, o.ObservedAt)
			rec.Unchanged[i] = true
		case cur != nil && cur.state.SameState(o): // a repeat of the point's start
			if !reported[cur] {
				reported[cur] = true
				rec.Created = append(rec.Created, ingest.Created{Index: i, Obs: o, Previous: s.before(ps, at)})
			}
		case cur != nil && cur.from.Equal(o.ObservedAt): // conflict: first kept
		default:
			p := &point{from: o.ObservedAt, last: o.ObservedAt, state: o}
			ps = append(ps, p)
			slices.SortFunc(ps, func(a, b *point) int { return a.from.Compare(b.from) })
			s.points[o.Variant] = ps
			reported[p] = true
			rec.Created = append(rec.Created, ingest.Created{Index: i, Obs: o, Previous: s.before(ps, at+1)})
		}
	}
	return rec, nil
}

// before is the state of the point before ps[j], nil when there is none.
func (s *memStore) before(ps []*point, j int) *catalog.PriceObservation {
	if j <= 0 {
		return nil
	}
	st := ps[j-1].state
	st.ObservedAt = ps[j-1].from
	return &st
}

func (s *memStore) lastSeen(k catalog.VariantKey) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	ps := s.points[k]
	if len(ps) == 0 {
		return time.Time{}
	}
	return ps[len(ps)-1].last
}

// pointsText lists every change point, by variant, for comparing histories.
func (s *memStore) pointsText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var lines []string
	for k, ps := range s.points {
		for _, p := range ps {
			lines = append(lines, fmt.Sprintf("%s %s %s %v", k, p.from.Format(time.RFC3339), p.last.Format(time.RFC3339), p.state.Price))
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// deadLetter mirrors bus.TopicsConfig.DeadLetter's headers.
func deadLetter(m ingest.Message, kind, msg string, schemaID int) ingest.Output {
	return ingest.Output{Topic: catalog.TopicDeadLetters, Key: m.Key, Value: m.Value, Headers: []ingest.Header{
		{Key: "x-source-topic", Value: []byte(m.Topic)},
		{Key: "x-source-partition", Value: strconv.AppendInt(nil, int64(m.Partition), 10)},
		{Key: "x-source-offset", Value: strconv.AppendInt(nil, m.Offset, 10)},
		{Key: "x-error-kind", Value: []byte(kind)},
		{Key: "x-error-message", Value: []byte(msg)},
		{Key: "x-schema-id", Value: strconv.AppendInt(nil, int64(schemaID), 10)},
		{Key: "x-failed-at", Value: []byte(time.Now().UTC().Format(time.RFC3339Nano))},
	}}
}

func header(o ingest.Output, key string) string {
	for _, h := range o.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

var errTransient = errors.New("connection refused")
