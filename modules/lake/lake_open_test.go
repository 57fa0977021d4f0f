package lake_test

import (
	"bytes"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/lake"
)

func TestOpenRejectsInvalidConfig(t *testing.T) {
	l, err := lake.Open(t.Context(), lake.Config{URL: "ftp://example.com/lake"}, nil)
	if !errors.Is(err, catalog.ErrInvalid) || l != nil {
		t.Fatalf("Open(ftp://) = %v, %v; want nil, catalog.ErrInvalid", l, err)
	}
}

func TestOpenFileCreatesDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "lake")
	l, err := lake.Open(t.Context(), lake.Config{URL: (&url.URL{Scheme: "file", Path: dir}).String()}, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer l.Close()
	info, err := os.Stat(dir)
	if err != nil || !info.IsDir() {
		t.Fatalf("Open did not create %s: %v", dir, err)
	}
	key := mustPut(t, l, samplePage())
	// The object is where the key says, and no temporary file is left over.
	entries, err := os.ReadDir(filepath.Join(dir, filepath.Dir(filepath.FromSlash(key))))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 2 || names[0] != "r1-00001.json.gz" || names[1] != "r1-00001.json.gz.attrs" {
		t.Errorf("partition folder holds %q, want the object and its attributes", names)
	}
}

func TestOpenMemRoundTrip(t *testing.T) {
	l, err := lake.Open(t.Context(), lake.Config{URL: "mem://"}, testLog(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer l.Close()
	p := samplePage()
	got, err := l.GetRaw(t.Context(), mustPut(t, l, p))
	if err != nil || !bytes.Equal(got.Body, p.Body) {
		t.Fatalf("GetRaw = %d bytes, %v; want the %d-byte body", len(got.Body), err, len(p.Body))
	}
}

// TestOpenS3URL goes through the s3:// URL as production does, against the
// fake server, to prove the query options reach the SDK. The SDK reads
// credentials from the environment, so the test sets its own and points the
// shared config files at nothing; t.Setenv restores everything afterwards.
func TestOpenS3URL(t *testing.T) {
	none := filepath.Join(t.TempDir(), "none")
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID":           "test-key",
		"AWS_SECRET_ACCESS_KEY":       "test-secret",
		"AWS_SESSION_TOKEN":           "",
		"AWS_PROFILE":                 "",
		"AWS_REGION":                  "",
		"AWS_DEFAULT_REGION":          "",
		"AWS_ENDPOINT_URL":            "",
		"AWS_ENDPOINT_URL_S3":         "",
		"AWS_CONFIG_FILE":             none,
		"AWS_SHARED_CREDENTIALS_FILE": none,
		"AWS_EC2_METADATA_DISABLED":   "true",
	} {
		t.Setenv(k, v)
	}
	f := newFakeS3(t)
	bucket := f.newBucket(t)
	q := url.Values{
		"region":                       {"us-east-1"},
		"endpoint":                     {f.url},
		"use_path_style":               {"true"},
		"disable_https":                {"true"},
		"request_checksum_calculation": {"when_required"},
		"response_checksum_validation": {"when_required"},
		"prefix":                       {"lake/"},
	}
	cfg := lake.Config{URL: "s3://" + bucket + "?" + q.Encode()}
	l, err := lake.Open(t.Context(), cfg, testLog(t))
	if err != nil {
		t.Fatalf("Open(%s): %v", cfg.URL, err)
	}
	defer l.Close()
	p := samplePage()
	key := mustPut(t, l, p)
	got, err := l.GetRaw(t.Context(), key)
	if err != nil || !bytes.Equal(got.Body, p.Body) || got.URL != p.URL {
		t.Fatalf("GetRaw = %+v, %v; want the page back", got.URL, err)
	}
	// prefix= keeps the lake under lake/ in a shared bucket.
	view := f.bucket(t, bucket)
	defer view.Close()
	if ok, err := view.Exists(t.Context(), "lake/"+key); err != nil || !ok {
		t.Fatalf("object lake/%s exists = %v, %v; want true", key, ok, err)
	}
}
