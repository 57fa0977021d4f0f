package app

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// applyYAML overlays the YAML document data (read from path) on c: keys the
// file sets replace c's values, keys it leaves out keep them. Unknown keys
// and values of the wrong type are usage errors naming the key and line.
func applyYAML(c *config, path string, data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return usageErrorf("config: %s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil // empty file: nothing to override
	}
	lines := make(map[int]string) // line -> key, to name the key in type errors
	if err := checkYAMLKeys(path, doc.Content[0], "", lines); err != nil {
		return err
	}
	// KnownFields makes the decoder itself refuse unknown keys too, in case
	// config and checkYAMLKeys ever disagree.
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(c)
	var te *yaml.TypeError
	switch {
	case err == nil, errors.Is(err, io.EOF):
		return nil
	case errors.As(err, &te):
		return usageErrorf("config: %s: %s", path, describeTypeErrors(te, lines))
	default:
		return usageErrorf("config: %s: %w", path, err)
	}
}

// checkYAMLKeys walks a mapping node and reports the first key that names
// no setting, with its full dotted path and line. It records the line of
// every leaf value in lines.
func checkYAMLKeys(path string, n *yaml.Node, prefix string, lines map[int]string) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		what := "the file"
		if prefix != "" {
			what = strings.TrimSuffix(prefix, ".")
		}
		return usageErrorf("config: %s line %d: %s must be a mapping of keys", path, n.Line, what)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := prefix + k.Value
		switch {
		case isConfigKey(name):
			lines[v.Line] = name
			for _, item := range v.Content {
				lines[item.Line] = name
			}
		case isConfigSection(name):
			if err := checkYAMLKeys(path, v, name+".", lines); err != nil {
				return err
			}
		default:
			return usageErrorf("config: %s line %d: unknown key %s (known keys: %s)", path, k.Line, name, strings.Join(namesUnder(prefix), ", "))
		}
	}
	return nil
}

func isConfigKey(name string) bool {
	_, ok := lookupKey(name)
	return ok
}

func isConfigSection(name string) bool {
	return len(keysUnder(name+".")) > 0
}

// namesUnder lists the keys and sections one level below prefix, in
// declaration order: "log, data_dir, database, ..." for "" and
// "kafka.brokers, kafka.sasl, ..." for "kafka.". Listing every key would
// bury the one the reader mistyped.
func namesUnder(prefix string) []string {
	var names []string
	for _, k := range keysUnder(prefix) {
		rest, _, _ := strings.Cut(strings.TrimPrefix(k, prefix), ".")
		if name := prefix + rest; !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names
}

// keysUnder lists the keys whose dotted name starts with prefix.
func keysUnder(prefix string) []string {
	var names []string
	for _, k := range configKeys() {
		if strings.HasPrefix(k.name, prefix) {
			names = append(names, k.name)
		}
	}
	return names
}

// describeTypeErrors turns yaml's "line 7: cannot unmarshal !!str `ten` into
// int" into "line 7: seed.shops: cannot unmarshal ...", joined on one line.
func describeTypeErrors(te *yaml.TypeError, lines map[int]string) string {
	msgs := make([]string, 0, len(te.Errors))
	for _, e := range te.Errors {
		if num, rest, ok := strings.Cut(strings.TrimPrefix(e, "line "), ": "); ok && strings.HasPrefix(e, "line ") {
			if n, err := strconv.Atoi(num); err == nil && lines[n] != "" {
				e = fmt.Sprintf("line %d: %s: %s", n, lines[n], rest)
			}
		}
		msgs = append(msgs, e)
	}
	return strings.Join(msgs, "; ")
}
