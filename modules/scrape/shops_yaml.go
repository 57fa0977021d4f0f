package scrape

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/skatestock/skatestock/modules/catalog"
)

// shopYAML is one shop as written in the file. Optional numbers are
// pointers so that an explicit 0 is an error rather than "use the default".
type shopYAML struct {
	Slug              string   `yaml:"slug"`
	Name              string   `yaml:"name"`
	Platform          string   `yaml:"platform"`
	BaseURL           string   `yaml:"base_url"`
	Currency          string   `yaml:"currency"`
	Country           string   `yaml:"country"`
	Collection        string   `yaml:"collection"`
	Schedule          *string  `yaml:"schedule"`
	RateLimit         *float64 `yaml:"rate_limit"`
	Concurrency       *int     `yaml:"concurrency"`
	IgnoreRobots      bool     `yaml:"ignore_robots"`
	Local             bool     `yaml:"local"`
	ProductURLPattern *string  `yaml:"product_url_pattern"`
}

// shopEntry is a decoded shop with where it came from, for error messages.
type shopEntry struct {
	cfg   ShopConfig
	path  string         // "profiles.default[2]"
	line  int            // line of the shop's mapping
	lines map[string]int // key -> line of its value
}

// problem formats p at the line of its key (or of the shop when the key is
// absent).
func (e shopEntry) problem(p fieldProblem) error {
	return fmt.Errorf("line %d: %s.%s", e.lineOf(p.key), e.path, p)
}

// ParseShopsFile decodes and validates a shops file. Decoding is strict: an
// unknown key is an error naming it, its line and the known keys. Every bad
// value is reported, one error per value, each naming the line, the key path
// (profiles.default[2].rate_limit), the value and what is allowed. The
// errors wrap catalog.ErrInvalid.
func ParseShopsFile(data []byte) (ShopsFile, error) {
	f, errs := parseShopsFile(data)
	if len(errs) > 0 {
		return ShopsFile{}, fmt.Errorf("%w shops file: %w", catalog.ErrInvalid, errors.Join(errs...))
	}
	return f, nil
}

func parseShopsFile(data []byte) (ShopsFile, []error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return ShopsFile{}, []error{errors.New(strings.TrimPrefix(err.Error(), "yaml: "))}
	}
	if len(doc.Content) == 0 {
		return ShopsFile{}, []error{errors.New("the file is empty; want contact_url and profiles")}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return ShopsFile{}, []error{fmt.Errorf("line %d: the file must be a mapping with contact_url and profiles", root.Line)}
	}
	var f ShopsFile
	var errs []error
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		seen[k.Value] = true
		switch k.Value {
		case "contact_url":
			if v.Kind != yaml.ScalarNode {
				errs = append(errs, fmt.Errorf("line %d: contact_url must be a URL", v.Line))
				continue
			}
			f.ContactURL = v.Value
			if !validContactURL(v.Value) {
				errs = append(errs, fmt.Errorf("line %d: contact_url = %q, want an absolute http(s) URL where shop operators can reach us", v.Line, v.Value))
			}
		case "profiles":
			var perrs []error
			f.Profiles, perrs = parseProfiles(v)
			errs = append(errs, perrs...)
		default:
			errs = append(errs, fmt.Errorf("line %d: unknown key %q (known keys: contact_url, profiles)", k.Line, k.Value))
		}
	}
	for _, key := range []string{"contact_url", "profiles"} {
		if !seen[key] {
			errs = append(errs, fmt.Errorf("line %d: %s is missing", root.Line, key))
		}
	}
	return f, errs
}

// parseProfiles reads the profiles mapping: name -> list of shops.
func parseProfiles(n *yaml.Node) (map[string][]ShopConfig, []error) {
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		return nil, []error{fmt.Errorf("line %d: profiles must map profile names (default, local...) to lists of shops", n.Line)}
	}
	profiles := map[string][]ShopConfig{}
	var errs []error
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		if !validProfileName(name) {
			errs = append(errs, fmt.Errorf("line %d: profile name %q, want 1-32 of a-z 0-9 _ - starting with a letter", k.Line, name))
			continue
		}
		if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
			errs = append(errs, fmt.Errorf("line %d: profiles.%s must be a non-empty list of shops", v.Line, name))
			continue
		}
		var entries []shopEntry
		for j, item := range v.Content {
			e, perrs := parseShop(item, fmt.Sprintf("profiles.%s[%d]", name, j))
			errs = append(errs, perrs...)
			if perrs == nil {
				entries = append(entries, e)
			}
		}
		errs = append(errs, checkProfile(name, entries)...)
		shops := make([]ShopConfig, 0, len(entries))
		for _, e := range entries {
			shops = append(shops, e.cfg)
		}
		profiles[name] = shops
	}
	return profiles, errs
}

