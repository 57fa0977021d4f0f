package api

import (
	"net/http"
	"strings"
	"testing"
)

func TestMatchReviews(t *testing.T) {
	f := &fakeMatchReviews{}
	s, _, _ := testServer(t, func(_ *Config, d *Deps) { d.Matches = f })

	t.Run("pages best first", func(t *testing.T) {
		rec := get(t, s, "/api/v1/admin/matches/review?limit=1", headerAPIKey, testKey)
		page := decodeJSON[matchReviewPageJSON](t, rec)
		if len(page.Items) != 1 || page.NextCursor == nil || *page.NextCursor != "page-2" {
			t.Fatalf("first page = %+v", page)
		}
		r := page.Items[0]
		if r.A.Shop != "brett-haus" || r.B.Title != "Spitfire Formula Four Classic 54mm 99a" || r.Score != 0.86 ||
			r.Evidence != "title" || len(r.Variants) != 1 || r.Variants[0].Size != "wheel:54 duro:99A" {
			t.Errorf("first item = %+v", r)
		}
		if rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("review answer cacheable: %q", rec.Header().Get("Cache-Control"))
		}
		last := decodeJSON[matchReviewPageJSON](t, get(t, s, "/api/v1/admin/matches/review?limit=1&cursor=page-2", headerAPIKey, testKey))
		if len(last.Items) != 1 || last.Items[0].A.ProductID != 3 || last.NextCursor != nil {
			t.Errorf("last page = %+v", last)
		}
	})

	t.Run("default limit", func(t *testing.T) {
		page := decodeJSON[matchReviewPageJSON](t, get(t, s, "/api/v1/admin/matches/review", headerAPIKey, testKey))
		if len(page.Items) != 2 || page.NextCursor != nil {
			t.Errorf("page = %+v", page)
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		if got := f.limits[len(f.limits)-1]; got != defaultReviewList {
			t.Errorf("limit asked = %d, want %d", got, defaultReviewList)
		}
	})

	t.Run("bad parameters", func(t *testing.T) {
		wantInvalid(t, get(t, s, "/api/v1/admin/matches/review?limit=0", headerAPIKey, testKey), "limit")
		wantInvalid(t, get(t, s, "/api/v1/admin/matches/review?limit=501", headerAPIKey, testKey), "limit")
		wantInvalid(t, get(t, s, "/api/v1/admin/matches/review?cursor=nope", headerAPIKey, testKey), "cursor")
		wantInvalid(t, get(t, s, "/api/v1/admin/matches/review?shop=x", headerAPIKey, testKey), "shop")
	})

	t.Run("needs a key", func(t *testing.T) {
		decodeProblem(t, get(t, s, "/api/v1/admin/matches/review"), http.StatusUnauthorized)
	})
}

func TestMatchReviewsStoreFailure(t *testing.T) {
	s, _, _ := testServer(t, func(_ *Config, d *Deps) { d.Matches = &fakeMatchReviews{err: errBoom} })
	p := decodeProblem(t, get(t, s, "/api/v1/admin/matches/review", headerAPIKey, testKey), http.StatusInternalServerError)
	if strings.Contains(p.Detail, "secret-host") {
		t.Errorf("internal error leaked: %q", p.Detail)
	}
}
