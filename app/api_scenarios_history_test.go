package app

import (
	"fmt"
	"net/url"
	"testing"
	"time"
)

// scenarioHistory reads the history of the products with the most price
// movement at each resolution, and checks that every hour and day point
// is the raw change point in force at its bucket's end.
func scenarioHistory(t *testing.T, a *scenarioAPI, m *scnCatalog, ans answers) {
	picks := m.where(func(p scnProduct) bool { return p.DiscountBP > 0 })
	if len(picks) < 3 {
		t.Fatalf("only %d discounted products to read the history of", len(picks))
	}
	from := scenarioSeedEnd.AddDate(0, 0, -scenarioSeed().Days-1).Format(time.RFC3339)
	to := scenarioNow.Format(time.RFC3339)
	for _, p := range picks[:3] {
		base := fmt.Sprintf("/api/v1/products/%d/history?from=%s&to=%s", p.ID, url.QueryEscape(from), url.QueryEscape(to))
		var raw scnHistory
		ans.add("history raw "+p.key(), canonical(t, a.getJSON(t, base, &raw)))
		if raw.Resolution != "raw" || len(raw.Variants) != len(p.Variants) {
			t.Fatalf("product %d raw history: resolution %q with %d variants, want raw with %d", p.ID, raw.Resolution, len(raw.Variants), len(p.Variants))
		}
		changes := 0
		for _, v := range raw.Variants {
			for i, pt := range v.Points {
				if !pt.At.Equal(pt.ValidFrom) || (i > 0 && !pt.At.After(v.Points[i-1].At)) {
					t.Errorf("product %d variant %s: raw point %d at %v (valid from %v) out of order", p.ID, v.ExternalID, i, pt.At, pt.ValidFrom)
				}
			}
			changes += len(v.Points)
		}
		if changes <= len(raw.Variants) {
			t.Errorf("product %d, on sale, shows no price change in %s..%s", p.ID, from, to)
		}
		for _, res := range []struct {
			name string
			step time.Duration
			from string
		}{
			{"hour", time.Hour, scenarioNow.AddDate(0, 0, -2).Format(time.RFC3339)},
			{"day", 24 * time.Hour, from},
		} {
			q := fmt.Sprintf("/api/v1/products/%d/history?from=%s&to=%s&resolution=%s", p.ID, url.QueryEscape(res.from), url.QueryEscape(to), res.name)
			var h scnHistory
			ans.add("history "+res.name+" "+p.key(), canonical(t, a.getJSON(t, q, &h)))
			checkBuckets(t, p.ID, raw, h, res.step)
		}
	}
}

// checkBuckets holds each bucket point to the raw change point in force at
// its end.
func checkBuckets(t *testing.T, id int64, raw, h scnHistory, step time.Duration) {
	t.Helper()
	for vi, v := range h.Variants {
		rv := raw.Variants[vi]
		for i, pt := range v.Points {
			last := i == len(v.Points)-1
			if (last && !pt.At.Equal(h.To)) || (!last && !pt.At.Equal(pt.At.Truncate(step))) {
				t.Errorf("product %d %s point %d at %v: not a bucket end", id, h.Resolution, i, pt.At)
			}
			var inForce *scnPoint
			for j := range rv.Points {
				if !rv.Points[j].ValidFrom.After(pt.At) {
					inForce = &rv.Points[j]
				}
			}
			if inForce == nil || !inForce.ValidFrom.Equal(pt.ValidFrom) || inForce.Availability != pt.Availability ||
				fmt.Sprint(inForce.Price) != fmt.Sprint(pt.Price) || fmt.Sprint(inForce.CompareAt) != fmt.Sprint(pt.CompareAt) {
				t.Errorf("product %d variant %s %s point at %v = %+v, the raw change point in force then is %+v", id, v.ExternalID, h.Resolution, pt.At, pt, inForce)
			}
		}
	}
}
