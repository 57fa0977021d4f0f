package api

import (
	"errors"
	"math"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
)

// FuzzAnalyticsQuery: whatever the query string, the discount-pattern and
// stock-out parsers never panic and give either a query the store's own
// validation accepts or a 400 naming parameters.
func FuzzAnalyticsQuery(f *testing.F) {
	for _, seed := range []string{
		"", "type=flash_sale&type=CLEARANCE", "type=bogus", "type=", "min_probability=0.5", "min_probability=1e-1",
		"min_probability=NaN", "min_probability=1.00001", "from=2025-06-01&to=2025-05-01", "from=1960-01-01",
		"limit=0", "limit=100", "cursor=abc", "shop=north-skate&brand=indy&category=wheels", "%zz=1", "a;b=1",
		"type=weekly&type=weekly&type=weekly", "to=2025-06-15T23:59:59.999999999Z",
	} {
		f.Add(seed)
	}
	s, _, _ := testServer(f, nil)
	f.Fuzz(func(t *testing.T, raw string) {
		check := func(name string, err error, valid func() error) {
			if err != nil {
				var p *problem
				if !errors.As(err, &p) || p.Status != 400 || len(p.InvalidParams) == 0 {
					t.Fatalf("%s %q: error %v is not a 400 naming parameters", name, raw, err)
				}
				for _, ip := range p.InvalidParams {
					if ip.Name == "" || ip.Reason == "" {
						t.Fatalf("%s %q: unnamed invalid parameter %+v", name, raw, ip)
					}
				}
				return
			}
			if err := valid(); err != nil {
				t.Fatalf("%s %q: accepted a query the store refuses: %v", name, raw, err)
			}
		}
		pq, _, err := s.parsePatternQuery(raw)
		check("discount-patterns", err, func() error {
			if pq.Limit > s.limits.max || pq.From.IsZero() || pq.To.IsZero() || len(pq.After) > maxCursorLen {
				return errors.New("unbounded")
			}
			return pq.Validate()
		})
		sq, _, err := parseStockoutQuery(raw, s.limits)
		check("stockouts", err, func() error {
			if sq.Limit > s.limits.max || math.IsNaN(sq.MinProbability) || len(sq.After) > maxCursorLen {
				return errors.New("unbounded")
			}
			return sq.Validate()
		})
	})
}

// TestAnalyticsQueriesValidate: what the parsers accept, the catalog
// accepts; the fuzz target's seeds run as this test too.
func TestAnalyticsQueriesValidate(t *testing.T) {
	s, _, _ := testServer(t, nil)
	q, _, err := s.parsePatternQuery("type=weekly&brand=Spitfire")
	if err != nil || q.Validate() != nil || q.Kinds[0] != catalog.PatternWeekly {
		t.Errorf("parsePatternQuery = %+v, %v", q, err)
	}
}
