package shops

import (
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// locale is how a shop writes money and time for people: the symbol and
// separators of its currency, and its time zone. Machine-readable fields
// (JSON prices, ld+json) never use it.
type locale struct {
	symbol            string
	prefix, suffix    string // around the amount, symbol included
	decimal, thousand string
	lang              string // html lang attribute
	zone              *time.Location
}

// zoneOffsets are standard-time offsets by country, in hours; the
// simulator ignores daylight saving time, which no scraper may rely on.
var zoneOffsets = map[string]int{
	"US": -5, "CA": -5, "GB": 0, "DE": 1, "FR": 1, "NL": 1, "AT": 1, "ES": 1, "IT": 1, "SE": 1,
	"AU": 10, "JP": 9,
}

var languages = map[string]string{
	"DE": "de", "AT": "de", "FR": "fr", "NL": "nl", "ES": "es", "IT": "it", "SE": "sv", "JP": "ja",
}

var currencySymbols = map[string]string{
	"USD": "$", "CAD": "$", "AUD": "$", "NZD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "SEK": "kr",
	"CHF": "CHF", "DKK": "kr", "NOK": "kr",
}

func localeOf(shop catalog.Shop) locale {
	l := locale{symbol: currencySymbols[shop.Currency], decimal: ".", thousand: ",", lang: "en"}
	if l.symbol == "" {
		l.symbol = shop.Currency
	}
	if lang, ok := languages[shop.Country]; ok {
		l.lang = lang
	}
	switch {
	case shop.Currency == "EUR" || shop.Currency == "SEK" || shop.Currency == "DKK" || shop.Currency == "NOK":
		l.decimal, l.thousand = ",", "."
		l.suffix = "\u00a0" + l.symbol // 54,95 €, as continental shops write it
	default:
		l.prefix = l.symbol
	}
	offset := zoneOffsets[shop.Country]
	l.zone = time.FixedZone(shop.Country, offset*3600)
	return l
}

// format writes m for people: "$1,054.95", "1.054,95 €", "¥12,000".
func (l locale) format(m catalog.Money) string {
	s := m.Decimal()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteString(l.prefix)
	for i := range len(whole) {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(l.thousand)
		}
		b.WriteByte(whole[i])
	}
	if hasFrac {
		b.WriteString(l.decimal)
		b.WriteString(frac)
	}
	b.WriteString(l.suffix)
	return b.String()
}

// stamp formats t in the shop's zone as Shopify does: 2024-03-05T10:00:00-05:00.
func (l locale) stamp(t time.Time) string {
	return t.In(l.zone).Format(time.RFC3339)
}
