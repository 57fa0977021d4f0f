package platform

import (
	"net/url"
	"strings"
)

// ldListingID is the external id of the listing at canonical, a URL from
// canonicalProductURL: its path and query, without scheme, host or port
// ("/p/100007/baker-deck", "/product.php?id=5"). The shop's slug already
// namespaces listing ids, while one catalog answers under many host
// spellings (http and https, "www." or not, a loopback port that changes
// between runs): a host in the id would give the same product a new
// identity whenever the spelling changes. See ldRef for how path and query
// are normalized. An id longer than maxIDRunes is "url:" and a hash of it,
// still without the host.
func ldListingID(canonical string) string {
	ref := ldRef(canonical)
	if ref == "" {
		ref = canonical // not a URL: ParseJSONLDProduct resolves every URL first, so this is defensive
	}
	if len(ref) > maxIDRunes { // ldRef escapes every non-ASCII byte, so bytes are runes
		return "url:" + shortHash(ref)
	}
	return ref
}

// ldRef is u's path and query in a normal form, or "" when u is not a URL.
// It applies the normalizations RFC 3986 (section 6.2.2) allows without
// asking the server, so two spellings of one link give one ref:
// percent-encoding of unreserved characters decoded ("%7E" is "~"), other
// escapes in upper case ("%c3%b6" is "%C3%B6"), bytes that must be escaped
// escaped ("ö" is "%C3%B6"), dot segments removed. An encoded slash ("%2F")
// stays encoded: it is part of a segment, not a separator. Case is kept,
// since paths are case-sensitive on most servers. An empty path is "/".
//
// Trailing slashes are dropped ("/p/1/x/" is "/p/1/x"): shops serve a
// product page with and without one (WooCommerce permalinks end in one,
// links to them often do not), and no shop names two products that way.
//
// The query is sorted by key and re-encoded, as url.Values.Encode writes
// it; a bare "?" is no query.
func ldRef(u string) string {
	parsed, err := url.Parse(u)
	if u == "" || err != nil {
		return ""
	}
	p := ldRemoveDotSegments(ldNormalEscapes(parsed.EscapedPath()))
	if p = strings.TrimRight(p, "/"); p == "" || p[0] != '/' {
		p = "/" + p
	}
	if parsed.RawQuery == "" {
		return p
	}
	if q := parsed.Query().Encode(); q != "" {
		return p + "?" + q
	}
	return p
}

// ldNormalEscapes rewrites an escaped path so that equal paths are equal
// strings: unreserved characters unescaped, other escapes upper-case, and
// bytes a path may not hold escaped.
func ldNormalEscapes(p string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(p))
	escape := func(c byte) {
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '%' && i+2 < len(p) && isHex(p[i+1]) && isHex(p[i+2]):
			d := unhex(p[i+1])<<4 | unhex(p[i+2])
			if isUnreserved(d) {
				b.WriteByte(d)
			} else {
				escape(d)
			}
			i += 2
		case c == '%' || c <= ' ' || c >= 0x7f || strings.IndexByte("\"<>\\^`{|}", c) >= 0:
			escape(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// ldRemoveDotSegments resolves "." and ".." segments of an absolute path
// (RFC 3986 section 5.2.4). Empty segments stay: "/a//b" is not "/a/b" to
// every server.
func ldRemoveDotSegments(p string) string {
	if !strings.HasPrefix(p, "/") || !strings.Contains(p, ".") {
		return p
	}
	in := strings.Split(p[1:], "/")
	out := make([]string, 0, len(in))
	for i, s := range in {
		last := i == len(in)-1
		switch s {
		case ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, s)
			continue
		}
		if last {
			out = append(out, "") // "/a/b/.." is the directory "/a/"
		}
	}
	return "/" + strings.Join(out, "/")
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// isUnreserved reports whether c needs no escape anywhere in a URL.
func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// canonicalProductURL drops what changes a product URL without changing the
// product: the fragment, variant selectors ("variant", WooCommerce's
// "attribute_*") and tracking parameters. Other query parameters stay, since
// some shops name products by them ("product.php?id=5").
func canonicalProductURL(u string) string {
	return canonicalURL(u, false)
}

// canonicalURL is u without fragment and tracking parameters, and without
// variant selectors unless keepSelectors: a variant's own link keeps what
// selects it.
func canonicalURL(u string, keepSelectors bool) string {
	parsed, err := url.Parse(u)
	if u == "" || err != nil {
		return u
	}
	parsed.Fragment, parsed.RawFragment = "", ""
	parsed.ForceQuery = false
	if parsed.RawQuery != "" {
		q := parsed.Query()
		for k := range q {
			lk := strings.ToLower(k)
			selector := lk == "variant" || strings.HasPrefix(lk, "attribute_")
			if ldTrackingParams[lk] || strings.HasPrefix(lk, "utm_") || (selector && !keepSelectors) {
				q.Del(k)
			}
		}
		parsed.RawQuery = q.Encode()
	}
	return parsed.String()
}

// ldTrackingParams are query parameters that track a visit or pick a
// display currency, never a product.
var ldTrackingParams = map[string]bool{
	"gclid": true, "fbclid": true, "srsltid": true, "_pos": true, "_sid": true,
	"_ss": true, "_psq": true, "ref": true, "mc_cid": true, "mc_eid": true, "currency": true,
}
