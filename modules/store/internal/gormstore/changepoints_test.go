package gormstore

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

var base = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// minute n of the test clock.
func m(n int) time.Time { return base.Add(time.Duration(n) * time.Minute) }

// st names test states by a letter: A and B differ in price, C in
// availability, D in compare-at.
func st(name string) state {
	s := state{Price: catalog.Money{Amount: 5000, Currency: "USD"}, Availability: catalog.InStock}
	switch name {
	case "B":
		s.Price.Amount = 4500
	case "C":
		s.Availability = catalog.OutOfStock
	case "D":
		s.CompareAt = catalog.Money{Amount: 6000, Currency: "USD"}
	}
	return s
}

// spans renders a timeline as "A[1,2] B[3,3]" with minutes for times.
func spans(tl []point) string {
	var parts []string
	for i := range tl {
		p := &tl[i]
		name := "?"
		for _, n := range []string{"A", "B", "C", "D"} {
			if st(n) == p.State {
				name = n
			}
		}
		parts = append(parts, fmt.Sprintf("%s[%d,%d]", name,
			int(p.ValidFrom().Sub(base)/time.Minute), int(p.LastSeen().Sub(base)/time.Minute)))
	}
	return strings.Join(parts, " ")
}

// samples parses "A1 A2 B3" into samples at those minutes.
func samples(s string) []sample {
	var out []sample
	for _, f := range strings.Fields(s) {
		var n int
		fmt.Sscanf(f[1:], "%d", &n)
		out = append(out, sample{At: m(n), State: st(f[:1]), Run: "run-" + f})
	}
	return out
}

// stored parses "A[1,2] B[3,3]" into stored points.
func stored(s string) []point {
	var out []point
	for _, f := range strings.Fields(s) {
		var from, seen int
		fmt.Sscanf(f[1:], "[%d,%d]", &from, &seen)
		out = append(out, loadedPoint(st(f[:1]), m(from), m(seen), "stored"))
	}
	return out
}

