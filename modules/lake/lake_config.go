package lake

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// DefaultDir is the folder under the data dir that holds the embedded lake.
const DefaultDir = "lake"

// allowedURLs is the hint every URL error ends with.
const allowedURLs = "want file:///absolute/dir, s3://bucket[?region=...] or mem://"

// Config says where the lake lives.
type Config struct {
	// URL names the bucket, chosen by scheme:
	//   file:///absolute/dir            a directory, created when missing (embedded default)
	//   s3://bucket?region=eu-west-1    an S3 bucket; credentials come from the AWS SDK's
	//                                   usual chain. The query takes gocloud.dev's s3blob
	//                                   options (endpoint, use_path_style, disable_https,
	//                                   profile, ...) and prefix=dir/ to share a bucket.
	//   mem://                          a private in-memory bucket, gone on Close (tests)
	URL string
}

// DefaultConfig returns the embedded default: a file:// lake in
// <dataDir>/lake. A relative dataDir is resolved against the working
// directory now, because a file:// URL must carry an absolute path.
func DefaultConfig(dataDir string) (Config, error) {
	abs, err := filepath.Abs(filepath.Join(dataDir, DefaultDir))
	if err != nil {
		return Config{}, fmt.Errorf("lake default config for data dir %q: %w", dataDir, err)
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	return Config{URL: u.String()}, nil
}

// Validate checks that URL is one Open can use and wraps catalog.ErrInvalid
// with a message naming the value and what is allowed. It does not reach
// the bucket: Open does.
func (c Config) Validate() error {
	_, err := c.parse()
	return err
}

// parse validates URL and returns it parsed.
func (c Config) parse() (*url.URL, error) {
	if strings.TrimSpace(c.URL) == "" {
		return nil, invalidURL(c.URL, "is empty")
	}
	u, err := url.Parse(c.URL)
	if err != nil {
		return nil, invalidURL(c.URL, "cannot be parsed ("+err.Error()+")")
	}
	q := u.Query()
	// key= would turn the bucket into a single object (gocloud's
	// SingleKeyBucket), which no lake layout survives.
	if q.Has("key") {
		return nil, invalidURL(c.URL, `has a "key" parameter, which would confine the lake to one object`)
	}
	switch u.Scheme {
	case "file":
		// metadata=skip would drop the source URL, status and fetch time
		// that GetRaw gives back.
		if q.Has("metadata") {
			return nil, invalidURL(c.URL, `has a "metadata" parameter; the lake needs object metadata`)
		}
		if u.Host != "" && u.Host != "localhost" {
			return nil, invalidURL(c.URL, "must name an absolute directory (file:///dir, not file://"+u.Host+"/...)")
		}
		if !strings.HasPrefix(u.Path, "/") || strings.Trim(u.Path, "/") == "" {
			return nil, invalidURL(c.URL, "must name an absolute directory other than /")
		}
	case "s3":
		if u.Host == "" {
			return nil, invalidURL(c.URL, "names no bucket")
		}
		// s3blob would silently ignore a path; say how to get what was meant.
		if strings.Trim(u.Path, "/") != "" {
			return nil, invalidURL(c.URL, "has a path; use ?prefix="+strings.Trim(u.Path, "/")+"/ to keep the lake under a key prefix")
		}
	case "mem":
		if u.Host != "" || strings.Trim(u.Path, "/") != "" {
			return nil, invalidURL(c.URL, "must be plain mem://")
		}
	default:
		return nil, invalidURL(c.URL, fmt.Sprintf("has scheme %q", u.Scheme))
	}
	return u, nil
}

func invalidURL(value, reason string) error {
	return fmt.Errorf("%w lake.url: %q %s; %s", catalog.ErrInvalid, value, reason, allowedURLs)
}
