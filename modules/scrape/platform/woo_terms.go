package platform

import "strings"

// wooBrand is the brand WooCommerce publishes: the brands taxonomy of newer
// stores, else an attribute named like a brand.
func wooBrand(p wooProduct) string {
	if len(p.Brands) > 0 {
		return p.Brands[0].Name
	}
	for _, a := range p.Attributes {
		switch strings.ToLower(strings.TrimPrefix(a.Taxonomy, "pa_")) {
		case "brand", "marke", "marque", "manufacturer", "vendor":
			if len(a.Terms) > 0 {
				return a.Terms[0].Name
			}
		}
		switch strings.ToLower(a.Name) {
		case "brand", "marke", "marque", "manufacturer", "vendor":
			if len(a.Terms) > 0 {
				return a.Terms[0].Name
			}
		}
	}
	return ""
}

// wooAttributeValue maps a variation's attribute to its display name and
// value. Taxonomy attributes publish the term slug ("8-25") as the value;
// the product's attribute list maps it back to the term name ("8.25").
func wooAttributeValue(attrs []wooAttribute, name, value string) (string, string) {
	for _, a := range attrs {
		if !strings.EqualFold(a.Name, name) && !strings.EqualFold(a.Taxonomy, name) {
			continue
		}
		for _, t := range a.Terms {
			if t.Slug == value || strings.EqualFold(t.Name, value) {
				return a.Name, t.Name
			}
		}
		return a.Name, value
	}
	return strings.TrimPrefix(name, "pa_"), value
}

func termList(terms []wooTerm) []string {
	out := make([]string, 0, len(terms))
	for _, t := range terms {
		out = append(out, t.Name)
	}
	return out
}

func termNames(terms []wooTerm, sep string) string { return strings.Join(termList(terms), sep) }
