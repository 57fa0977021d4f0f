package forecast

import (
	"cmp"
	"math"
	"slices"
)

// Brier is the mean squared difference between predicted probabilities and
// outcomes (0 is perfect; always predicting the base rate p scores p(1-p)).
// It is NaN for no predictions.
func Brier(pred []float64, outcome []bool) float64 {
	if len(pred) == 0 {
		return math.NaN()
	}
	s := 0.0
	for i, p := range pred {
		d := p - b2f(outcome[i])
		s += d * d
	}
	return s / float64(len(pred))
}

// AUC is the probability that a random positive is ranked above a random
// negative (ties count half): 0.5 is chance. It is NaN without both classes.
func AUC(pred []float64, outcome []bool) float64 {
	idx := make([]int, len(pred))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(pred[a], pred[b]) })
	var pos, neg, rankSum float64
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && pred[idx[j]] == pred[idx[i]] {
			j++
		}
		avg := float64(i+j+1) / 2 // ranks i+1..j share their mean
		for _, k := range idx[i:j] {
			if outcome[k] {
				pos++
				rankSum += avg
			} else {
				neg++
			}
		}
		i = j
	}
	if pos == 0 || neg == 0 {
		return math.NaN()
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}
