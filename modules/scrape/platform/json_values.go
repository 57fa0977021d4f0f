package platform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// jsonText is a JSON string or number kept as its exact text, the way shops
// mix them for ids and prices ("54.95" and 54.95, "7001" and 7001). Numbers
// are never converted: 9007199254740993 stays exact and 54.950 stays 54.950.
// null and an absent field are "".
type jsonText string

// UnmarshalJSON accepts a string, a number or null; anything else is an error
// that skips the item.
func (t *jsonText) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) == 0 || string(b) == "null":
		*t = ""
	case b[0] == '"' && len(b) >= 2 && bytes.IndexByte(b, '\\') < 0:
		*t = jsonText(b[1 : len(b)-1]) // no escapes: the bytes are the text
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = jsonText(s)
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		*t = jsonText(b)
	default:
		return fmt.Errorf("want a string or a number, got %.20s", b)
	}
	return nil
}

// String returns the text trimmed of surrounding white space.
func (t jsonText) String() string { return strings.TrimSpace(string(t)) }

// sniffJSON rejects bodies that cannot be the JSON document expected, with a
// message that says what they look like instead: empty, an HTML error or
// login page, binary data.
func sniffJSON(body []byte) error {
	b := trimJSONStart(body)
	switch {
	case len(b) == 0:
		return invalidf("empty body, want JSON")
	case b[0] == '<':
		return invalidf("body is HTML or XML, not JSON (starts %q)", excerpt(b))
	case !utf8.Valid(b):
		return invalidf("body is not UTF-8 text, want JSON (starts %q)", excerpt(b))
	case b[0] != '{' && b[0] != '[':
		return invalidf("body is not a JSON object or array (starts %q)", excerpt(b))
	}
	return nil
}

// decodeJSON unmarshals body into v after sniffing it, so a truncated or
// malformed document fails as a whole with an error wrapping ErrInvalid.
func decodeJSON(body []byte, v any) error {
	if err := sniffJSON(body); err != nil {
		return err
	}
	if err := json.Unmarshal(trimJSONStart(body), v); err != nil {
		return invalidf("malformed JSON: %v", err)
	}
	return nil
}

// trimJSONStart drops white space and a byte order mark before the JSON.
func trimJSONStart(body []byte) []byte {
	return bytes.TrimLeft(body, " \t\r\n\ufeff")
}

// excerpt is the first few characters of b, for error messages.
func excerpt(b []byte) string {
	const n = 40
	if len(b) > n {
		b = b[:n]
	}
	return strings.ToValidUTF8(string(b), "?")
}

// itemID reads just the id of an item that failed to decode, so its Problem
// can say which item it was; index is the fallback ("#3").
func itemID(raw json.RawMessage, index int) string {
	var probe struct {
		ID jsonText `json:"id"`
	}
	if json.Unmarshal(raw, &probe) == nil && probe.ID.String() != "" {
		return fitRunes(probe.ID.String(), 64)
	}
	return fmt.Sprintf("#%d", index)
}
