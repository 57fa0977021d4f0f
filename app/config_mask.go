package app

import (
	"net/url"
	"reflect"
	"strings"
)

// maskedSecret replaces secrets wherever config is shown; it is what
// net/url's Redacted uses too.
const maskedSecret = "xxxxx"

// maskURL replaces the password of every scheme://user:password@host URL in
// s with xxxxx. It works on text rather than parsed URLs, so it also masks
// URLs that do not parse and URLs quoted inside error messages.
func maskURL(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+3])
		s = s[i+3:]
		end := strings.IndexAny(s, "/?# \t\r\n\"'`")
		if end < 0 {
			end = len(s)
		}
		authority := s[:end]
		s = s[end:]
		at := strings.LastIndex(authority, "@")
		colon := strings.Index(authority[:max(at, 0)], ":")
		if at < 0 || colon < 0 {
			b.WriteString(authority)
			continue
		}
		b.WriteString(authority[:colon+1] + maskedSecret + authority[at:])
	}
}

// secrets lists the secret values in c (URL passwords, raw and decoded, and
// whole secret values) so that error text from drivers can be scrubbed of
// them even when it does not look like a URL.
func (c config) secrets() []string {
	var out []string
	for _, k := range configKeys() {
		if k.secret == "" {
			continue
		}
		v := k.field(&c)
		if v.Kind() == reflect.Slice && k.secret != "url" {
			out = append(out, v.Interface().([]string)...)
			continue
		}
		if v.Kind() != reflect.String {
			continue
		}
		s := v.String()
		if k.secret != "url" {
			out = append(out, s)
			continue
		}
		if u, err := url.Parse(s); err == nil && u.User != nil {
			if pw, ok := u.User.Password(); ok {
				out = append(out, pw, url.QueryEscape(pw), url.PathEscape(pw))
			}
		}
	}
	return out
}

// redact masks URL passwords and every configured secret in msg. It is the
// last step before anything derived from an error reaches the terminal.
func (c *cli) redact(msg string) string {
	msg = maskURL(msg)
	for _, s := range c.cfg.secrets() {
		// Very short secrets would mask ordinary words; the URL masking
		// above already covers them where they appear as URLs.
		if len(s) >= 3 {
			msg = strings.ReplaceAll(msg, s, maskedSecret)
		}
	}
	return msg
}
