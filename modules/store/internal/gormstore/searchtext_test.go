package gormstore

import "testing"

func TestSearchText(t *testing.T) {
	tests := []struct {
		name, title, brand, want string
	}{
		{"lower case", "Classic Logo Deck", "Baker", "classic logo deck baker"},
		{"accents stripped", "Café Crème Wheels", "Bones", "cafe creme wheels bones"},
		{"composed and decomposed agree", "Cafe\u0301", "", "cafe"},
		{"letters without decomposition", "Østerbro Straße", "Æblegrød", "osterbro strasse aeblegrod"},
		{"punctuation is a separator", "Hollow-Light II 8.25\" (149)", "Independent", "hollow light ii 8 25 149 independent"},
		{"spaces collapse", "  Sk8   Hi  ", "  Vans ", "sk8 hi vans"},
		{"no brand", "Bearings", "", "bearings"},
		{"non-latin scripts kept", "スケート Deck", "", "スケート deck"},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SearchText(tt.title, tt.brand); got != tt.want {
				t.Errorf("SearchText(%q, %q) = %q, want %q", tt.title, tt.brand, got, tt.want)
			}
		})
	}
}
