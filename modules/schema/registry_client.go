package schema

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/twmb/franz-go/pkg/sr"

	"github.com/skatestock/skatestock/modules/catalog"
)

// ClientConfig says how to reach a Confluent-compatible Schema Registry.
type ClientConfig struct {
	// URLs are registry base URLs, tried in order until one answers.
	URLs []string
	// Username and Password, when set, are sent as HTTP basic auth
	// (Confluent Cloud API key and secret).
	Username, Password string
	// Timeout bounds one HTTP request; 0 means 10s.
	Timeout time.Duration
}

// Validate reports a missing or malformed URL, or a password without user.
func (c ClientConfig) Validate() error {
	if len(c.URLs) == 0 {
		return fmt.Errorf("%w schema_registry.urls: at least one URL is required", catalog.ErrInvalid)
	}
	for _, raw := range c.URLs {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%w schema_registry.urls: %q must be an absolute http or https URL", catalog.ErrInvalid, raw)
		}
	}
	if c.Password != "" && c.Username == "" {
		return fmt.Errorf("%w schema_registry.username: required with a password", catalog.ErrInvalid)
	}
	if c.Timeout < 0 {
		return fmt.Errorf("%w schema_registry.timeout: %s is negative", catalog.ErrInvalid, c.Timeout)
	}
	return nil
}

// NewClient returns a registry client for cfg, to pass to Register. It is
// here so that modules other than schema and bus never import franz-go.
func NewClient(cfg ClientConfig) (*sr.Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = 10 * time.Second
	}
	opts := []sr.ClientOpt{
		sr.URLs(cfg.URLs...),
		sr.HTTPClient(&http.Client{Timeout: timeout}),
		sr.UserAgent("skatestock"),
	}
	if cfg.Username != "" {
		opts = append(opts, sr.BasicAuth(cfg.Username, cfg.Password))
	}
	cl, err := sr.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("new schema registry client: %w", err)
	}
	return cl, nil
}
