package lake

import (
	"strings"
	"testing"
	"time"
)

func TestParseRawKeyInvertsKeyOf(t *testing.T) {
	p := RawPage{
		Shop: "a-1", FetchedAt: time.Date(2024, 2, 29, 23, 0, 0, 0, time.UTC),
		RunID: "-_-9-00001", Seq: 7, URL: "https://x/", Status: 200, ContentType: "text/xml",
	}
	k, err := keyOf(p)
	if err != nil {
		t.Fatal(err)
	}
	key := k.String()
	if key != "raw/shop=a-1/date=2024-02-29/-_-9-00001-00007.xml.gz" {
		t.Fatalf("key = %s", key)
	}
	got, err := parseRawKey(key)
	if err != nil || got != k {
		t.Fatalf("parseRawKey(%s) = %+v, %v; want %+v", key, got, err, k)
	}
}

// FuzzParseRawKey checks that whatever parseRawKey accepts is canonical and
// safe to hand to a file system: no empty, "." or ".." segment, no
// backslash, and exactly the four segments of the layout.
func FuzzParseRawKey(f *testing.F) {
	for _, seed := range []string{
		"raw/shop=skate-shop-1/date=2025-06-30/r1-00001.json.gz",
		"raw/shop=a/date=2025-01-01/x-y-z-99999.bin.gz",
		"raw/shop=a/date=2025-01-01/../r1-00001.json.gz",
		"raw/shop=a/date=2025-01-01/r1-+0001.json.gz",
		"raw/shop=a/date=2025-1-1/r1-00001.json.gz",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, key string) {
		k, err := parseRawKey(key)
		if err != nil {
			return
		}
		if k.String() != key {
			t.Fatalf("accepted %q but it prints as %q", key, k.String())
		}
		segments := strings.Split(key, "/")
		if len(segments) != 4 || strings.ContainsRune(key, '\\') {
			t.Fatalf("accepted %q with %d segments", key, len(segments))
		}
		for _, s := range segments {
			if s == "" || s == "." || s == ".." {
				t.Fatalf("accepted %q with segment %q", key, s)
			}
		}
	})
}
