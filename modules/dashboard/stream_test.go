package dashboard

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/skatestock/skatestock/modules/catalog"
)

func testUpdate() Update {
	return Update{
		Shop: "labor", ListingID: "L1", VariantID: "V2",
		Price: catalog.Money{Amount: 4995, Currency: "USD"}, CompareAt: catalog.Money{Amount: 5995, Currency: "USD"},
		Availability: catalog.InStock, ObservedAt: time.Date(2025, 3, 1, 9, 30, 0, 0, time.FixedZone("x", 3600)),
	}
}

func TestStreamSendsStatusThenPrices(t *testing.T) {
	src := &fakeStatus{st: Status{
		ProductsToday: 42, Observations: 100, Lag: map[int32]int64{0: 3, 5: 4}, DLQSize: 2,
		Shops: []ShopStatus{{Slug: "labor", Name: "Labor", LastStatus: "ok", LastSuccessAt: time.Unix(1, 0)}, {Slug: "new", Name: "New"}},
	}}
	// An hour's interval: the first status can only come from the
	// connecting client waking the poller.
	d, url, _ := newTestServer(t, Config{StatusInterval: time.Hour}, Deps{Status: src})
	r, closeStream := openStream(t, url)
	defer closeStream()

	if ev := readEvent(t, r); ev.retry != "3000" {
		t.Errorf("first frame %+v, want retry: 3000", ev)
	}
	var st map[string]any
	if err := json.Unmarshal([]byte(nextNamed(t, r, eventStatus).data), &st); err != nil {
		t.Fatal(err)
	}
	if st["products_today"] != 42.0 || st["dlq_size"] != 2.0 || st["lag_total"] != 7.0 || st["observations_per_minute"] != nil {
		t.Errorf("status %v", st)
	}
	if lag, _ := st["lag"].(map[string]any); lag["5"] != 4.0 {
		t.Errorf("lag %v, want partition 5 at 4", st["lag"])
	}
	shops, _ := st["shops"].([]any)
	if len(shops) != 2 || shops[0].(map[string]any)["last_status"] != "ok" || shops[1].(map[string]any)["last_status"] != nil ||
		shops[1].(map[string]any)["last_success_at"] != nil {
		t.Errorf("shops %v: a shop never scraped has null status and time", shops)
	}

	d.Publish(testUpdate())
	var p map[string]any
	if err := json.Unmarshal([]byte(nextNamed(t, r, eventPrice).data), &p); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"listing_key": "labor/L1", "shop": "labor", "listing_id": "L1", "variant_id": "V2",
		"price":       map[string]any{"amount": "49.95", "currency": "USD", "minor": 4995.0},
		"compare_at":  map[string]any{"amount": "59.95", "currency": "USD", "minor": 5995.0},
		"discount_bp": 1668.0, "availability": "in_stock", "observed_at": "2025-03-01T08:30:00Z",
	}
	for k, v := range want {
		if got, _ := json.Marshal(p[k]); string(got) != string(mustJSON(t, v)) {
			t.Errorf("price %s = %s, want %s", k, got, mustJSON(t, v))
		}
	}
	if s := d.Stats(); s.Clients != 1 || s.Published != 1 || s.Dropped != 0 {
		t.Errorf("stats %+v", s)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestStreamPriceWithoutCompareAt(t *testing.T) {
	u := testUpdate()
	u.CompareAt = catalog.Money{}
	p := priceOf(u)
	if p.CompareAt != nil || p.DiscountBP != 0 {
		t.Errorf("no compare-at should give null and no discount: %+v", p)
	}
}

func TestStreamHeartbeat(t *testing.T) {
	_, url, _ := newTestServer(t, Config{Heartbeat: 5 * time.Millisecond}, Deps{})
	r, closeStream := openStream(t, url)
	defer closeStream()
	readEvent(t, r) // retry
	if ev := readEvent(t, r); ev.comment != "heartbeat" {
		t.Errorf("an idle stream should send a heartbeat comment, got %+v", ev)
	}
}

func TestStreamEndsWhenRunEnds(t *testing.T) {
	d, url, stop := newTestServer(t, Config{}, Deps{})
	r, closeStream := openStream(t, url)
	defer closeStream()
	readEvent(t, r)
	stop()
	// The stream must end (EOF) rather than wait for the client.
	for {
		if _, err := r.ReadString('\n'); err != nil {
			break
		}
	}
	resp, err := http.Get(url + "/dashboard/stream")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("after Run ended: %d Retry-After %q, want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	d.Publish(testUpdate()) // after Run: no one to send to, no panic
}

func TestStreamRefusesPastMaxClients(t *testing.T) {
	_, url, _ := newTestServer(t, Config{MaxClients: 1}, Deps{})
	_, closeStream := openStream(t, url)
	defer closeStream()
	resp, err := http.Get(url + "/dashboard/stream")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "3" {
		t.Errorf("second client: %d Retry-After %q, want 503 and 3", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

// TestStreamSlowClient holds a client's writes while more than its buffer
// is published: Publish never waits, the overflow is dropped, and the
// client is told how many it missed once it reads again.
func TestStreamSlowClient(t *testing.T) {
	d, err := New(Config{ClientBuffer: 2}, nil, Deps{})
	if err != nil {
		t.Fatal(err)
	}
	e := echo.New()
	w := newBlockingWriter()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/dashboard/stream", nil)
	done := make(chan error, 1)
	go func() { done <- d.stream(e.NewContext(req, w)) }()

	for d.hub.count() == 0 {
		time.Sleep(time.Millisecond) // the handler subscribes first thing
	}
	d.Publish(testUpdate())
	<-w.blocked // the handler is stuck writing that first event
	for range 5 {
		d.Publish(testUpdate()) // 2 fill the buffer, 3 are dropped
	}
	if s := d.Stats(); s.Published != 6 || s.Dropped != 3 {
		t.Fatalf("stats %+v, want 6 published and 3 dropped", s)
	}
	close(w.release)
	for !strings.Contains(w.String(), "event: dropped") {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(strings.NewReader(w.String()))
	var prices int
	var dropped string
	for {
		ev := readEvent(t, r)
		if ev.name == eventPrice {
			prices++
		}
		if ev.name == eventDropped {
			dropped = ev.data
			break
		}
	}
	if prices != 3 || dropped != `{"count":3}` {
		t.Errorf("client got %d prices then dropped %s; want 3 and a count of 3", prices, dropped)
	}
}

func TestStatusFailureKeepsStreaming(t *testing.T) {
	src := &fakeStatus{err: errBoom}
	d, url, _ := newTestServer(t, Config{StatusInterval: time.Hour}, Deps{Status: src})
	r, closeStream := openStream(t, url)
	defer closeStream()
	readEvent(t, r)
	d.Publish(testUpdate())
	if ev := readEvent(t, r); ev.name != eventPrice {
		t.Errorf("with the status failing, got %+v, want the price event", ev)
	}
}
