package app

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
)

// runSummary is one parsed scrape.RunReport.Summary line.
type runSummary struct {
	line                                   string
	shop                                   string
	pages, listings, observations, retries int
	problems, errors, incomplete, failed   string
}

var summaryLine = regexp.MustCompile(`(?m)^scrape (\S+): ([\d,]+) pages, ([\d,]+) listings, ([\d,]+) observations, [^,]+, ([\d,]+) not modified, ([\d,]+) retries, problems: (.*?), errors: (.*?), (?:\d[\d.]*s|\d+m\d+s)(?:, incomplete: (.*?))?(?:, failed: (.*))?$`)

// parseSummary finds the one summary line in out.
func parseSummary(t *testing.T, out string) runSummary {
	t.Helper()
	all := parseSummaries(out)
	if len(all) != 1 {
		t.Fatalf("want one summary line, found %d in:\n%s", len(all), out)
	}
	return all[0]
}

// parseSummaries finds every summary line in out.
func parseSummaries(out string) []runSummary {
	var all []runSummary
	for _, m := range summaryLine.FindAllStringSubmatch(out, -1) {
		n := func(i int) int {
			v, _ := strconv.Atoi(strings.ReplaceAll(m[i], ",", ""))
			return v
		}
		all = append(all, runSummary{
			line: m[0], shop: m[1], pages: n(2), listings: n(3), observations: n(4), retries: n(6),
			problems: m[7], errors: m[8], incomplete: m[9], failed: m[10],
		})
	}
	return all
}

// decodeEvents reads JSON lines of catalog.ProductEvent strictly and checks
// that each carries a valid observation and listing, with money as whole
// minor units.
func decodeEvents(t *testing.T, out string) []catalog.ProductEvent {
	t.Helper()
	var events []catalog.ProductEvent
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" && len(events) == 0 && i == 0 {
			break // no output at all
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		var ev catalog.ProductEvent
		if err := dec.Decode(&ev); err != nil || dec.More() {
			t.Fatalf("line %d is not one ProductEvent (%v): %s", i+1, err, line)
		}
		if err := ev.Observation().Validate(); err != nil {
			t.Errorf("line %d: invalid observation: %v", i+1, err)
		}
		if err := ev.Listing().Validate(); err != nil {
			t.Errorf("line %d: invalid listing: %v", i+1, err)
		}
		checkMinorUnits(t, i+1, line)
		events = append(events, ev)
	}
	return events
}

// checkMinorUnits wants price_minor a positive integer and compare_at_minor
// null or an integer, as written: never a decimal string or a float.
func checkMinorUnits(t *testing.T, n int, line string) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(line)))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		t.Fatalf("line %d: %v", n, err)
	}
	for _, k := range []string{"price_minor", "compare_at_minor"} {
		v := raw[k]
		if v == nil && k == "compare_at_minor" {
			continue
		}
		num, ok := v.(json.Number)
		if _, err := strconv.ParseInt(string(num), 10, 64); !ok || err != nil {
			t.Errorf("line %d: %s = %v, want whole minor units", n, k, v)
		}
	}
	if num, _ := raw["price_minor"].(json.Number); strings.HasPrefix(string(num), "-") || num == "0" {
		t.Errorf("line %d: price_minor = %s, want a positive amount", n, num)
	}
}

func TestParseSummary(t *testing.T) {
	out := "noise\nscrape kantenwerk: 1,204 pages, 300 listings, 8,114 observations, 1.8 MB, 3 not modified, 2 retries, problems: bad_price=2, no_product=1, errors: parse=1, status=3, 4m12s, incomplete: 5 pages failed in a row, failed: scrape kantenwerk: boom, errors: x\n"
	s := parseSummary(t, out)
	if s.shop != "kantenwerk" || s.pages != 1204 || s.observations != 8114 || s.retries != 2 ||
		s.problems != "bad_price=2, no_product=1" || s.errors != "parse=1, status=3" ||
		s.incomplete != "5 pages failed in a row" || s.failed != "scrape kantenwerk: boom, errors: x" {
		t.Errorf("parsed %+v", s)
	}
}
