package gormstore

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/skatestock/skatestock/modules/catalog"
)

// cursor is where a page of Products ended: the sort it was made for and
// the sort value and id of the page's last product. It travels to clients
// as base64url JSON; they must treat it as opaque, and the store trusts
// nothing in it: every field is checked and reaches SQL only as a bound
// parameter.
type cursor struct {
	Field string `json:"f"`
	Desc  bool   `json:"d,omitempty"`
	// Unpriced says the page ended among the products never priced, which
	// come after every priced one, ordered by id alone; Num and Text are
	// then zero.
	Unpriced bool `json:"u,omitempty"`
	// Num is the last sort value of the price and discount sorts, and of
	// the updated sort in unix microseconds; Text that of the title sort.
	Num  int64  `json:"n,omitempty"`
	Text string `json:"t,omitempty"`
	ID   int64  `json:"i"`
}

// maxCursorLen bounds an encoded cursor: the longest a store makes (a
// title sort's folded title of 500 characters, at most four bytes each,
// grown a third by base64) fits with room to spare.
const maxCursorLen = 4096

// maxUpdatedMicros is the end of year 9999, the last instant both
// databases store.
const maxUpdatedMicros = 253402300799999999

func (c cursor) encode() string {
	b, _ := json.Marshal(c) // strings, integers and booleans always encode
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor reads s, which must have been made for sort. Every error
// wraps catalog.ErrInvalid and names the after field.
func decodeCursor(s string, sort catalog.ProductSort) (cursor, error) {
	if len(s) > maxCursorLen {
		return cursor{}, invalidf("after", "cursor is %d bytes long, at most %d allowed", len(s), maxCursorLen)
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	// encoding/json would quietly repair invalid UTF-8; a cursor the store
	// made never holds any.
	if err != nil || !utf8.Valid(raw) {
		return cursor{}, invalidf("after", "malformed cursor")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var c cursor
	if err := dec.Decode(&c); err != nil {
		return cursor{}, invalidf("after", "malformed cursor")
	}
	if _, err := dec.Token(); err != io.EOF {
		return cursor{}, invalidf("after", "malformed cursor")
	}
	if c.Field != string(sort.Field) || c.Desc != sort.Desc {
		return cursor{}, invalidf("after", "cursor was made for another sort; start again from the first page")
	}
	if err := c.check(); err != nil {
		return cursor{}, invalidf("after", "malformed cursor: %s", err)
	}
	return c, nil
}

// check reports a value no page of the cursor's sort can end at.
func (c cursor) check() error {
	switch {
	case c.ID < 1:
		return fmt.Errorf("id %d", c.ID)
	case c.Unpriced && (c.Num != 0 || c.Text != ""):
		return fmt.Errorf("sort value among unpriced products")
	case c.Field != string(catalog.SortTitle) && c.Text != "":
		return fmt.Errorf("text value for sort %s", c.Field)
	}
	switch catalog.ProductSortField(c.Field) {
	case catalog.SortTitle:
		// The value is a search_text: folded text, which folds to itself.
		if c.Unpriced || c.Num != 0 || SearchText(c.Text, "") != c.Text {
			return fmt.Errorf("title value")
		}
	case catalog.SortPrice:
		if c.Num < 0 {
			return fmt.Errorf("price %d", c.Num)
		}
	case catalog.SortDiscount:
		if c.Num < 0 || c.Num > 10000 {
			return fmt.Errorf("discount %d", c.Num)
		}
	case catalog.SortUpdated:
		if c.Num < 0 || c.Num > maxUpdatedMicros {
			return fmt.Errorf("time %d", c.Num)
		}
	default:
		return fmt.Errorf("sort %q", c.Field)
	}
	return nil
}

// value is the cursor's sort value as a statement parameter.
func (c cursor) value() any {
	switch catalog.ProductSortField(c.Field) {
	case catalog.SortTitle:
		return c.Text
	case catalog.SortUpdated:
		return stamp{time.UnixMicro(c.Num).UTC()}
	default:
		return c.Num
	}
}

// invalidf is an error wrapping catalog.ErrInvalid that names field, in the
// words of the catalog's own validation errors.
func invalidf(field, format string, args ...any) error {
	return fmt.Errorf("%w %s: %s", catalog.ErrInvalid, field, fmt.Sprintf(format, args...))
}
