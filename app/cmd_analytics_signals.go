package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/analytics/forecast"
	"github.com/skatestock/skatestock/modules/analytics/patterns"
	"github.com/skatestock/skatestock/modules/analytics/series"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// The discount patterns and stock-out forecasts of stored listings: what
// `analytics rebuild` recomputes and the analytics consumer keeps current
// (analytics_consumer.go). Both read a batch of listings' histories, rebuild
// each variant's observation series from its change points
// (modules/analytics/series), run the detectors on them and score the
// variants in stock with the stored model.

// signalStore is what the patterns and forecasts need of the database.
type signalStore interface {
	ListingKeys(ctx context.Context, after store.ListingKey, limit int) ([]store.ListingKey, error)
	ListingStates(ctx context.Context, keys []store.ListingKey) (map[store.ListingKey]catalog.Product, error)
	store.Analytics
}

// Defaults of the pattern and forecast refresh.
const (
	// defaultPatternWindow is how far back the analytics consumer
	// re-detects patterns: those ending within it are replaced.
	defaultPatternWindow = 30 * 24 * time.Hour
	// staleForecast: a variant last seen longer than this before the
	// scoring time is not scored. It may have left the shop's catalog,
	// and the forecast is about variants on sale now.
	staleForecast = 72 * time.Hour
	// signalBatch is how many listings one read covers in a rebuild.
	signalBatch = 250
)

// signalSettings are the detectors, the series rebuild and the forecast
// horizon. It holds no state and is safe for concurrent use.
type signalSettings struct {
	detector *patterns.Detector
	series   series.Config
	horizon  time.Duration
	// lookback is the history read before the start of what is
	// re-detected: the detectors judge a price against the window before
	// it (patterns.Config.Window).
	lookback time.Duration
}

func defaultSignalSettings() (signalSettings, error) {
	pc := patterns.DefaultConfig()
	det, err := patterns.NewDetector(pc)
	if err != nil {
		return signalSettings{}, err
	}
	return signalSettings{detector: det, series: series.DefaultConfig(), horizon: forecast.DefaultHorizon, lookback: pc.Window}, nil
}

// listingSeries are the rebuilt series of one listing's variants, by
// variant external id order (as the histories come).
type listingSeries struct {
	key      store.ListingKey
	variants []catalog.VariantKey
	series   [][]catalog.PriceObservation
}

// rebuildSeries rebuilds every variant's observations in hs. A listing's
// scrape interval comes from its own change points, else from those of
// its shop's other listings in hs, else the default (see series.Step).
// The result is in listing key order.
func (s signalSettings) rebuildSeries(hs map[store.ListingKey][]catalog.VariantHistory) []listingSeries {
	shopSpans := map[string][][]catalog.PriceSpan{}
	for k, vs := range hs {
		for _, v := range vs {
			shopSpans[k.ShopSlug] = append(shopSpans[k.ShopSlug], v.Spans)
		}
	}
	shopStep := map[string]time.Duration{}
	for shop, spans := range shopSpans {
		shopStep[shop], _ = s.series.Step(spans)
	}
	out := make([]listingSeries, 0, len(hs))
	for k, vs := range hs {
		spans := make([][]catalog.PriceSpan, len(vs))
		for i, v := range vs {
			spans[i] = v.Spans
		}
		step, ok := s.series.Step(spans)
		if !ok {
			step = shopStep[k.ShopSlug]
		}
		ls := listingSeries{key: k}
		for _, v := range vs {
			vk := catalog.VariantKey{ShopSlug: k.ShopSlug, ListingExternalID: k.ExternalID, VariantExternalID: v.ExternalID}
			ls.variants = append(ls.variants, vk)
			ls.series = append(ls.series, s.series.Observations(vk, v.Spans, step))
		}
		out = append(out, ls)
	}
	slices.SortFunc(out, func(a, b listingSeries) int { return compareListingKeys(a.key, b.key) })
	return out
}

func compareListingKeys(a, b store.ListingKey) int {
	return cmp.Or(strings.Compare(a.ShopSlug, b.ShopSlug), strings.Compare(a.ExternalID, b.ExternalID))
}

