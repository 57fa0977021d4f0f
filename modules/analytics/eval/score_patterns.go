package eval

import (
	"context"
	"fmt"
	"time"

	"github.com/skatestock/skatestock/modules/analytics/patterns"
	"github.com/skatestock/skatestock/modules/catalog"
)

// PatternScore is how one detector did. Events and detections are per
// variant; a detection is true when it overlaps a planted event of its kind
// on the same variant, and an event is found when a detection overlaps it.
// Weekly patterns are scored per variant: detected or not, covered by a
// weekly deal or not.
type PatternScore struct {
	Kind                   patterns.Kind
	Events, Found          int // planted events, and those found
	Detections, TrueDetect int // detections, and those that are true
}

// Precision is the share of detections that are true.
func (s PatternScore) Precision() float64 { return ratio(s.TrueDetect, s.Detections) }

// Recall is the share of planted events found.
func (s PatternScore) Recall() float64 { return ratio(s.Found, s.Events) }

// F1 is the harmonic mean of precision and recall.
func (s PatternScore) F1() float64 { return f1(s.Precision(), s.Recall()) }

// DoorbusterScore follows the flash sales deeper than 70%, which look like
// price errors: how many were called flash sales and how many errors.
type DoorbusterScore struct {
	Planted, AsFlash, AsError int
}

type span struct{ from, to time.Time }

func (a span) overlaps(b span) bool { return !a.to.Before(b.from) && !b.to.Before(a.from) }

func scorePatterns(ctx context.Context, ds Dataset, labels Labels, cfg patterns.Config, progress Progress) ([]PatternScore, DoorbusterScore, error) {
	det, err := patterns.NewDetector(cfg)
	if err != nil {
		return nil, DoorbusterScore{}, err
	}
	type key struct {
		kind    patterns.Kind
		variant catalog.VariantKey
	}
	truth := map[key][]span{}
	for _, e := range labels.Events {
		k := key{e.Kind, e.Variant}
		truth[k] = append(truth[k], span{e.From, e.To})
	}
	found := map[key][]span{}
	scores := map[patterns.Kind]*PatternScore{}
	for _, k := range patterns.Kinds() {
		scores[k] = &PatternScore{Kind: k}
	}
	for li, l := range ds.Series {
		if li%500 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, DoorbusterScore{}, err
			}
			progress("detecting patterns", li, len(ds.Series))
		}
		for _, s := range l {
			if len(s) == 0 {
				continue
			}
			v := s[0].Variant
			weekly := false
			for _, p := range det.Detect(s) {
				if p.Kind == patterns.KindWeekly {
					weekly = true
					continue
				}
				sc := scores[p.Kind]
				sc.Detections++
				sp := span{p.From, p.To}
				k := key{p.Kind, v}
				found[k] = append(found[k], sp)
				for _, t := range truth[k] {
					if t.overlaps(sp) {
						sc.TrueDetect++
						break
					}
				}
			}
			w := scores[patterns.KindWeekly]
			if labels.Weekly[v] {
				w.Events++
				if weekly {
					w.Found++
				}
			}
			if weekly {
				w.Detections++
				if labels.Weekly[v] {
					w.TrueDetect++
				}
			}
		}
	}
	progress("detecting patterns", len(ds.Series), len(ds.Series))
	var door DoorbusterScore
	for _, e := range labels.Events {
		sc := scores[e.Kind]
		if sc == nil || e.Kind == patterns.KindWeekly {
			continue
		}
		sc.Events++
		sp := span{e.From, e.To}
		hit := func(kind patterns.Kind) bool {
			for _, d := range found[key{kind, e.Variant}] {
				if d.overlaps(sp) {
					return true
				}
			}
			return false
		}
		if hit(e.Kind) {
			sc.Found++
		}
		if e.Kind == patterns.KindFlashSale && e.DiscountBP >= 7000 {
			door.Planted++
			if hit(patterns.KindFlashSale) {
				door.AsFlash++
			}
			if hit(patterns.KindPriceError) {
				door.AsError++
			}
		}
	}
	out := make([]PatternScore, 0, len(scores))
	for _, k := range patterns.Kinds() {
		out = append(out, *scores[k])
	}
	return out, door, nil
}

// SeasonalScore is the seasonal detector scored on a dataset of its own:
// seasons need years of history, which the main dataset does not have.
type SeasonalScore struct {
	Listings, Variants, Days int
	Score                    PatternScore
}

// ScoreSeasonal runs the detectors on ds and scores the seasonal patterns
// against labels. It returns early with ctx's error when ctx is cancelled;
// progress may be nil.
func ScoreSeasonal(ctx context.Context, ds Dataset, labels Labels, cfg patterns.Config, progress Progress) (SeasonalScore, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	out := SeasonalScore{Listings: len(ds.Listings), Variants: ds.Variants(), Days: int(ds.End.Sub(ds.Start).Hours() / 24)}
	scores, _, err := scorePatterns(ctx, ds, labels, cfg, progress)
	if err != nil {
		return out, fmt.Errorf("score seasonal patterns: %w", err)
	}
	for _, s := range scores {
		if s.Kind == patterns.KindSeasonal {
			out.Score = s
		}
	}
	return out, nil
}
