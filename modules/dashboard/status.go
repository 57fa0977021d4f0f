package dashboard

import (
	"context"
	"time"
)

// statusJSON is the data of a status event. Unknown figures are null.
type statusJSON struct {
	AsOf                  time.Time       `json:"as_of"`
	ProductsToday         int64           `json:"products_today"`
	ObservationsPerMinute *float64        `json:"observations_per_minute"`
	Lag                   map[int32]int64 `json:"lag"` // partition → records; keys become strings
	LagTotal              *int64          `json:"lag_total"`
	DLQSize               *int64          `json:"dlq_size"`
	Shops                 []shopJSON      `json:"shops"`
	Stream                StreamStats     `json:"stream"`
}

type shopJSON struct {
	Slug           string     `json:"slug"`
	Name           string     `json:"name"`
	LastSuccessAt  *time.Time `json:"last_success_at"`
	LastObservedAt *time.Time `json:"last_observed_at"`
	LastStatus     *string    `json:"last_status"`
	LastMessage    string     `json:"last_message"`
}

func statusOf(st Status, at time.Time, rate *float64, stream StreamStats) statusJSON {
	out := statusJSON{
		AsOf: at.UTC(), ProductsToday: st.ProductsToday, ObservationsPerMinute: rate,
		Lag: st.Lag, Shops: make([]shopJSON, 0, len(st.Shops)), Stream: stream,
	}
	if st.Lag != nil {
		var total int64
		for _, n := range st.Lag {
			total += n
		}
		out.LagTotal = &total
	}
	if st.DLQSize >= 0 {
		n := st.DLQSize
		out.DLQSize = &n
	}
	for _, s := range st.Shops {
		j := shopJSON{Slug: s.Slug, Name: s.Name, LastSuccessAt: timeOrNil(s.LastSuccessAt),
			LastObservedAt: timeOrNil(s.LastObservedAt), LastMessage: s.LastMessage}
		if s.LastStatus != "" {
			status := s.LastStatus
			j.LastStatus = &status
		}
		out.Shops = append(out.Shops, j)
	}
	return out
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// rateWindow turns readings of a running total into the count per span
// (a minute) over about the last span.
type rateWindow struct {
	span    time.Duration
	samples []sample
}

type sample struct {
	at time.Time
	n  int64
}

// add records the total n read at at and returns the rate, nil while it is
// unknown: n is, or fewer than two readings lie within 2×span (a poller
// idle for an hour must not report the hour's average as the last minute's).
func (w *rateWindow) add(at time.Time, n int64) *float64 {
	if n < 0 {
		w.samples = w.samples[:0]
		return nil
	}
	if k := len(w.samples); k > 0 && (n < w.samples[k-1].n || !at.After(w.samples[k-1].at)) {
		w.samples = w.samples[:0] // the counter restarted (or time went back)
	}
	w.samples = append(w.samples, sample{at: at, n: n})
	first := 0
	for i, s := range w.samples[:len(w.samples)-1] {
		if age := at.Sub(s.at); age > 2*w.span {
			first = i + 1
		} else if age >= w.span {
			first = i // the newest reading a whole span old is the base
		}
	}
	w.samples = append(w.samples[:0], w.samples[first:]...)
	if len(w.samples) < 2 {
		return nil
	}
	// Over less than a span the count so far is reported, not extrapolated:
	// scrapes come in bursts, and a burst's first seconds scaled to a minute
	// would be wildly off.
	base, last := w.samples[0], w.samples[len(w.samples)-1]
	r := float64(last.n-base.n) / max(last.at.Sub(base.at), w.span).Minutes()
	return &r
}

// refreshStatus reads the status source once and sends the result to
// every client. A failure is logged when it starts and when it ends, not at
// every tick.
func (d *Dashboard) refreshStatus(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, d.cfg.StatusInterval)
	defer cancel()
	st, err := d.deps.Status.Status(ctx)
	d.lastPoll.Store(d.now().UnixNano())
	if err != nil {
		if !d.statusFailing {
			d.log.Warn("dashboard_status_failed", "error", err)
		}
		d.statusFailing = true
		return
	}
	if d.statusFailing {
		d.log.Info("dashboard_status_recovered")
		d.statusFailing = false
	}
	at := d.now()
	frame, err := jsonFrame(eventStatus, statusOf(st, at, d.rate.add(at, st.Observations), d.Stats()))
	if err != nil {
		d.log.Error("dashboard_status_encode_failed", "error", err)
		return
	}
	d.hub.setStatus(frame)
}
