package ingest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/ingest"
)

// jsonDecoder reads values written as a schema-id byte followed by the
// event's JSON; like the real serde, bytes it cannot read wrap ErrInvalid.
type jsonDecoder struct{ transient error }

func (d jsonDecoder) Decode(b []byte) (catalog.ProductEvent, int, error) {
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

func (jsonEncoder) EncodeProduct(l catalog.Listing, obs []catalog.PriceObservation) ([]byte, error) {
	return json.Marshal(struct {
		L catalog.Listing
		O []catalog.PriceObservation
	}{l, obs})
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

func (s *memStore) Listing(_ context.Context, shop, id string) (catalog.Listing, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.listings[shop+"/"+id]
	if !ok {
		return l, catalog.ErrNotFound
	}
	return l, nil
}

func (s *memStore) PriceAt(_ context.Context, k catalog.VariantKey, at time.Time) (ingest.Point, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var found *point
	for _, p := range s.points[k] {
		if !p.from.After(at) {
			found = p
		}
	}
	if found == nil {
		return ingest.Point{}, catalog.ErrNotFound
	}
	st := found.state
	st.ObservedAt = found.from
	return ingest.Point{ValidFrom: found.from, State: st}, nil
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

func (s *memStore) RecordObservations(_ context.Context, obs []catalog.PriceObservation) ([]catalog.VariantKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failWith != nil {
		return nil, s.failWith
	}
	s.records += len(obs)
	var unknown []catalog.VariantKey
	for _, o := range obs {
		l, ok := s.listings[o.Variant.ShopSlug+"/"+o.Variant.ListingExternalID]
		if !ok || !slices.ContainsFunc(l.Variants, func(v catalog.Variant) bool { return v.ExternalID == o.Variant.VariantExternalID }) {
			unknown = append(unknown, o.Variant)
			continue
		}
		ps := s.points[o.Variant]
		var cur *point
		for _, p := range ps {
			if !p.from.After(o.ObservedAt) {
				cur = p
			}
		}
		switch {
		case cur != nil && cur.state.SameState(o):
			cur.last = maxTime(cur.last, o.ObservedAt)
		case cur != nil && cur.from.Equal(o.ObservedAt): // conflict: first kept
		default:
			ps = append(ps, &point{from: o.ObservedAt, last: o.ObservedAt, state: o})
			slices.SortFunc(ps, func(a, b *point) int { return a.from.Compare(b.from) })
			s.points[o.Variant] = ps
		}
	}
	return unknown, nil
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
