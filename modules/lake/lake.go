// Package lake is SkateStock's raw data lake: an append-mostly archive on
// gocloud.dev/blob of every page a scrape fetched (and, later, of the events
// the pipeline produced), so that parsers can be re-run on history and bugs
// investigated from what a shop really sent.
//
// Objects are gzip-compressed and laid out in Hive-style key=value folders
// (raw/shop=<slug>/date=<YYYY-MM-DD>/...), so Athena or Glue partition
// discovery and ordinary S3 tools work on the bucket as it is. The bucket is
// a directory (file://) in the embedded default, S3 in production and memory
// in tests; the package registers only those three gocloud drivers.
package lake

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"gocloud.dev/blob"
	"gocloud.dev/blob/fileblob"
	"gocloud.dev/blob/memblob"
	"gocloud.dev/blob/s3blob"
)

// Lake is an open lake. It is safe for concurrent use; Close it when done.
type Lake struct {
	bucket *blob.Bucket
	log    *slog.Logger
	gz     compressorPool

	closeOnce sync.Once
	closeErr  error
}

// Open validates cfg and opens the bucket it names. A file:// directory is
// created (mode 0750) when missing. Open does not call S3: a bucket that
// does not exist or refuses our credentials fails on the first call that
// uses it. A nil log discards logs.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*Lake, error) {
	u, err := cfg.parse()
	if err != nil {
		return nil, err
	}
	bucket, err := openers().OpenBucketURL(ctx, u)
	if err != nil {
		return nil, fmt.Errorf("open lake %s://%s: %w", u.Scheme, u.Host+u.Path, err)
	}
	l := NewFromBucket(bucket, log)
	l.log.Info("lake opened", "scheme", u.Scheme, "location", u.Host+u.Path)
	return l, nil
}

// NewFromBucket wraps an already opened bucket, for callers that must build
// it themselves (an S3 client with an explicit AWS config, a prefixed view).
// The Lake takes ownership: its Close closes bucket. A nil log discards logs.
func NewFromBucket(bucket *blob.Bucket, log *slog.Logger) *Lake {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Lake{
		bucket: bucket,
		log:    log.With("module", "lake"),
		gz:     newCompressorPool(compressionLevel),
	}
}

// Close releases the bucket. It is safe to call more than once; later calls
// return the first call's result. The Lake must not be used afterwards.
func (l *Lake) Close() error {
	l.closeOnce.Do(func() {
		if err := l.bucket.Close(); err != nil {
			l.closeErr = fmt.Errorf("close lake: %w", err)
		}
	})
	return l.closeErr
}

// openers returns a URL mux that knows exactly the three schemes Config
// allows. A mux of our own, rather than gocloud's process-wide default, keeps
// the set explicit and lets the file driver default to what a data dir needs.
func openers() *blob.URLMux {
	mux := new(blob.URLMux)
	mux.RegisterBucket(fileblob.Scheme, &fileblob.URLOpener{Options: fileblob.Options{
		CreateDir:   true,
		DirFileMode: 0o750,
		// Temporary files go next to the object, not to os.TempDir: a data
		// dir on its own volume (a container mount) would make the final
		// rename fail across devices.
		NoTempDir: true,
	}})
	mux.RegisterBucket(s3blob.Scheme, new(s3blob.URLOpener))
	mux.RegisterBucket(memblob.Scheme, new(memblob.URLOpener))
	return mux
}
