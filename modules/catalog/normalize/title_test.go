package normalize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTitle(t *testing.T) {
	tests := []struct{ name, raw, want string }{
		{"plain", "Baker Brand Logo Deck", "Baker Brand Logo Deck"},
		{"amp", "Rip &amp; Dip Tee", "Rip & Dip Tee"},
		{"numeric apostrophe", "Men&#39;s Half Cab", "Men's Half Cab"},
		{"quot", "&quot;Hockey&quot; Deck", `"Hockey" Deck`},
		{"hex reference", "Dane Burman &#x2013; Pro", "Dane Burman – Pro"},
		{"woo dash", "Baker &#8211; Figgy Deck", "Baker – Figgy Deck"},
		{"double encoded", "Men&amp;#39;s Tee", "Men's Tee"},
		{"double encoded amp", "Rip &amp;amp; Dip", "Rip & Dip"},
		{"literal amp kept", "R&amp;D Wax", "R&D Wax"},
		{"unencoded amp", "Rip & Dip", "Rip & Dip"},
		{"nbsp entity", "Toy&nbsp;Machine", "Toy Machine"},
		{"nbsp rune", "Toy\u00a0Machine", "Toy Machine"},
		{"whitespace collapsed", "  Spitfire \n\t Formula   Four  ", "Spitfire Formula Four"},
		{"control chars", "Baker\x00 Deck\x07\x1b", "Baker Deck"},
		{"zero width and bidi", "Ba\u200bker\u202e Deck\ufeff", "Baker Deck"},
		{"soft hyphen", "Skate\u00adboard", "Skateboard"},
		{"invalid utf8", "Baker \xff\xfeDeck", "Baker Deck"},
		{"emoji", "🔥 Flame Deck 🔥", "🔥 Flame Deck 🔥"},
		{"emoji zwj", "Skater 🛹👩‍👩‍👧 Pack", "Skater 🛹👩‍👩‍👧 Pack"},
		{"flag tags", "Palace 🏴󠁧󠁢󠁥󠁮󠁧󠁿 Tee", "Palace 🏴󠁧󠁢󠁥󠁮󠁧󠁿 Tee"},
		{"variation selector", "Love ❤️ Deck", "Love ❤️ Deck"},
		{"accents kept", "Cliché Café Deck", "Cliché Café Deck"},
		{"markup kept", "I <3 Skateboarding", "I <3 Skateboarding"},
		{"empty", "", ""},
		{"only spaces", " \n ", ""},
		{"nul reference", "Deck&#0;X", "DeckX"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Title(tt.raw); got != tt.want {
				t.Fatalf("Title(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}

func TestTitleTruncates(t *testing.T) {
	got := Title(strings.Repeat("é", 600))
	if n := utf8.RuneCountInString(got); n != MaxTitleRunes {
		t.Fatalf("Title kept %d runes, want %d", n, MaxTitleRunes)
	}
	if !utf8.ValidString(got) {
		t.Fatal("truncated title is not valid UTF-8")
	}
}
