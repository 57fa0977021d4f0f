package lake_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"gocloud.dev/blob"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/lake"
)

// The failure half of the contract suite run by TestLakeContract: what the
// lake refuses, and what it reports, on every backend.

func testNotFound(t *testing.T, open func(*testing.T) (*lake.Lake, *blob.Bucket)) {
	l, _ := open(t)
	mustPut(t, l, samplePage())
	_, err := l.GetRaw(t.Context(), "raw/shop=skate-shop-1/date=2025-06-30/r1-00002.json.gz")
	if !errors.Is(err, catalog.ErrNotFound) {
		t.Fatalf("GetRaw of a missing key: %v, want catalog.ErrNotFound", err)
	}
	if !strings.Contains(err.Error(), "get raw raw/shop=skate-shop-1/") {
		t.Errorf("error %q does not name the key", err)
	}
}

func testInvalidInput(t *testing.T, open func(*testing.T) (*lake.Lake, *blob.Bucket)) {
	l, view := open(t)
	pages := map[string]func(p *lake.RawPage){
		"shop traversal":     func(p *lake.RawPage) { p.Shop = "../x" },
		"shop with slash":    func(p *lake.RawPage) { p.Shop = "a/b" },
		"shop upper case":    func(p *lake.RawPage) { p.Shop = "Skate" },
		"shop empty":         func(p *lake.RawPage) { p.Shop = "" },
		"shop with equals":   func(p *lake.RawPage) { p.Shop = "a=b" },
		"run traversal":      func(p *lake.RawPage) { p.RunID = "../x" },
		"run dot dot":        func(p *lake.RawPage) { p.RunID = ".." },
		"run with slash":     func(p *lake.RawPage) { p.RunID = "a/b" },
		"run with backslash": func(p *lake.RawPage) { p.RunID = `a\b` },
		"run with space":     func(p *lake.RawPage) { p.RunID = "a b" },
		"run empty":          func(p *lake.RawPage) { p.RunID = "" },
		"run too long":       func(p *lake.RawPage) { p.RunID = strings.Repeat("r", lake.MaxRunIDLen+1) },
		"run non-ascii":      func(p *lake.RawPage) { p.RunID = "lauf-ä" },
		"seq negative":       func(p *lake.RawPage) { p.Seq = -1 },
		"seq six digits":     func(p *lake.RawPage) { p.Seq = lake.MaxSeq + 1 },
		"no fetched at":      func(p *lake.RawPage) { p.FetchedAt = time.Time{} },
		"no url":             func(p *lake.RawPage) { p.URL = "" },
		"url too long":       func(p *lake.RawPage) { p.URL = "https://x/" + strings.Repeat("a", lake.MaxURLBytes) },
		"url not utf-8":      func(p *lake.RawPage) { p.URL = "https://x/\xff" },
		"status zero":        func(p *lake.RawPage) { p.Status = 0 },
		"status 600":         func(p *lake.RawPage) { p.Status = 600 },
		"content type too long": func(p *lake.RawPage) {
			p.ContentType = "text/html; x=" + strings.Repeat("a", lake.MaxContentTypeLen)
		},
	}
	for name, change := range pages {
		t.Run("put "+name, func(t *testing.T) {
			p := samplePage()
			change(&p)
			if key, err := l.PutRaw(t.Context(), p); !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("PutRaw = %q, %v; want catalog.ErrInvalid", key, err)
			}
		})
	}
	if keys := listAll(t, view); len(keys) != 0 {
		t.Fatalf("invalid pages left objects behind: %q", keys)
	}

	mustPut(t, l, samplePage())
	for _, key := range []string{
		"",
		"../../etc/passwd",
		"raw/shop=skate-shop-1/date=2025-06-30/../../../../etc/passwd",
		"raw/shop=../date=2025-06-30/r1-00001.json.gz",
		"raw/shop=skate-shop-1/date=2025-06-30/../r1-00001.json.gz",
		"raw/shop=skate-shop-1/date=2025-06-30/x/r1-00001.json.gz",
		"raw/shop=skate-shop-1/date=2025-6-30/r1-00001.json.gz",
		"raw/shop=skate-shop-1/date=2025-06-30/r1-1.json.gz",
		"raw/shop=skate-shop-1/date=2025-06-30/r1-00001.json",
		"raw/shop=skate-shop-1/date=2025-06-30/r1-00001.exe.gz",
		"/raw/shop=skate-shop-1/date=2025-06-30/r1-00001.json.gz",
		"raw/shop=skate-shop-1/date=2025-06-30/r1-00001.json.gz.attrs",
	} {
		if _, err := l.GetRaw(t.Context(), key); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("GetRaw(%q) = %v, want catalog.ErrInvalid", key, err)
		}
	}
	for _, shop := range []string{"", "../x", "a/b", "A"} {
		if _, err := l.ListRaw(t.Context(), shop, day1); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("ListRaw(%q) = %v, want catalog.ErrInvalid", shop, err)
		}
	}
	if _, err := l.ListRaw(t.Context(), "skate-shop-1", time.Time{}); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("ListRaw(zero day) = %v, want catalog.ErrInvalid", err)
	}
}

func testCancelledContext(t *testing.T, open func(*testing.T) (*lake.Lake, *blob.Bucket)) {
	l, view := open(t)
	stored := mustPut(t, l, samplePage())
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	p := samplePage()
	p.Seq = 2
	if key, err := l.PutRaw(ctx, p); !errors.Is(err, context.Canceled) {
		t.Errorf("PutRaw(cancelled) = %q, %v; want context.Canceled", key, err)
	}
	if keys := listAll(t, view); !slices.Equal(keys, []string{stored}) {
		t.Errorf("bucket holds %q after a cancelled put, want only %s", keys, stored)
	}
	if _, err := l.GetRaw(ctx, stored); !errors.Is(err, context.Canceled) {
		t.Errorf("GetRaw(cancelled) = %v, want context.Canceled", err)
	}
	if _, err := l.ListRaw(ctx, p.Shop, p.FetchedAt); !errors.Is(err, context.Canceled) {
		t.Errorf("ListRaw(cancelled) = %v, want context.Canceled", err)
	}
}