func TestFold(t *testing.T) {
	tests := []struct {
		name        string
		stored      string
		batch       string
		want        string
		extended    int
		conflicting int
	}{
		{name: "first observation starts a point", batch: "A1", want: "A[1,1]"},
		{name: "unchanged re-scrape extends", stored: "A[1,1]", batch: "A2", want: "A[1,2]", extended: 1},
		{name: "change starts a point", stored: "A[1,2]", batch: "B3", want: "A[1,2] B[3,3]"},
		{name: "back to the old price starts a point", stored: "A[1,2] B[3,3]", batch: "A4", want: "A[1,2] B[3,3] A[4,4]"},
		{name: "runs in one batch", batch: "A1 A2 B3 B4 A5 C6 D7", want: "A[1,2] B[3,4] A[5,5] C[6,6] D[7,7]", extended: 2},
		{name: "repeat of a stored start", stored: "A[1,2]", batch: "A1", want: "A[1,2]", extended: 1},
		{name: "repeat of a stored end", stored: "A[1,2]", batch: "A2", want: "A[1,2]", extended: 1},
		{name: "duplicates inside the batch", batch: "A1 A1 B2 B2", want: "A[1,1] B[2,2]", extended: 2},
		{name: "conflict inside the batch keeps the first", batch: "A1 B1", want: "A[1,1]", conflicting: 1},
		{name: "conflict with a stored point keeps it", stored: "A[1,2]", batch: "B2", want: "A[1,2]", conflicting: 1},
		{name: "late observation inside its own run", stored: "A[1,5]", batch: "A3", want: "A[1,5]", extended: 1},
		{name: "late observation moves the next start back", stored: "B[1,1] A[5,6]", batch: "A3", want: "B[1,1] A[3,6]", extended: 1},
		{name: "late observation before all points", stored: "A[5,6]", batch: "B3", want: "B[3,3] A[5,6]"},
		{name: "late observation between runs", stored: "A[1,2] B[5,6]", batch: "C3", want: "A[1,2] C[3,3] B[5,6]"},
		{name: "late observation splits a run", stored: "A[1,5]", batch: "B3", want: "A[1,1] B[3,3] A[5,5]"},
		{name: "split keeps what the batch saw", stored: "A[1,9]", batch: "A2 A4 B5 A7", want: "A[1,4] B[5,5] A[7,9]", extended: 3},
		{name: "split of a moved point keeps its stored start", stored: "A[5,6]", batch: "A3 B4", want: "A[3,3] B[4,4] A[5,6]", extended: 1},
		{name: "out of order batch", batch: "A5 B3 A1 A2 B4", want: "A[1,2] B[3,4] A[5,5]", extended: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, stats := fold(stored(tt.stored), samples(tt.batch))
			if s := spans(got); s != tt.want {
				t.Errorf("timeline %s, want %s", s, tt.want)
			}
			if stats.Extended != tt.extended || stats.Conflicting != tt.conflicting {
				t.Errorf("extended %d conflicting %d, want %d and %d", stats.Extended, stats.Conflicting, tt.extended, tt.conflicting)
			}
			checkInvariants(t, got)
		})
	}
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name, stored, batch string
		deleted             []int // minutes
		inserted, extended  string
		created             int
		latest              string // "" when the current point is unchanged
		newState            bool
	}{
		{name: "nothing new", stored: "A[1,2]", batch: "A1 A2"},
		{name: "history only", stored: "A[1,5] B[7,8]", batch: "A3"},
		{name: "extension", stored: "A[1,2]", batch: "A3", extended: "A[1,3]", latest: "A[1,3]"},
		{name: "change", stored: "A[1,2]", batch: "B3", inserted: "B[3,3]", created: 1, latest: "B[3,3]", newState: true},
		{name: "moved start is rewritten", stored: "B[1,1] A[5,6]", batch: "A3", deleted: []int{5}, inserted: "A[3,6]", latest: "A[3,6]", newState: true},
		{name: "shrunk end is rewritten", stored: "A[1,5]", batch: "B3", deleted: []int{1}, inserted: "A[1,1] B[3,3] A[5,5]", created: 2, latest: "A[5,5]", newState: true},
	}
	deref := func(ps []*point) []point {
		var out []point
		for _, p := range ps {
			out = append(out, *p)
		}
		return out
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl, _ := fold(stored(tt.stored), samples(tt.batch))
			c := diff(tl)
			var deleted []int
			for _, d := range c.deleted {
				deleted = append(deleted, int(d.Sub(base)/time.Minute))
			}
			if !slices.Equal(deleted, tt.deleted) {
				t.Errorf("deleted %v, want %v", deleted, tt.deleted)
			}
			if s := spans(deref(c.inserted)); s != tt.inserted {
				t.Errorf("inserted %s, want %s", s, tt.inserted)
			}
			if s := spans(deref(c.extended)); s != tt.extended {
				t.Errorf("extended %s, want %s", s, tt.extended)
			}
			if c.created != tt.created {
				t.Errorf("created %d, want %d", c.created, tt.created)
			}
			latest := ""
			if c.latest != nil {
				latest = spans([]point{*c.latest})
			}
			if latest != tt.latest || c.newState != tt.newState {
				t.Errorf("latest %q new state %v, want %q %v", latest, c.newState, tt.latest, tt.newState)
			}
		})
	}
}

// checkInvariants asserts what every timeline must satisfy: ascending,
// non-overlapping points, each adjacent pair in different states.
func checkInvariants(t *testing.T, tl []point) {
	t.Helper()
	for i := range tl {
		p := &tl[i]
		if p.LastSeen().Before(p.ValidFrom()) {
			t.Errorf("point %d ends before it starts: %s", i, spans(tl))
		}
		if i > 0 {
			prev := &tl[i-1]
			if !prev.LastSeen().Before(p.ValidFrom()) {
				t.Errorf("points %d and %d overlap: %s", i-1, i, spans(tl))
			}
			if prev.State == p.State {
				t.Errorf("points %d and %d have the same state: %s", i-1, i, spans(tl))
			}
		}
	}
}

// db is a toy store of one variant's points that applies changes the way
// the SQL does: deletes, inserts that keep a key already there, updates
// that only extend.
type db struct {
	points map[time.Time]point
}

