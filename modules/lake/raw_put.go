package lake

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"gocloud.dev/blob"
)

// Metadata keys on raw objects. S3 shows them as x-amz-meta-<key>; gocloud
// lower-cases keys on every backend, so they are lower case here already.
const (
	metaURL         = "source-url"
	metaStatus      = "status"
	metaContentType = "content-type"
	metaFetchedAt   = "fetched-at"
)

// contentEncodingGzip is the object's Content-Encoding: the stored bytes are
// gzip, while Content-Type still names what they decompress to, as HTTP
// means it. Athena and Spark go by the .gz suffix instead; both agree.
const contentEncodingGzip = "gzip"

// PutRaw archives p and returns its key (see the layout in raw_key.go:
// raw/shop=<slug>/date=<YYYY-MM-DD>/<run>-<seq>.<ext>.gz).
//
// Invalid fields fail with catalog.ErrInvalid before anything is written.
// The key depends only on the shop, FetchedAt's UTC date, the run, the seq
// and the content type's extension, so archiving the same page again
// replaces the object rather than adding one: retries are safe. Each write
// is all-or-nothing; concurrent writes of the same key leave one of them.
// If ctx ends first, the write is abandoned and the error wraps ctx.Err().
func (l *Lake) PutRaw(ctx context.Context, p RawPage) (string, error) {
	k, err := keyOf(p)
	if err != nil {
		return "", fmt.Errorf("put raw: %w", err)
	}
	key := k.String()
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("put raw %s: %w", key, err)
	}
	opts := &blob.WriterOptions{
		ContentType:     objectContentType(p.ContentType),
		ContentEncoding: contentEncodingGzip,
		Metadata: map[string]string{
			metaURL:         p.URL,
			metaStatus:      strconv.Itoa(p.Status),
			metaContentType: p.ContentType,
			metaFetchedAt:   p.FetchedAt.UTC().Format(time.RFC3339Nano),
		},
	}
	var stored int
	err = l.gz.compress(p.Body, func(gz []byte) error {
		stored = len(gz)
		return l.bucket.WriteAll(ctx, key, gz, opts)
	})
	if err != nil {
		return "", fmt.Errorf("put raw %s: %w", key, blobErr(ctx, err))
	}
	l.log.Debug("raw page archived", "key", key, "bytes", len(p.Body), "stored_bytes", stored)
	return key, nil
}
