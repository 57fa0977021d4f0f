package lake

import (
	"fmt"
	"mime"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/skatestock/skatestock/modules/catalog"
)

// RawPage is one response a scrape fetched, exactly as the shop sent it.
type RawPage struct {
	Shop        string    // shop slug (catalog.ValidSlug)
	FetchedAt   time.Time // when the response arrived; its UTC date picks the partition
	RunID       string    // the scrape run: 1-64 of A-Z a-z 0-9 _ -
	Seq         int       // page number within the run, 0-99999
	URL         string    // the URL fetched, at most 1024 bytes of UTF-8
	Status      int       // HTTP status, 100-599
	ContentType string    // the Content-Type header as received, at most 256 bytes of UTF-8; may be empty
	Body        []byte    // the body, decoded from any transfer or content encoding
}

// Limits on RawPage fields. URL and ContentType travel as object metadata,
// which S3 caps at 2 KB in total.
const (
	MaxRunIDLen       = 64
	MaxSeq            = 99999 // five digits keep keys in run order when sorted as text
	MaxURLBytes       = 1024
	MaxContentTypeLen = 256
)

// validate checks every field that reaches the key or the metadata. The
// shop and run id become path segments, so their charsets are what stands
// between a caller and path traversal ("..", "/") on the file backend.
func (p RawPage) validate() error {
	switch {
	case !catalog.ValidSlug(p.Shop):
		return invalidField("shop", p.Shop, "must be a shop slug: 1-64 lower-case letters, digits or inner dashes")
	case !validRunID(p.RunID):
		return invalidField("run_id", p.RunID, fmt.Sprintf("must be 1-%d of A-Z a-z 0-9 _ -", MaxRunIDLen))
	case p.Seq < 0 || p.Seq > MaxSeq:
		return invalidField("seq", p.Seq, fmt.Sprintf("must be in [0, %d]", MaxSeq))
	case p.FetchedAt.IsZero():
		return invalidField("fetched_at", p.FetchedAt, "must be set")
	case p.FetchedAt.UTC().Year() < 1 || p.FetchedAt.UTC().Year() > 9999:
		return invalidField("fetched_at", p.FetchedAt, "must have a four-digit year")
	case p.URL == "" || len(p.URL) > MaxURLBytes || !utf8.ValidString(p.URL):
		return invalidField("url", p.URL, fmt.Sprintf("must be 1-%d bytes of UTF-8", MaxURLBytes))
	case p.Status < 100 || p.Status > 599:
		return invalidField("status", p.Status, "must be an HTTP status in [100, 599]")
	case len(p.ContentType) > MaxContentTypeLen || !utf8.ValidString(p.ContentType):
		return invalidField("content_type", p.ContentType, fmt.Sprintf("must be at most %d bytes of UTF-8", MaxContentTypeLen))
	}
	return nil
}

func invalidField(field string, value any, rule string) error {
	if s, ok := value.(string); ok {
		value = fmt.Sprintf("%q", s)
	}
	return fmt.Errorf("%w raw_page.%s: %v %s", catalog.ErrInvalid, field, value, rule)
}

func validRunID(s string) bool {
	if s == "" || len(s) > MaxRunIDLen {
		return false
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-'
		if !ok {
			return false
		}
	}
	return true
}

// Extensions named in keys, by what the content type says the body is.
const (
	extJSON = "json"
	extHTML = "html"
	extXML  = "xml"
	extTXT  = "txt"
	extBin  = "bin" // anything else, or no usable content type
)

// extension maps a Content-Type to the key's extension, so that a person
// (or a Glue classifier) browsing the bucket can tell a Shopify JSON page
// from a JSON-LD product page without opening it.
func extension(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return extBin
	}
	switch {
	case mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json"):
		return extJSON
	case mt == "text/html" || mt == "application/xhtml+xml":
		return extHTML
	case mt == "application/xml" || mt == "text/xml" || strings.HasSuffix(mt, "+xml"):
		return extXML
	case strings.HasPrefix(mt, "text/"):
		return extTXT
	}
	return extBin
}

// objectContentType is the Content-Type attribute of the stored object: the
// page's own, normalised, or application/octet-stream when it has none that
// parses. (gocloud rejects an unparsable one, and a page must not be lost
// for a shop's malformed header; the header as sent stays in the metadata.)
func objectContentType(contentType string) string {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "application/octet-stream"
	}
	if s := mime.FormatMediaType(mt, params); s != "" {
		return s
	}
	return mt
}
