package lake

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"

	"github.com/skatestock/skatestock/modules/catalog"
)

// GetRaw reads back the page stored under key (as returned by PutRaw or
// ListRaw), decompressed, with every RawPage field restored. A key outside
// the raw layout fails with catalog.ErrInvalid without touching the bucket;
// a missing object fails with catalog.ErrNotFound. Metadata an object lacks
// (one not written by PutRaw) leaves the field zero.
func (l *Lake) GetRaw(ctx context.Context, key string) (RawPage, error) {
	k, err := parseRawKey(key)
	if err != nil {
		return RawPage{}, fmt.Errorf("get raw: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return RawPage{}, fmt.Errorf("get raw %s: %w", key, err)
	}
	page, err := l.getRaw(ctx, k, key)
	if err != nil {
		return RawPage{}, fmt.Errorf("get raw %s: %w", key, err)
	}
	return page, nil
}

func (l *Lake) getRaw(ctx context.Context, k rawKey, key string) (RawPage, error) {
	attrs, err := l.bucket.Attributes(ctx, key)
	if err != nil {
		return RawPage{}, blobErr(ctx, err)
	}
	// A second round trip for the body: blob.Reader does not carry user
	// metadata. An overwrite in between is harmless, since a rewrite of a
	// key is the same page.
	stored, err := l.bucket.ReadAll(ctx, key)
	if err != nil {
		return RawPage{}, blobErr(ctx, err)
	}
	body := stored
	if attrs.ContentEncoding == contentEncodingGzip {
		if body, err = gunzip(stored); err != nil {
			return RawPage{}, fmt.Errorf("decompress: %w", err)
		}
	}
	md := attrs.Metadata
	page := RawPage{
		Shop:        k.shop,
		RunID:       k.run,
		Seq:         k.seq,
		URL:         md[metaURL],
		ContentType: md[metaContentType],
		Body:        body,
	}
	if _, ok := md[metaContentType]; !ok {
		page.ContentType = attrs.ContentType
	}
	if s, ok := md[metaStatus]; ok {
		if page.Status, err = strconv.Atoi(s); err != nil {
			return RawPage{}, fmt.Errorf("metadata %s %q: %w", metaStatus, s, err)
		}
	}
	if s, ok := md[metaFetchedAt]; ok {
		if page.FetchedAt, err = time.Parse(time.RFC3339Nano, s); err != nil {
			return RawPage{}, fmt.Errorf("metadata %s %q: %w", metaFetchedAt, s, err)
		}
	}
	return page, nil
}

// ListRaw returns the keys of one shop's pages fetched on day's UTC date,
// sorted, which is run by run in page order. Anything in that folder that is
// not a raw key (a temporary file of the file backend mid-write) is left
// out. No pages is an empty list, not an error.
func (l *Lake) ListRaw(ctx context.Context, shop string, day time.Time) ([]string, error) {
	if !catalog.ValidSlug(shop) {
		return nil, fmt.Errorf("list raw: %w", invalidField("shop", shop, "must be a shop slug: 1-64 lower-case letters, digits or inner dashes"))
	}
	if day.IsZero() {
		return nil, fmt.Errorf("list raw %s: %w", shop, invalidField("day", day, "must be set"))
	}
	prefix := rawPrefix(shop, day.UTC().Format(time.DateOnly))
	// Checked here because not every driver looks at ctx before listing.
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("list raw %s: %w", prefix, err)
	}
	keys := []string{}
	it := l.bucket.List(&blob.ListOptions{Prefix: prefix})
	for {
		obj, err := it.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("list raw %s: %w", prefix, blobErr(ctx, err))
		}
		if _, err := parseRawKey(obj.Key); err == nil {
			keys = append(keys, obj.Key)
		}
	}
	slices.Sort(keys)
	return keys, nil
}

// blobErr turns a gocloud error into what callers of this package test for:
// catalog.ErrNotFound for a missing object, ctx.Err() once ctx has ended.
func blobErr(ctx context.Context, err error) error {
	if gcerrors.Code(err) == gcerrors.NotFound {
		return catalog.ErrNotFound
	}
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("%w (%w)", ctxErr, err)
	}
	return err
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	// ReadAll reads to EOF, which is where gzip checks the CRC and length.
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	return out, zr.Close()
}
