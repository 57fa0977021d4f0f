package app

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
	"github.com/skatestock/skatestock/modules/store/sqlite"
)

// runAnalytics runs `skatestock analytics args...` through the root
// command, adding the analytics group when root does not have it yet.
func runAnalytics(t *testing.T, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	c := &cli{stdout: &stdout, stderr: &stderr}
	root := newRootCmd(c)
	if cmd, _, err := root.Find([]string{"analytics"}); err != nil || cmd.Name() != "analytics" {
		root.AddCommand(newAnalyticsCmd(c))
	}
	root.SetArgs(append([]string{"analytics"}, args...))
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	code := exitOK
	if err := root.ExecuteContext(context.Background()); err != nil {
		stderr.WriteString(err.Error())
		code = exitCode(err)
	}
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func TestSeedRefreshesRollupsAndAnalyticsRebuild(t *testing.T) {
	dir := t.TempDir()
	dbURL := "sqlite://" + filepath.Join(dir, "skatestock.db")
	for _, args := range [][]string{
		{"migrate", "up", "--database-url", dbURL},
		{"seed", "--database-url", dbURL, "--products", "40", "--shops", "2", "--days", "3", "--end", "2025-06-30T12:00:00Z"},
	} {
		if r := runCLI(t, nil, args...); r.code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
	}
	trends := func() catalog.Trends {
		t.Helper()
		s, err := sqlite.Open(context.Background(), sqlite.Config{Path: filepath.Join(dir, "skatestock.db")}, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		tr, err := s.Trends(context.Background(), catalog.TrendQuery{GroupBy: catalog.TrendShop,
			From: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	seeded := trends()
	// Two shops, the 27th (the day before the first scrape) to the 30th.
	if len(seeded.Series) == 0 || len(seeded.Series[0].Points) < 3 {
		t.Fatalf("after seed, trends = %+v; want every shop's days", seeded)
	}

	r := runAnalytics(t, "rebuild", "--database-url", dbURL)
	if r.code != exitOK || !strings.Contains(r.stdout, "rebuilt the rollups of 4 days (2025-06-27 to 2025-06-30)") {
		t.Fatalf("analytics rebuild: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "rebuilt 4/4 days") {
		t.Errorf("rebuild off a terminal should print plain progress lines, stderr %q", r.stderr)
	}
	if rebuilt := trends(); !reflect.DeepEqual(rebuilt, seeded) {
		t.Errorf("a rebuild changed the seeded rollups:\n%+v\nwant\n%+v", rebuilt, seeded)
	}
}

func TestAnalyticsRebuildEmptyDatabase(t *testing.T) {
	dbURL := "sqlite://" + filepath.Join(t.TempDir(), "skatestock.db")
	if r := runCLI(t, nil, "migrate", "up", "--database-url", dbURL); r.code != exitOK {
		t.Fatal(r.stderr)
	}
	r := runAnalytics(t, "rebuild", "--database-url", dbURL)
	if r.code != exitOK || !strings.Contains(r.stdout, "nothing to rebuild") {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// fakeRollups records the refreshes it is asked for.
type fakeRollups struct {
	store.Rollups
	mu    sync.Mutex
	calls [][2]time.Time
	err   error
	done  chan struct{} // receives after each refresh
}

func (f *fakeRollups) RefreshRollups(_ context.Context, from, to time.Time) (int, error) {
	f.mu.Lock()
	f.calls = append(f.calls, [2]time.Time{from, to})
	err := f.err
	f.mu.Unlock()
	select {
	case f.done <- struct{}{}:
	default: // the test has seen enough
	}
	return 1, err
}

func TestAnalyticsRefresherDays(t *testing.T) {
	now := time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)
	stamped := func(t time.Time) bus.Record { return bus.Record{Value: []byte(t.Format(time.RFC3339))} }
	tests := []struct {
		name  string
		batch []bus.Record
		from  time.Time
	}{
		{"the earliest observation", []bus.Record{stamped(now.Add(-time.Hour)), stamped(now.Add(-50 * time.Hour))}, now.Add(-50 * time.Hour)},
		{"no updates: yesterday and today", nil, now.Add(-24 * time.Hour)},
		{"an undecodable update stands for yesterday", []bus.Record{{Value: []byte("?")}}, now.Add(-24 * time.Hour)},
		{"at most a week back", []bus.Record{stamped(now.AddDate(0, -2, 0))}, now.Add(-rollupMaxLookback)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := &fakeRollups{done: make(chan struct{}, 10)}
			refreshed := make(chan struct{}, 10)
			r := &rollupRefresher{db: db, log: slog.New(slog.DiscardHandler), now: func() time.Time { return now },
				every: time.Millisecond, sweepEvery: time.Hour,
				refreshed: func(context.Context) { refreshed <- struct{}{} },
				decode: func(v []byte) (time.Time, bool) {
					at, err := time.Parse(time.RFC3339, string(v))
					return at, err == nil
				}}
			r.noteUpdates(tt.batch)
			ctx, cancel := context.WithCancel(context.Background())
			stopped := make(chan struct{})
			go func() { defer close(stopped); r.run(ctx) }()
			<-db.done
			<-refreshed
			cancel()
			<-stopped
			db.mu.Lock()
			defer db.mu.Unlock()
			// The first tick sweeps yesterday too; with nothing noted since,
			// no other tick refreshes.
			if len(db.calls) != 1 || !db.calls[0][0].Equal(tt.from) || !db.calls[0][1].Equal(now) {
				t.Errorf("refreshes %v, want one from %s to %s", db.calls, tt.from, now)
			}
		})
	}
}

func TestAnalyticsRefresherRetriesFailures(t *testing.T) {
	now := time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)
	db := &fakeRollups{done: make(chan struct{}, 10), err: errors.New("database is locked")}
	refreshed := make(chan struct{}, 10)
	r := &rollupRefresher{db: db, log: slog.New(slog.DiscardHandler), now: func() time.Time { return now },
		every: time.Millisecond, sweepEvery: time.Hour,
		refreshed: func(context.Context) { refreshed <- struct{}{} },
		decode:    func([]byte) (time.Time, bool) { return now.Add(-48 * time.Hour), true }}
	r.noteUpdates([]bus.Record{{}})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { defer close(stopped); r.run(ctx) }()
	<-db.done // fails
	db.mu.Lock()
	db.err = nil
	db.mu.Unlock()
	<-db.done // retried
	<-refreshed
	cancel()
	<-stopped
	db.mu.Lock()
	defer db.mu.Unlock()
	if len(db.calls) < 2 || !db.calls[1][0].Equal(now.Add(-48*time.Hour)) {
		t.Errorf("refreshes %v, want the failed days retried", db.calls)
	}
	if len(refreshed) != 0 {
		t.Errorf("refreshed called %d more times, want once: after the retry", len(refreshed))
	}
}
