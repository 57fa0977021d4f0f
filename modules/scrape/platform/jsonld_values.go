package platform

import (
	"encoding/json"
	"strings"
)

// ldNode is one JSON-LD object.
type ldNode map[string]any

// ldGraph resolves {"@id": ...} references within one block: Yoast and other
// generators put the Product, its Offers and its Brand side by side in
// "@graph" and link them by id.
type ldGraph map[string]ldNode

// index records every node with an "@id" and other keys, recursively.
func (g ldGraph) index(v any, depth int) {
	if depth > 32 {
		return
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			g.index(e, depth+1)
		}
	case map[string]any:
		if id, ok := t["@id"].(string); ok && len(t) > 1 {
			if _, seen := g[id]; !seen {
				g[id] = t
			}
		}
		for _, e := range t {
			g.index(e, depth+1)
		}
	}
}

// nodes returns v as a list of objects: one object, the objects of an array,
// references resolved; anything else is skipped.
func (g ldGraph) nodes(v any) []ldNode {
	var out []ldNode
	switch t := v.(type) {
	case map[string]any:
		out = append(out, g.resolve(t))
	case []any:
		for _, e := range t {
			if m, ok := e.(map[string]any); ok {
				out = append(out, g.resolve(m))
			}
		}
	}
	return out
}

// link replaces every reference-only object ({"@id": ...}) under v with the
// node it names, so the rest of the parser reads linked and nested markup
// alike. Replacements are not descended into (they are linked where they
// stand), so reference cycles end.
func (g ldGraph) link(v any, depth int) {
	if depth > 32 {
		return
	}
	switch t := v.(type) {
	case []any:
		for i, e := range t {
			if n, ok := g.target(e); ok {
				t[i] = n
				continue
			}
			g.link(e, depth+1)
		}
	case map[string]any:
		for k, e := range t {
			if n, ok := g.target(e); ok {
				t[k] = n
				continue
			}
			g.link(e, depth+1)
		}
	}
}

// target returns the node a reference-only object names.
func (g ldGraph) target(v any) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return nil, false
	}
	id, ok := m["@id"].(string)
	if !ok {
		return nil, false
	}
	n, ok := g[id]
	return n, ok
}

func (g ldGraph) resolve(m map[string]any) ldNode {
	if id, ok := m["@id"].(string); ok && len(m) == 1 {
		if n, ok := g[id]; ok {
			return n
		}
	}
	return m
}

// types returns the node's @type values without a schema.org prefix.
func (n ldNode) types() []string {
	var out []string
	for _, v := range asList(n["@type"]) {
		if s, ok := v.(string); ok {
			s = strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(s, "https://schema.org/"), "http://schema.org/"), "schema:")
			out = append(out, s)
		}
	}
	return out
}

func (n ldNode) is(types ...string) bool {
	for _, t := range n.types() {
		for _, want := range types {
			if strings.EqualFold(t, want) {
				return true
			}
		}
	}
	return false
}

// text returns the first usable text of key: a string, a number's exact text,
// an object's "name", "@value" or URL, or the first of an array. An "@id" is
// never text: it names a node, it does not describe one.
func (n ldNode) text(key string) string { return ldText(n[key], 0) }

func ldText(v any, depth int) string {
	if depth > 3 {
		return "" // linked nodes can form cycles; real markup nests two deep
	}
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case json.Number:
		return t.String()
	case map[string]any:
		for _, k := range []string{"name", "@value", "value", "url", "contentUrl"} {
			if s := ldText(t[k], depth+1); s != "" {
				return s
			}
		}
	case []any:
		for _, e := range t[:min(len(t), ldListScan)] {
			if s := ldText(e, depth+1); s != "" {
				return s
			}
		}
	}
	return ""
}

// ldListScan bounds how many list items ldText and ldImage look through for
// the first usable one, so that cyclic links cannot make them exponential.
const ldListScan = 4

// price returns a price field as exact text: a string trimmed, or a JSON
// number's literal ("54.95", "1e3"), never through a float. present reports
// whether the field was there at all, so an empty string is a bad price
// rather than a missing one.
func (n ldNode) price(key string) (text string, present bool) {
	switch t := n[key].(type) {
	case nil:
		return "", false
	case string:
		return strings.TrimSpace(t), true
	case json.Number:
		return t.String(), true
	case bool:
		if t {
			return "true", true
		}
		return "false", true
	default:
		return "", true
	}
}

func asList(v any) []any {
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		return t
	default:
		return []any{t}
	}
}