// parseShop decodes one shop mapping, refusing unknown keys, and validates it.
func parseShop(n *yaml.Node, path string) (shopEntry, []error) {
	e := shopEntry{path: path, line: n.Line, lines: map[string]int{}}
	if n.Kind != yaml.MappingNode {
		return e, []error{fmt.Errorf("line %d: %s must be a mapping of shop settings", n.Line, path)}
	}
	known := yamlKeys(reflect.TypeFor[shopYAML]())
	var errs []error
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		e.lines[k.Value] = v.Line
		if !slices.Contains(known, k.Value) {
			errs = append(errs, fmt.Errorf("line %d: %s: unknown key %q (known keys: %s)", k.Line, path, k.Value, strings.Join(known, ", ")))
		}
	}
	if errs != nil {
		return e, errs
	}
	var y shopYAML
	if err := n.Decode(&y); err != nil {
		return e, e.typeErrors(err)
	}
	cfg, explicit := y.toConfig()
	e.cfg = cfg.withDefaults()
	probs := append(explicit, e.cfg.check()...)
	slices.SortStableFunc(probs, func(a, b fieldProblem) int { return e.lineOf(a.key) - e.lineOf(b.key) })
	for _, p := range probs {
		errs = append(errs, e.problem(p))
	}
	return e, errs
}

// lineOf is the line of key's value, or of the shop when key is absent.
func (e shopEntry) lineOf(key string) int {
	if l, ok := e.lines[key]; ok {
		return l
	}
	return e.line
}

// typeErrors turns yaml's "line 7: cannot unmarshal !!str `fast` into
// float64" into "line 7: profiles.default[0].rate_limit: cannot unmarshal...".
func (e shopEntry) typeErrors(err error) []error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return []error{fmt.Errorf("%s: %w", e.path, err)}
	}
	keys := make(map[int]string, len(e.lines))
	shared := map[int]bool{} // a flow mapping puts several keys on one line
	for k, l := range e.lines {
		if _, ok := keys[l]; ok {
			shared[l] = true
		}
		keys[l] = k
	}
	for l := range shared {
		delete(keys, l)
	}
	errs := make([]error, 0, len(te.Errors))
	for _, msg := range te.Errors {
		num, rest, _ := strings.Cut(strings.TrimPrefix(msg, "line "), ": ")
		if line, err := strconv.Atoi(num); err == nil && keys[line] != "" {
			msg = fmt.Sprintf("line %d: %s.%s: %s", line, e.path, keys[line], rest)
		} else {
			msg = e.path + ": " + msg
		}
		errs = append(errs, errors.New(msg))
	}
	return errs
}

// toConfig converts y, reporting optional values written out as zero or
// empty (which would otherwise silently mean "the default").
func (y shopYAML) toConfig() (ShopConfig, []fieldProblem) {
	c := ShopConfig{
		Slug: y.Slug, Name: y.Name, Platform: catalog.Platform(y.Platform), BaseURL: y.BaseURL,
		Currency: y.Currency, Country: y.Country, Collection: y.Collection,
		IgnoreRobots: y.IgnoreRobots, Local: y.Local,
	}
	var probs []fieldProblem
	if y.Schedule != nil {
		d, err := time.ParseDuration(*y.Schedule)
		switch {
		case err != nil:
			probs = append(probs, fieldProblem{"schedule", fmt.Sprintf("%q", *y.Schedule), "a Go duration such as 30m or 6h"})
		case d == 0:
			probs = append(probs, fieldProblem{"schedule", *y.Schedule, scheduleWant})
		default:
			c.Schedule = d
		}
	}
	if y.RateLimit != nil {
		if *y.RateLimit == 0 {
			probs = append(probs, fieldProblem{"rate_limit", "0", rateWant})
		}
		c.RateLimit = *y.RateLimit
	}
	if y.Concurrency != nil {
		if *y.Concurrency == 0 {
			probs = append(probs, fieldProblem{"concurrency", "0", concurrencyWant})
		}
		c.Concurrency = *y.Concurrency
	}
	if y.ProductURLPattern != nil {
		if *y.ProductURLPattern == "" {
			probs = append(probs, fieldProblem{"product_url_pattern", `""`, "a regular expression; leave the key out for the default"})
		}
		c.ProductURLPattern = *y.ProductURLPattern
	}
	return c, probs
}

// yamlKeys lists the yaml tag names of a struct's fields, in field order.
func yamlKeys(t reflect.Type) []string {
	keys := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		keys = append(keys, name)
	}
	return keys
}

// validProfileName accepts 1-32 of a-z 0-9 _ - starting with a letter.
func validProfileName(s string) bool {
	if s == "" || len(s) > 32 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
