package api

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// adminRoutes lists every registered admin route as a request target.
func adminRoutes(t *testing.T, s *Server) [][2]string {
	t.Helper()
	var out [][2]string
	for _, r := range s.e.Routes() {
		if !strings.Contains(r.Path, "/admin") || r.Method == "echo_route_not_found" {
			continue
		}
		out = append(out, [2]string{r.Method, strings.ReplaceAll(r.Path, ":shop", "skate-warehouse")})
	}
	if len(out) < 3 {
		t.Fatalf("found %d admin routes, want at least 3", len(out))
	}
	return out
}

func TestAdminRoutesRequireKey(t *testing.T) {
	withDeps := func(_ *Config, d *Deps) { d.Scrape, d.DeadLetters = fakeScrape{}, &fakeDLQ{} }
	s, _, _ := testServer(t, withDeps)
	disabled, _, _ := testServer(t, func(c *Config, d *Deps) { withDeps(c, d); c.AdminKeys = nil })
	for _, r := range adminRoutes(t, s) {
		method, path := r[0], r[1]
		for _, h := range [][]string{
			nil,
			{headerAPIKey, "wrong-key-wrong-key-wrong"},
			{headerAPIKey, testKey + "x"},
			{headerAPIKey, testKey[:len(testKey)-1]},
			{"Authorization", "Bearer wrong-key-wrong-key-wrong"},
			{"Authorization", "Basic " + testKey},
		} {
			rec := do(t, s, method, path, strings.NewReader(`{"kind":"x"}`), append(h, "Content-Type", "application/json")...)
			decodeProblem(t, rec, http.StatusUnauthorized)
			if rec.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("%s %s: 401 without WWW-Authenticate", method, path)
			}
		}
		p := decodeProblem(t, do(t, disabled, method, path, nil, headerAPIKey, testKey), http.StatusUnauthorized)
		if !strings.Contains(p.Detail, "disabled") {
			t.Errorf("%s %s with no keys configured: %q, want admin disabled", method, path, p.Detail)
		}
	}
}

func TestAdminUnavailableWithoutDeps(t *testing.T) {
	s, _, _ := testServer(t, nil)
	for _, r := range adminRoutes(t, s) {
		rec := do(t, s, r[0], r[1], strings.NewReader(`{"kind":"x"}`), headerAPIKey, testKey, "Content-Type", "application/json")
		if p := decodeProblem(t, rec, http.StatusServiceUnavailable); !strings.Contains(p.Detail, "not available in this process") {
			t.Errorf("%s %s: %q", r[0], r[1], p.Detail)
		}
	}
}

func TestTriggerScrape(t *testing.T) {
	s, _, _ := testServer(t, func(_ *Config, d *Deps) { d.Scrape = fakeScrape{} })
	rec := do(t, s, http.MethodPost, "/api/v1/admin/scrape/skate-warehouse", nil, "Authorization", "Bearer "+testKey)
	if rec.Code != http.StatusAccepted {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if got := decodeJSON[map[string]string](t, rec); got["run_id"] != "run-42" || got["shop"] != "skate-warehouse" {
		t.Errorf("body = %v", got)
	}
	decodeProblem(t, do(t, s, http.MethodPost, "/api/v1/admin/scrape/nope", nil, headerAPIKey, testKey), http.StatusNotFound)
	wantInvalid(t, do(t, s, http.MethodPost, "/api/v1/admin/scrape/Bad_Shop", nil, headerAPIKey, testKey), "shop")
}

func TestDeadLetters(t *testing.T) {
	dlq := &fakeDLQ{}
	s, _, _ := testServer(t, func(c *Config, d *Deps) { d.DeadLetters = dlq; c.BodyLimit = 4096 })
	rec := get(t, s, "/api/v1/admin/dlq?limit=5", headerAPIKey, testKey)
	list := decodeJSON[listJSON[deadLetterJSON]](t, rec)
	if len(list.Items) != 1 || list.Items[0].Source.Offset != 99 || list.Items[0].ValueSize != 512 {
		t.Errorf("letters = %+v", list)
	}
	if rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("admin answer cacheable: %q", rec.Header().Get("Cache-Control"))
	}
	wantInvalid(t, get(t, s, "/api/v1/admin/dlq?limit=0", headerAPIKey, testKey), "limit")
	wantInvalid(t, get(t, s, "/api/v1/admin/dlq?limit=5000", headerAPIKey, testKey), "limit")

	replay := func(body, contentType string) *http.Request {
		return newRequest(http.MethodPost, "/api/v1/admin/dlq/replay", strings.NewReader(body), headerAPIKey, testKey, "Content-Type", contentType)
	}
	rec = serve(t, s.Handler(), replay(`{"kind":"unknown_shop","positions":[{"topic":"product-events","partition":3,"offset":99}]}`, "application/json; charset=utf-8"))
	if got := decodeJSON[map[string]int](t, rec); got["replayed"] != 2 || got["exhausted"] != 1 {
		t.Errorf("replay = %v", got)
	}
	want := ReplayRequest{Kind: "unknown_shop", Positions: []SourcePosition{{Topic: "product-events", Partition: 3, Offset: 99}}}
	if len(dlq.got) != 1 || !reflect.DeepEqual(dlq.got[0], want) {
		t.Errorf("replay request = %+v, want %+v", dlq.got, want)
	}
	for _, tt := range []struct{ body, param string }{
		{`{"kind":"x","kindd":"y"}`, "kindd"},
		{`{}`, "kind"},
		{``, "body"},
		{`{"kind":`, "body"},
		{`{"kind":"x"} {"kind":"y"}`, "body"},
		{`{"kind":5}`, "kind"},
		{`{"positions":[{"topic":"","partition":0,"offset":1}]}`, "positions"},
		{`{"positions":[{"topic":"t","partition":-1,"offset":1}]}`, "positions"},
	} {
		t.Run(tt.body, func(t *testing.T) {
			wantInvalid(t, serve(t, s.Handler(), replay(tt.body, "application/json")), tt.param)
		})
	}
	decodeProblem(t, serve(t, s.Handler(), replay(`{"kind":"x"}`, "text/plain")), http.StatusUnsupportedMediaType)
	if len(dlq.got) != 1 {
		t.Errorf("refused bodies reached the DLQ: %+v", dlq.got)
	}
}
