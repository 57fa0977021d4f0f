package eval

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/analytics/patterns"
)

// The targets the issue sets for matching.
const (
	targetPrecision = 0.98
	targetRecall    = 0.90
)

// Column is one evaluated dataset in a score table, such as the seed the
// algorithms were tuned on and a held-out one.
type Column struct {
	Name   string
	Report Report
}

// WriteMarkdown writes the score tables of the columns side by side, as
// GitHub-flavoured Markdown.
func WriteMarkdown(w io.Writer, cols []Column) error {
	var b strings.Builder
	row := func(label string, cell func(Report) string) {
		b.WriteString("| " + label + " |")
		for _, c := range cols {
			b.WriteString(" " + cell(c.Report) + " |")
		}
		b.WriteString("\n")
	}
	header := func(title string) {
		b.WriteString("\n| " + title + " |")
		for _, c := range cols {
			b.WriteString(" " + c.Name + " |")
		}
		b.WriteString("\n|---|" + strings.Repeat("---:|", len(cols)) + "\n")
	}
	header("dataset")
	row("listings / variants / shops", func(r Report) string {
		return fmt.Sprintf("%d / %d / %d", r.Listings, r.Variants, r.Shops)
	})
	row("observations (days)", func(r Report) string {
		return fmt.Sprintf("%d (%.0f)", r.Observations, r.End.Sub(r.Start).Hours()/24)
	})

	header("cross-shop matching (target: precision ≥ 0.98 at recall ≥ 0.90)")
	row("listing pairs: precision / recall", func(r Report) string { return pr(r.Matching.Listing) })
	row("variant pairs: precision / recall", func(r Report) string { return pr(r.Matching.Variant) })
	row("true pairs / found / correct", func(r Report) string {
		c := r.Matching.Listing
		return fmt.Sprintf("%d / %d / %d", c.Truth, c.Found, c.True)
	})
	for _, ev := range []string{"gtin", "model", "title"} {
		row("found by "+ev+": correct / wrong", func(r Report) string {
			for k, v := range r.Matching.ByEvidence {
				if string(k) == ev {
					return fmt.Sprintf("%d / %d", v[0], v[1])
				}
			}
			return "0 / 0"
		})
	}
	row("left for review (of them true pairs)", func(r Report) string {
		return fmt.Sprintf("%d (%d)", r.Matching.Review, r.Matching.ReviewTrue)
	})
	for _, reason := range unionKeys(cols, func(r Report) map[string][2]int { return r.Matching.LookAlikes }) {
		row("look-alikes ("+reason+") wrongly matched", func(r Report) string {
			v := r.Matching.LookAlikes[reason]
			return fmt.Sprintf("%d of %d", v[1], v[0])
		})
	}
	for _, trait := range unionKeys(cols, func(r Report) map[string][2]int { return r.Matching.ByTrait }) {
		row("recall, pairs with "+strings.ReplaceAll(trait, "_", " "), func(r Report) string {
			v := r.Matching.ByTrait[trait]
			return fmt.Sprintf("%.3f (%d)", ratio(v[0], v[1]), v[1])
		})
	}
	row("baseline: title word Jaccard ≥ 0.6", func(r Report) string { return pr(r.Matching.Baseline) })

	header("discount patterns (target: F1 ≥ 0.90 for flash sale, clearance, price error, seasonal)")
	if len(cols) > 0 {
		for i, ps := range cols[0].Report.Patterns {
			if ps.Kind == patterns.KindSeasonal {
				continue // scored on a history of years, below
			}
			row(strings.ReplaceAll(string(ps.Kind), "_", " ")+": P / R / F1 (events)", func(r Report) string {
				if i >= len(r.Patterns) {
					return ""
				}
				s := r.Patterns[i]
				return fmt.Sprintf("%.3f / %.3f / **%.3f** (%d)", s.Precision(), s.Recall(), s.F1(), s.Events)
			})
		}
	}
	row("seasonal (own dataset: listings × days): P / R / F1 (events)", func(r Report) string {
		s := r.Seasonal
		if s == nil {
			return "not scored"
		}
		return fmt.Sprintf("%.3f / %.3f / **%.3f** (%d; %d × %d)", s.Score.Precision(), s.Score.Recall(), s.Score.F1(),
			s.Score.Events, s.Listings, s.Days)
	})
	row("doorbusters ≥ 70% off: called flash / error", func(r Report) string {
		d := r.Doorbusters
		return fmt.Sprintf("%d / %d of %d", d.AsFlash, d.AsError, d.Planted)
	})

	header("stock-out within 7 days (target: Brier below the baseline's)")
	row("backtest split; train / test examples", func(r Report) string {
		f := r.Forecast
		if f.Skipped != "" {
			return f.Skipped
		}
		return fmt.Sprintf("%s; %d / %d", f.Split.Format(time.DateOnly), f.TrainExamples, f.TestExamples)
	})
	row("test base rate", func(r Report) string { return fmt.Sprintf("%.4f", r.Forecast.BaseRate()) })
	row("model: Brier / AUC", func(r Report) string { return ps(r.Forecast.Model, true) })
	row("baseline (out of stock > 50% of the time): Brier / AUC", func(r Report) string { return ps(r.Forecast.Baseline, false) })
	row("constant training base rate: Brier / AUC", func(r Report) string { return ps(r.Forecast.Base, false) })
	_, err := io.WriteString(w, strings.TrimPrefix(b.String(), "\n"))
	return err
}

func pr(c PRCount) string {
	mark := ""
	if c.Precision() >= targetPrecision && c.Recall() >= targetRecall {
		mark = " ✓"
	}
	return fmt.Sprintf("%.4f / %.4f%s", c.Precision(), c.Recall(), mark)
}

func ps(s ProbScore, bold bool) string {
	if bold {
		return fmt.Sprintf("**%.4f** / %.3f", s.Brier, s.AUC)
	}
	return fmt.Sprintf("%.4f / %.3f", s.Brier, s.AUC)
}

// unionKeys lists, sorted, the keys any column's map has.
func unionKeys(cols []Column, get func(Report) map[string][2]int) []string {
	keys := map[string]bool{}
	for _, c := range cols {
		for k := range get(c.Report) {
			keys[k] = true
		}
	}
	return slices.Sorted(maps.Keys(keys))
}