// detect returns the patterns of ls's variants that end at or after since
// (the zero since keeps all), stamped as detected at now.
func (s signalSettings) detect(ls listingSeries, since, now time.Time) []catalog.DiscountPattern {
	var out []catalog.DiscountPattern
	for _, ser := range ls.series {
		for _, p := range s.detector.Detect(ser) {
			if p.To.Before(since) {
				continue
			}
			out = append(out, catalog.DiscountPattern{
				Variant: p.Variant, Kind: catalog.PatternKind(p.Kind), From: p.From, To: p.To,
				Reference: p.Reference, Price: p.Price, DiscountBP: p.DiscountBP, Weekdays: p.Weekdays,
				Evidence: p.Evidence, DetectedAt: now,
			})
		}
	}
	return out
}

// history is the forecast's view of variant i of ls.
func (ls listingSeries) history(i int, category catalog.Category) forecast.History {
	h := forecast.History{Series: ls.series[i], Category: category}
	for j, sib := range ls.series {
		if j != i {
			h.Siblings = append(h.Siblings, sib)
		}
	}
	return h
}

// scoringModel is the stored forecast model, decoded.
type scoringModel struct {
	model     *forecast.Model
	trainedAt time.Time
	horizon   time.Duration
}

// decodeModel reads a stored model. A model of features this binary does
// not compute is an error wrapping catalog.ErrInvalid: train it again.
func decodeModel(m catalog.ForecastModel) (*scoringModel, error) {
	var fm forecast.Model
	if err := fm.UnmarshalJSON(m.Params); err != nil {
		return nil, fmt.Errorf("forecast model trained at %s: %w", m.TrainedAt.UTC().Format(time.RFC3339), err)
	}
	return &scoringModel{model: &fm, trainedAt: m.TrainedAt, horizon: m.Horizon}, nil
}

// score forecasts, as of at, every variant of ls in stock at its last
// observation and seen within staleForecast before at.
func (m *scoringModel) score(ls listingSeries, category catalog.Category, at time.Time) []catalog.StockoutForecast {
	var out []catalog.StockoutForecast
	for i, ser := range ls.series {
		if len(ser) == 0 || at.Sub(ser[len(ser)-1].ObservedAt) > staleForecast {
			continue
		}
		f, ok := forecast.Features(ls.history(i, category), at)
		if !ok {
			continue // out of stock: the question is about variants in stock
		}
		out = append(out, catalog.StockoutForecast{Variant: ls.variants[i], Probability: m.model.Predict(f),
			AsOf: at, Horizon: m.horizon, ModelTrainedAt: m.trainedAt})
	}
	return out
}

// refreshSignals recomputes the patterns (those ending at or after since)
// and, with a model, the forecasts as of now of the listings of keys from
// their histories from a month before since (two before now, at least)
// to now, and stores them: patterns
// in one transaction, forecasts in another. It returns how many of each
// it stored.
func (s signalSettings) refreshSignals(ctx context.Context, db signalStore, m *scoringModel, keys []store.ListingKey, since, now time.Time) (nPatterns, nForecasts int, err error) {
	if len(keys) == 0 {
		return 0, 0, nil
	}
	// The detectors judge a price against the window before it, and the
	// forecast's features read a month back: a month before since, and
	// at least two before now, as the rebuild's scoring reads.
	from := since.Add(-s.lookback)
	if twoBack := now.Add(-2 * s.lookback); twoBack.Before(from) {
		from = twoBack
	}
	if since.IsZero() {
		from = time.Unix(0, 0)
	}
	// Observations stamped a little ahead of this clock still count.
	hs, err := db.ListingHistories(ctx, keys, from, now.Add(time.Hour))
	if err != nil {
		return 0, 0, err
	}
	var states map[store.ListingKey]catalog.Product
	if m != nil {
		if states, err = db.ListingStates(ctx, keys); err != nil {
			return 0, 0, err
		}
	}
	var pats []catalog.DiscountPattern
	var fcs []catalog.StockoutForecast
	for _, ls := range s.rebuildSeries(hs) {
		pats = append(pats, s.detect(ls, since, now)...)
		if m != nil {
			fcs = append(fcs, m.score(ls, states[ls.key].Category, now)...)
		}
	}
	if err := db.ReplaceDiscountPatterns(ctx, keys, since, pats); err != nil {
		return 0, 0, err
	}
	if m == nil {
		return len(pats), 0, nil
	}
	if err := db.ReplaceStockoutForecasts(ctx, keys, fcs); err != nil {
		return len(pats), 0, err
	}
	return len(pats), len(fcs), nil
}
