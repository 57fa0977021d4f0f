package scrape

import (
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape/platform"
)

func TestPageMemoHandsOutValidatorsOnlyWithACopy(t *testing.T) {
	m := newPageMemo(2)
	m.Put("a", `"1"`, "")
	if _, _, ok := m.Get("a"); ok {
		t.Fatal("validators handed out before the page was parsed")
	}
	m.keep("a", parsedDoc{totalPages: 3})
	if etag, _, ok := m.Get("a"); !ok || etag != `"1"` {
		t.Fatalf("Get = %q, %v after keep", etag, ok)
	}
	m.Put("a", `"2"`, "") // new content: the old copy is stale
	if _, _, ok := m.Get("a"); ok {
		t.Fatal("validators of new content handed out with the old copy")
	}
	if _, ok := m.lookup("a"); ok {
		t.Fatal("stale copy still looked up")
	}
	m.keep("b", parsedDoc{}) // no validators were stored: nothing to keep
	if m.len() != 1 {
		t.Fatalf("len %d, want 1", m.len())
	}
	m.Put("a", "", "")
	if m.len() != 0 {
		t.Fatal("empty validators did not forget the URL")
	}
}

func TestPageMemoEvictsTheLeastRecentlyUsed(t *testing.T) {
	m := newPageMemo(2)
	for _, u := range []string{"a", "b"} {
		m.Put(u, "e-"+u, "")
		m.keep(u, parsedDoc{})
	}
	m.Get("a") // a is now more recent than b
	m.Put("c", "e-c", "")
	if _, ok := m.lookup("b"); ok || m.len() != 2 {
		t.Fatalf("b kept (len %d), want it evicted", m.len())
	}
	if _, ok := m.lookup("a"); !ok {
		t.Fatal("a evicted although used recently")
	}

	off := newPageMemo(0)
	off.Put("a", "e", "")
	if off.len() != 0 {
		t.Fatal("a memo of size 0 stored something")
	}
}

func TestParsedDocRestampCopies(t *testing.T) {
	at := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	d := parsedDoc{page: platform.Page{Observations: []catalog.PriceObservation{{ObservedAt: at, SourceRun: "run-1"}}}}
	r := d.restamp(at.Add(time.Hour), "run-2")
	if r.page.Observations[0].SourceRun != "run-2" || !r.page.Observations[0].ObservedAt.Equal(at.Add(time.Hour)) {
		t.Fatalf("restamped %+v", r.page.Observations[0])
	}
	if d.page.Observations[0].SourceRun != "run-1" {
		t.Fatal("restamp changed the remembered page")
	}
}
