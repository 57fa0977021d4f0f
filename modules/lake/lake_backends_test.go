package lake_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"gocloud.dev/blob"
	"gocloud.dev/blob/fileblob"
	"gocloud.dev/blob/memblob"
	"gocloud.dev/blob/s3blob"

	"github.com/skatestock/skatestock/modules/lake"
)

// backend opens a fresh, empty lake and, beside it, a plain bucket on the
// same storage through which a test inspects what the lake really wrote.
type backend struct {
	name string
	open func(t *testing.T) (*lake.Lake, *blob.Bucket)
}

// backends lists every storage the contract suite runs against.
func backends() []backend {
	return []backend{
		{"mem", openMem},
		{"file", openFile},
		{"s3", openS3},
	}
}

func testLog(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// openMem shares one memblob bucket between the lake and the test; the
// lake's Close closes it, so the test's view is only good until then.
func openMem(t *testing.T) (*lake.Lake, *blob.Bucket) {
	b := memblob.OpenBucket(nil)
	l := lake.NewFromBucket(b, testLog(t))
	t.Cleanup(func() { _ = l.Close() })
	return l, b
}

// openFile goes through Open and the file:// URL, as the embedded default
// does, into a directory that does not exist yet.
func openFile(t *testing.T) (*lake.Lake, *blob.Bucket) {
	dir := t.TempDir() + "/data/lake"
	l, err := lake.Open(t.Context(), lake.Config{URL: (&url.URL{Scheme: "file", Path: dir}).String()}, testLog(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = l.Close() })
	view, err := fileblob.OpenBucket(dir, nil)
	if err != nil {
		t.Fatalf("fileblob.OpenBucket: %v", err)
	}
	t.Cleanup(func() { _ = view.Close() })
	return l, view
}

// fakeS3 is an in-process S3-compatible server on loopback.
type fakeS3 struct {
	url     string
	backend *s3mem.Backend
	next    atomic.Int64
}

func newFakeS3(t testing.TB) *fakeS3 {
	mem := s3mem.New()
	srv := httptest.NewServer(gofakes3.New(mem, gofakes3.WithLogger(gofakes3.DiscardLog())).Server())
	t.Cleanup(srv.Close)
	return &fakeS3{url: srv.URL, backend: mem}
}

// newBucket creates a bucket of its own for one test.
func (f *fakeS3) newBucket(t testing.TB) string {
	name := fmt.Sprintf("lake-%d", f.next.Add(1))
	if err := f.backend.CreateBucket(name); err != nil {
		t.Fatalf("create bucket %s: %v", name, err)
	}
	return name
}

// client is an S3 client for the fake server built from an explicit
// aws.Config: static credentials, a fixed region, the loopback endpoint
// with path-style addressing. Nothing is read from the environment or
// ~/.aws, so the test neither depends on nor disturbs a developer's setup.
func (f *fakeS3) client() *s3.Client {
	cfg := aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("test-key", "test-secret", ""),
		// Checksums only where S3 requires them, as S3-compatible servers
		// expect; the SDK's newer default trailers are AWS-only.
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(f.url)
		o.UsePathStyle = true
	})
}

func (f *fakeS3) bucket(t testing.TB, name string) *blob.Bucket {
	b, err := s3blob.OpenBucketV2(context.Background(), f.client(), name, &s3blob.Options{
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
	})
	if err != nil {
		t.Fatalf("s3blob.OpenBucketV2: %v", err)
	}
	return b
}

func openS3(t *testing.T) (*lake.Lake, *blob.Bucket) {
	f := newFakeS3(t)
	name := f.newBucket(t)
	l := lake.NewFromBucket(f.bucket(t, name), testLog(t))
	t.Cleanup(func() { _ = l.Close() })
	view := f.bucket(t, name)
	t.Cleanup(func() { _ = view.Close() })
	return l, view
}

// listAll returns every key in b, for checking what a call left behind.
func listAll(t *testing.T, b *blob.Bucket) []string {
	t.Helper()
	var keys []string
	it := b.List(nil)
	for {
		obj, err := it.Next(context.Background())
		if errors.Is(err, io.EOF) {
			return keys
		}
		if err != nil {
			t.Fatalf("list bucket: %v", err)
		}
		keys = append(keys, obj.Key)
	}
}
