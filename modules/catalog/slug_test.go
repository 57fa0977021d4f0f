package catalog_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
)

// slugSpec is the rule ValidSlug implements, as the regular expression it
// replaced.
var slugSpec = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$`)

func TestValidSlug(t *testing.T) {
	for _, tc := range []struct {
		slug string
		want bool
	}{
		{"a", true}, {"7", true}, {"brett-haus", true}, {"skate-shop-24", true}, {"a--b", true},
		{strings.Repeat("a", 64), true}, {strings.Repeat("a", 65), false},
		{"", false}, {"-", false}, {"-a", false}, {"a-", false}, {"Brett", false}, {"brett haus", false},
		{"brett_haus", false}, {"café", false}, {"a\n", false}, {"a\x00", false},
	} {
		if got := catalog.ValidSlug(tc.slug); got != tc.want {
			t.Errorf("ValidSlug(%q) = %t, want %t", tc.slug, got, tc.want)
		}
		if spec := slugSpec.MatchString(tc.slug); spec != tc.want {
			t.Errorf("the spec says %t of %q, the table %t", spec, tc.slug, tc.want)
		}
	}
}

func FuzzValidSlug(f *testing.F) {
	for _, s := range []string{"brett-haus", "-a", "a-", "", strings.Repeat("z", 64), "Ä"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := catalog.ValidSlug(s), slugSpec.MatchString(s); got != want {
			t.Errorf("ValidSlug(%q) = %t, the spec says %t", s, got, want)
		}
	})
}