func (d *db) load() []point {
	var out []point
	for _, p := range d.points {
		out = append(out, loadedPoint(p.State, p.ValidFrom(), p.LastSeen(), p.SourceRun()))
	}
	slices.SortFunc(out, func(a, b point) int { return a.ValidFrom().Compare(b.ValidFrom()) })
	return out
}

func (d *db) apply(c changes) {
	for _, key := range c.deleted {
		delete(d.points, key)
	}
	for _, p := range c.inserted {
		if _, ok := d.points[p.ValidFrom()]; !ok {
			d.points[p.ValidFrom()] = loadedPoint(p.State, p.ValidFrom(), p.LastSeen(), p.SourceRun())
		}
	}
	for _, p := range c.extended {
		old := d.points[p.ValidFrom()]
		if p.LastSeen().After(old.LastSeen()) {
			old.last = witness{at: p.LastSeen()}
		}
		d.points[p.ValidFrom()] = old
	}
}

func (d *db) record(batch []sample) {
	tl, _ := fold(d.load(), batch)
	d.apply(diff(tl))
}

// canonical is the run-length compression of samples in time order, the
// first sample winning an instant: what any arrival order should approach.
func canonical(ss []sample) string {
	ss = slices.Clone(ss)
	slices.SortStableFunc(ss, func(a, b sample) int { return a.At.Compare(b.At) })
	var tl []point
	for _, s := range ss {
		n := len(tl)
		switch {
		case n > 0 && tl[n-1].LastSeen().Equal(s.At):
		case n > 0 && tl[n-1].State == s.State:
			tl[n-1].last = witness{at: s.At}
		default:
			tl = append(tl, newPoint(s.State, witness{at: s.At}))
		}
	}
	return spans(tl)
}

func randomSamples(r *rand.Rand, n int) []sample {
	var out []sample
	at := 0
	for range n {
		if len(out) > 0 && r.IntN(5) == 0 {
			out = append(out, out[len(out)-1]) // a duplicate delivery
			continue
		}
		at += 1 + r.IntN(3)
		out = append(out, sample{At: m(at), State: st(string(rune('A' + r.IntN(3))))})
	}
	return out
}

// Batches in order, in reverse order, or all at once shuffled reach the
// canonical history; any arrival reaches a valid one; a batch delivered
// twice in a row changes nothing the second time. (An old batch delivered
// again much later may change things: it can restore instants that a split
// in between had to forget.)
func TestFoldArrivalOrders(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		all := randomSamples(r, 1+r.IntN(30))
		want := canonical(all)
		var batches [][]sample
		for rest := all; len(rest) > 0; {
			k := 1 + r.IntN(len(rest))
			batches = append(batches, rest[:k])
			rest = rest[k:]
		}
		name := fmt.Sprintf("round %d", round)

		forward := &db{points: map[time.Time]point{}}
		for _, b := range batches {
			forward.record(b)
		}
		reverse := &db{points: map[time.Time]point{}}
		for i := len(batches) - 1; i >= 0; i-- {
			reverse.record(batches[i])
		}
		shuffled := slices.Clone(all)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		once := &db{points: map[time.Time]point{}}
		once.record(shuffled)
		for label, d := range map[string]*db{"forward": forward, "reverse": reverse, "shuffled": once} {
			if got := spans(d.load()); got != want {
				t.Fatalf("%s %s: got %s, want %s", name, label, got, want)
			}
		}

		random := &db{points: map[time.Time]point{}}
		r.Shuffle(len(batches), func(i, j int) { batches[i], batches[j] = batches[j], batches[i] })
		for _, b := range batches {
			random.record(b)
			again, _ := fold(random.load(), b)
			if c := diff(again); len(c.inserted)+len(c.extended)+len(c.deleted) > 0 {
				t.Fatalf("%s: repeating a batch changed %d points", name, len(c.inserted)+len(c.extended))
			}
		}
		tl := random.load()
		checkInvariants(t, tl)
		byTime := map[time.Time]state{}
		for _, s := range all {
			byTime[s.At] = s.State
		}
		for i := range tl {
			for _, at := range []time.Time{tl[i].ValidFrom(), tl[i].LastSeen()} {
				if byTime[at] != tl[i].State {
					t.Fatalf("%s: point %s starts or ends at an instant not observed in its state", name, spans(tl[i:i+1]))
				}
			}
		}
	}
}
