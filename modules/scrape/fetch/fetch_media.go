package fetch

import (
	"mime"
	"strings"
)

// acceptHeader is the Accept header for the media types the caller accepts.
func acceptHeader(accept []string) string {
	if len(accept) == 0 {
		return "*/*"
	}
	return strings.Join(accept, ", ")
}

// mediaTypeAccepted reports whether contentType matches one of accept.
// Matching ignores parameters and case, understands "type/*" and "*/*", and
// lets a structured-syntax suffix satisfy its base type
// ("application/ld+json" for "application/json", "application/rss+xml" for
// "application/xml"). A missing or unparseable Content-Type never matches:
// we cannot vouch for what we would hand to a parser.
func mediaTypeAccepted(contentType string, accept []string) bool {
	if len(accept) == 0 {
		return true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil && err != mime.ErrInvalidMediaParameter {
		return false
	}
	typ, sub, ok := strings.Cut(mt, "/")
	if !ok {
		return false
	}
	for _, a := range accept {
		a, _, _ = strings.Cut(a, ";")
		a = strings.ToLower(strings.TrimSpace(a))
		atyp, asub, ok := strings.Cut(a, "/")
		if !ok {
			continue
		}
		switch {
		case a == "*/*", a == mt:
			return true
		case asub == "*" && atyp == typ:
			return true
		case atyp == typ && (asub == "json" || asub == "xml") && strings.HasSuffix(sub, "+"+asub):
			return true
		}
	}
	return false
}
