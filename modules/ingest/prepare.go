package ingest

import (
	"context"
	"errors"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/catalog/normalize"
)

// prepare decodes, normalizes and validates msgs (in parallel, decodeAll)
// and checks their shops exist. Messages that can never be used become
// dead letters and the rest of the batch goes on; a transient failure
// fails the batch. Items and dead letters keep batch order.
func (in *Ingester) prepare(ctx context.Context, msgs []Message, bs *Stats) ([]*item, []Output, error) {
	results := in.decodeAll(ctx, msgs)
	items := make([]*item, 0, len(msgs))
	var dead []Output
	shops := make(map[string]bool) // slug -> known, asked once per batch
	for i, r := range results {
		m := msgs[i]
		switch {
		case r.decodeErr != nil && !errors.Is(r.decodeErr, catalog.ErrInvalid):
			return nil, nil, wrapf(r.decodeErr, "decode partition %d offset %d", m.Partition, m.Offset)
		case r.decodeErr != nil:
			dead = append(dead, in.deadLetter(m, KindDecode, r.decodeErr.Error(), r.schemaID, bs))
			continue
		case r.invalid != nil:
			dead = append(dead, in.deadLetter(m, KindInvalid, r.invalid.Error(), r.schemaID, bs))
			continue
		}
		known, err := in.knownShop(ctx, shops, r.shop())
		if err != nil {
			return nil, nil, err
		}
		if !known {
			dead = append(dead, in.deadLetter(m, KindUnknownShop, "shop "+r.shop()+" is not configured", r.schemaID, bs))
			continue
		}
		items = append(items, r.item)
	}
	return items, dead, nil
}

func validate(it *item) error {
	if err := it.obs.Validate(); err != nil {
		return err
	}
	return it.listing.Validate()
}

// knownShop asks the store about slug once per batch: shops are few, and a
// shop added meanwhile is seen by the next batch.
func (in *Ingester) knownShop(ctx context.Context, cache map[string]bool, slug string) (bool, error) {
	if known, ok := cache[slug]; ok {
		return known, nil
	}
	_, err := in.deps.Store.Shop(ctx, slug)
	switch {
	case err == nil:
		cache[slug] = true
	case errors.Is(err, catalog.ErrNotFound):
		cache[slug] = false
	default:
		return false, wrapf(err, "look up shop %s", slug)
	}
	return cache[slug], nil
}

// normalizeEvent brings ev's descriptive fields to their canonical form, as
// the scrape adapters do, so that events from older scrapers, the seed or a
// replay agree with fresh ones. Ids, money and availability are never
// touched; the observation time is cut to the microsecond the stores and
// Kafka keep, so that a stored change point compares equal to the
// observation that started it.
func normalizeEvent(ev catalog.ProductEvent) catalog.ProductEvent {
	ev.ObservedAt = ev.ObservedAt.UTC().Truncate(time.Microsecond)
	ev.Title = normalize.Title(ev.Title)
	ev.VariantTitle = normalize.Title(ev.VariantTitle)
	ev.Brand = normalize.Brand(ev.Brand)
	if ev.Brand == "" {
		ev.Brand = normalize.BrandFromTitle(ev.Title)
	}
	// A category the shop's taxonomy did not map ("other", "", or a raw
	// name such as "Skateboard Decks") is derived again from what we have.
	if c := catalog.Category(ev.Category); c == "" || c == catalog.CategoryOther || c.Validate() != nil {
		ev.Category = string(normalize.Category(ev.Category, nil, ev.Title))
	}
	if ev.DeckWidthHundredths == 0 && ev.WheelDiameterMM == 0 && ev.WheelDurometer == "" &&
		ev.TruckSize == "" && ev.ShoeSizeUS == "" && ev.ApparelSize == "" {
		l := ev.Listing()
		a := normalize.Attributes(catalog.Category(ev.Category), l.Variants[0].Options, ev.VariantTitle, ev.Title)
		ev.DeckWidthHundredths, ev.WheelDiameterMM, ev.WheelDurometer = a.DeckWidthHundredths, a.WheelDiameterMM, a.WheelDurometer
		ev.TruckSize, ev.ShoeSizeUS, ev.ApparelSize = a.TruckSize, a.ShoeSizeUS, a.ApparelSize
	}
	return ev
}
