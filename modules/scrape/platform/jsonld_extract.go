package platform

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"strings"

	"golang.org/x/net/html"
)

// ldScripts returns the contents of every <script type="application/ld+json">
// in an HTML page, in page order. The tokenizer reads script bodies as raw
// text, so "&amp;" inside JSON stays as written, as browsers do.
func ldScripts(page []byte) [][]byte {
	var out [][]byte
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "script" {
				continue
			}
			isLD := false
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "type" {
					mt, _, err := mime.ParseMediaType(strings.TrimSpace(string(v)))
					isLD = err == nil && mt == "application/ld+json"
				}
			}
			if isLD && z.Next() == html.TextToken {
				out = append(out, bytes.Clone(z.Text()))
			}
		}
	}
}

// ldValues decodes one JSON-LD block into its top-level values. Numbers stay
// json.Number, so prices keep their exact text. Pages wrap blocks in HTML
// comments or CDATA markers and put raw line breaks inside strings (invalid
// JSON that browsers' JSON-LD consumers still read); both are forgiven. A
// block holding several values one after another yields them all.
func ldValues(block []byte) ([]any, error) {
	block = trimLDWrapping(block)
	values, err := decodeLD(block)
	if err != nil {
		if fixed, changed := escapeRawControls(block); changed {
			if v, err2 := decodeLD(fixed); err2 == nil {
				return v, nil
			}
		}
		return values, err
	}
	return values, nil
}

func decodeLD(block []byte) ([]any, error) {
	dec := json.NewDecoder(bytes.NewReader(block))
	dec.UseNumber()
	var out []any
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			if len(out) == 0 {
				return nil, errors.New("empty block")
			}
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
}

// trimLDWrapping removes "<!-- -->" and CDATA wrappers and trailing
// semicolons that CMS templates leave around JSON-LD.
func trimLDWrapping(b []byte) []byte {
	b = bytes.TrimSpace(b)
	for _, w := range [][2]string{{"<!--", "-->"}, {"//<![CDATA[", "//]]>"}, {"/*<![CDATA[*/", "/*]]>*/"}, {"<![CDATA[", "]]>"}} {
		if bytes.HasPrefix(b, []byte(w[0])) {
			b = bytes.TrimPrefix(b, []byte(w[0]))
			b = bytes.TrimSuffix(bytes.TrimSpace(b), []byte(w[1]))
			b = bytes.TrimSpace(b)
		}
	}
	return bytes.TrimRight(b, "; \t\r\n")
}

// escapeRawControls escapes control characters that appear unescaped inside
// JSON strings, the commonest way JSON-LD blocks are broken. It reports
// whether it changed anything.
func escapeRawControls(b []byte) ([]byte, bool) {
	var out []byte
	inString, escaped := false, false
	for i, c := range b {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString && c < 0x20:
			if out == nil {
				out = append(make([]byte, 0, len(b)+16), b[:i]...)
			}
			switch c {
			case '\n':
				out = append(out, `\n`...)
			case '\t':
				out = append(out, `\t`...)
			case '\r':
				out = append(out, `\r`...)
			default:
				out = append(out, ' ')
			}
			continue
		}
		if out != nil {
			out = append(out, c)
		}
	}
	return out, out != nil
}
