package app

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// scenarioErrors checks that every refused parameter is a 400 naming it
// (and only it) in invalid_params and in the detail, and that what does
// not exist is a 404 problem.
func scenarioErrors(t *testing.T, a *scenarioAPI, m *scnCatalog, ans answers) {
	id := m.order[0]
	bad := []struct {
		target string
		params []string
	}{
		{"/api/v1/products?discount_mni=20", []string{"discount_mni"}},
		{"/api/v1/products?sort=colour", []string{"sort"}},
		{"/api/v1/products?sort=-price&sort=title", []string{"sort"}},
		{"/api/v1/products?limit=0", []string{"limit"}},
		{"/api/v1/products?limit=101", []string{"limit"}},
		{"/api/v1/products?price_min=cheap", []string{"price_min"}},
		{"/api/v1/products?price_min=50&price_max=10", []string{"price_max"}},
		{"/api/v1/products?discount_min=101", []string{"discount_min"}},
		{"/api/v1/products?in_stock=maybe", []string{"in_stock"}},
		{"/api/v1/products?size=huge", []string{"size"}},
		{"/api/v1/products?category=boards", []string{"category"}},
		{"/api/v1/products?shop=Not_A_Slug", []string{"shop"}},
		{"/api/v1/products?cursor=garbage", []string{"cursor"}},
		{"/api/v1/products?limit=0&sort=colour&q=ok", []string{"limit", "sort"}},
		{"/api/v1/deals?sort=price", []string{"sort"}},
		{"/api/v1/products/abc", []string{"id"}},
		{"/api/v1/products/0", []string{"id"}},
		{fmt.Sprintf("/api/v1/products/%d?verbose=1", id), []string{"verbose"}},
		{fmt.Sprintf("/api/v1/products/%d/history?resolution=week", id), []string{"resolution"}},
		{fmt.Sprintf("/api/v1/products/%d/history?from=2025-06-30&to=2025-06-01", id), []string{"from"}},
		{fmt.Sprintf("/api/v1/products/%d/history?from=yesterday", id), []string{"from"}},
		{"/api/v1/stats?today=1", []string{"today"}},
		{"/api/v1/brands?limit=5", []string{"limit"}},
	}
	for _, tc := range bad {
		p := problemOf(t, a, tc.target, http.StatusBadRequest)
		var names []string
		for _, ip := range p.InvalidParams {
			names = append(names, ip.Name)
			if ip.Reason == "" {
				t.Errorf("%s: %s refused without a reason", tc.target, ip.Name)
			}
		}
		slices.Sort(names)
		if names = slices.Compact(names); !slices.Equal(names, tc.params) {
			t.Errorf("%s: invalid_params name %v, want %v", tc.target, names, tc.params)
		}
		for _, n := range tc.params {
			if !strings.Contains(p.Detail, n) {
				t.Errorf("%s: detail %q does not name %s", tc.target, p.Detail, n)
			}
		}
		ans.add("400 "+strings.ReplaceAll(tc.target, fmt.Sprint(id), "{id}"), strings.Join(names, ","))
	}
	for _, target := range []string{"/api/v1/products/999999999", "/api/v1/products/999999999/history", "/api/v1/nope"} {
		p := problemOf(t, a, target, http.StatusNotFound)
		ans.add("404 "+target, p.Detail)
	}
}

func problemOf(t *testing.T, a *scenarioAPI, target string, status int) scnProblem {
	t.Helper()
	rec := a.get(t, target)
	var p scnProblem
	if rec.Code != status || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("GET %s = %d %s, want a %d problem: %.300s", target, rec.Code, rec.Header().Get("Content-Type"), status, rec.Body)
		return p
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Status != status {
		t.Errorf("GET %s: problem %+v (%v)", target, p, err)
	}
	return p
}
