package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// verifyTimeout bounds the readiness request of verify.
const verifyTimeout = 15 * time.Second

func newVerifyCmd(c *cli) *cobra.Command {
	var base string
	var maxLag int64
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check a running system: readiness, consumer lag and scrape freshness",
		Long: `Ask a running serve or demo at --url whether it is ready, and judge the
consumer lag too: every part of /readyz must be ok (database, Redis, Kafka,
every shop scraped successfully within api.max_scrape_age) and the ingest
group's lag must be at most --max-lag records. Prints one line per part;
exits 1 naming every part that is not well.`,
		Example: `  skatestock verify
  skatestock verify --url http://127.0.0.1:9000 --max-lag 0`,
		Args:        noArgs,
		Annotations: map[string]string{skipConfig: "true"},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.runVerify(cmd.Context(), base, maxLag)
		},
	}
	cmd.Flags().StringVar(&base, "url", "http://"+demoHTTPAddr, "base `URL` of the running system")
	cmd.Flags().Int64Var(&maxLag, "max-lag", 1000, "most product events the ingest group may be behind")
	return cmd
}

// readiness is /readyz's answer, ok or problem.
type readiness struct {
	Checks map[string]struct {
		Status string          `json:"status"`
		Detail json.RawMessage `json:"detail"`
	} `json:"checks"`
}

func (c *cli) runVerify(ctx context.Context, base string, maxLag int64) error {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageErrorf("--url %q: must be an http:// or https:// URL", base)
	}
	if maxLag < 0 {
		return usageErrorf("--max-lag %d: must be 0 or more", maxLag)
	}
	ctx, cancel := context.WithTimeout(ctx, verifyTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(base, "/")+"/readyz", nil)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("verify: nothing answers at %s (is `skatestock demo` or `serve` running?): %w", base, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("verify: read /readyz: %w", err)
	}
	var r readiness
	if err := json.Unmarshal(body, &r); err != nil || len(r.Checks) == 0 {
		return fmt.Errorf("verify: %s/readyz answered %d without readiness checks", base, resp.StatusCode)
	}
	var failed, lines []string
	for _, name := range slices.Sorted(maps.Keys(r.Checks)) {
		check := r.Checks[name]
		line := fmt.Sprintf("%s\t%s\t%s", name, check.Status, compactJSON(check.Detail))
		if check.Status != "ok" {
			failed = append(failed, name)
		}
		if name == probeKafka && check.Status == "ok" {
			var lag struct {
				Total int64 `json:"total"`
			}
			if json.Unmarshal(check.Detail, &lag) == nil && lag.Total > maxLag {
				failed = append(failed, fmt.Sprintf("kafka lag %d > %d", lag.Total, maxLag))
				line = fmt.Sprintf("%s\tlagging\t%s", name, compactJSON(check.Detail))
			}
		}
		lines = append(lines, line)
	}
	if err := writeTable(c.stdout, lines...); err != nil {
		return err
	}
	if len(failed) > 0 {
		return fmt.Errorf("verify: not well: %s", strings.Join(failed, ", "))
	}
	return nil
}

// compactJSON shortens a detail for one table line.
func compactJSON(raw json.RawMessage) string {
	s := strings.Join(strings.Fields(string(raw)), "")
	if len(s) > 160 {
		s = s[:157] + "..."
	}
	return s
}
