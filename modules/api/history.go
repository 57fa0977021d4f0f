package api

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/skatestock/skatestock/modules/catalog"
)

// defaultHistoryRange is the window when from is not given.
const defaultHistoryRange = 30 * 24 * time.Hour

// resolutions maps each resolution to its bucket; raw has none.
func resolutionStep(r string) (time.Duration, bool) {
	switch r {
	case "raw":
		return 0, true
	case "hour":
		return time.Hour, true
	case "day":
		return 24 * time.Hour, true
	}
	return 0, false
}

type historyJSON struct {
	ProductID  int64                `json:"product_id"`
	From       time.Time            `json:"from"`
	To         time.Time            `json:"to"`
	Resolution string               `json:"resolution"`
	Variants   []variantHistoryJSON `json:"variants"`
}

type variantHistoryJSON struct {
	ExternalID string             `json:"external_id"`
	Title      string             `json:"title"`
	Attributes attributesJSON     `json:"attributes"`
	Points     []historyPointJSON `json:"points"`
}

// historyPointJSON is the state of a variant at At: for raw, a change point
// (At is when it began, which may precede from for the first one); for hour
// and day, the state in force at the end of each bucket.
type historyPointJSON struct {
	At           time.Time  `json:"at"`
	ValidFrom    time.Time  `json:"valid_from"`
	LastSeen     *time.Time `json:"last_seen"`
	Price        *moneyJSON `json:"price"`
	CompareAt    *moneyJSON `json:"compare_at"`
	Availability string     `json:"availability"`
	InStock      bool       `json:"in_stock"`
	DiscountBP   int        `json:"discount_bp"`
}

// productHistory answers GET /api/v1/products/{id}/history.
func (s *Server) productHistory(c echo.Context) (any, error) {
	id, err := productID(c)
	if err != nil {
		return nil, err
	}
	p := parseParams(c.QueryString(), "from", "to", "resolution")
	from, to := p.instant("from"), p.instant("to")
	res := "raw"
	if v, ok := p.text("resolution"); ok {
		res = v
	}
	step, ok := resolutionStep(res)
	if !ok {
		p.fail("resolution", "must be one of raw, hour, day")
	}
	if err := p.err(); err != nil {
		return nil, err
	}

	// Bucket ends past now would invent states nobody observed.
	now := s.now().UTC()
	end := now
	if to != nil && to.Before(now) {
		end = *to
	}
	start := end.Add(-defaultHistoryRange)
	if from != nil {
		start = *from
	}
	switch {
	case !start.Before(end):
		return nil, badParams(InvalidParam{Name: "from", Reason: "must be before to and before now"})
	case end.Sub(start) > s.cfg.HistoryMaxRange:
		return nil, badParams(InvalidParam{Name: "from",
			Reason: fmt.Sprintf("from..to spans more than %d days, the most allowed", int(s.cfg.HistoryMaxRange/(24*time.Hour)))})
	}
	if step > 0 {
		if n := bucketCount(start, end, step); n > s.cfg.HistoryMaxPoints {
			return nil, badParams(InvalidParam{Name: "from",
				Reason: fmt.Sprintf("from..to at resolution=%s gives %d points per variant, at most %d allowed; narrow the range or use a coarser resolution", res, n, s.cfg.HistoryMaxPoints)})
		}
	}

	hist, err := s.deps.Catalog.ProductHistory(c.Request().Context(), id, start, end)
	if err != nil {
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, productError(id, err)
		}
		return nil, fmt.Errorf("product %d history: %w", id, err)
	}
	out := historyJSON{ProductID: id, From: start, To: end, Resolution: res,
		Variants: make([]variantHistoryJSON, 0, len(hist))}
	for _, h := range hist {
		v := variantHistoryJSON{ExternalID: h.ExternalID, Title: h.Title, Attributes: attributesOf(h.Attributes)}
		if step == 0 {
			if len(h.Spans) > s.cfg.HistoryMaxPoints {
				return nil, badParams(InvalidParam{Name: "resolution",
					Reason: "raw history of variant " + strconv.Quote(h.ExternalID) + " holds " + strconv.Itoa(len(h.Spans)) +
						" points, at most " + strconv.Itoa(s.cfg.HistoryMaxPoints) + " allowed; use resolution=hour or day, or narrow from..to"})
			}
			v.Points = rawPoints(h.Spans)
		} else {
			v.Points = bucketPoints(h.Spans, start, end, step)
		}
		out.Variants = append(out.Variants, v)
	}
	return out, nil
}

// bucketCount is how many buckets of step, aligned to UTC, cover
// [start, end).
func bucketCount(start, end time.Time, step time.Duration) int {
	first := start.Truncate(step)
	return int((end.Sub(first) + step - 1) / step)
}

func pointOf(at time.Time, sp catalog.PriceSpan) historyPointJSON {
	return historyPointJSON{
		At: at.UTC(), ValidFrom: sp.ValidFrom.UTC(), LastSeen: timeOf(sp.LastSeen),
		Price: moneyOf(sp.Price), CompareAt: moneyOf(sp.CompareAt),
		Availability: string(sp.Availability), InStock: sp.Availability.Purchasable(),
		DiscountBP: catalog.DiscountBasisPoints(sp.Price, sp.CompareAt),
	}
}

func rawPoints(spans []catalog.PriceSpan) []historyPointJSON {
	out := make([]historyPointJSON, 0, len(spans))
	for _, sp := range spans {
		out = append(out, pointOf(sp.ValidFrom, sp))
	}
	return out
}

// bucketPoints gives, for each bucket, the span in force at its end (or at
// end, for the last, partial one). Buckets before the variant's first
// change point have no point.
func bucketPoints(spans []catalog.PriceSpan, start, end time.Time, step time.Duration) []historyPointJSON {
	out := make([]historyPointJSON, 0, bucketCount(start, end, step))
	i := -1 // the span in force at the current bucket end
	for b := start.Truncate(step); b.Before(end); b = b.Add(step) {
		at := b.Add(step)
		if at.After(end) {
			at = end
		}
		for i+1 < len(spans) && !spans[i+1].ValidFrom.After(at) {
			i++
		}
		if i >= 0 {
			out = append(out, pointOf(at, spans[i]))
		}
	}
	return out
}
