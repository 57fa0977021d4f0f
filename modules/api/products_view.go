package api

import (
	"strconv"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// The JSON shapes of the catalog. Money is always a Money object; a price
// that does not exist is null, never 0. Times are RFC 3339 in UTC, null
// when unknown. Lists are never null.

// moneyJSON is an exact amount: the decimal string in major units for
// people, the integer of minor units for arithmetic, and the currency.
type moneyJSON struct {
	Amount   string `json:"amount"`   // "59.95"
	Currency string `json:"currency"` // ISO 4217
	Minor    int64  `json:"minor"`    // 5995
}

func moneyOf(m catalog.Money) *moneyJSON {
	if m.IsZero() {
		return nil
	}
	return &moneyJSON{Amount: m.Decimal(), Currency: m.Currency, Minor: m.Amount}
}

func timeOf(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// percentOf turns basis points into a percentage number (2050 → 20.5).
// Division is correctly rounded, so the result prints as the exact two
// decimals.
func percentOf(bp int) float64 { return float64(bp) / 100 }

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

type productSummaryJSON struct {
	ID              int64            `json:"id"`
	Shop            string           `json:"shop"`
	ShopName        string           `json:"shop_name"`
	ExternalID      string           `json:"external_id"`
	Handle          string           `json:"handle"`
	Title           string           `json:"title"`
	Brand           string           `json:"brand"`
	Category        catalog.Category `json:"category"`
	URL             string           `json:"url"`
	ImageURL        string           `json:"image_url"`
	Price           *moneyJSON       `json:"price"`
	DiscountBP      int              `json:"discount_bp"`
	DiscountPercent float64          `json:"discount_percent"`
	Deal            *dealJSON        `json:"deal"`
	InStock         bool             `json:"in_stock"`
	PriceUpdatedAt  *time.Time       `json:"price_updated_at"`
	UpdatedAt       *time.Time       `json:"updated_at"`
}

// dealJSON is the variant with the largest real discount.
type dealJSON struct {
	Price     *moneyJSON `json:"price"`
	CompareAt *moneyJSON `json:"compare_at"`
}

func summaryOf(p catalog.ProductSummary) productSummaryJSON {
	out := productSummaryJSON{
		ID: p.ID, Shop: p.ShopSlug, ShopName: p.ShopName, ExternalID: p.ExternalID, Handle: p.Handle,
		Title: p.Title, Brand: p.Brand, Category: p.Category, URL: p.URL, ImageURL: p.ImageURL,
		Price: moneyOf(p.Price), DiscountBP: p.DiscountBP, DiscountPercent: percentOf(p.DiscountBP),
		InStock: p.InStock, PriceUpdatedAt: timeOf(p.PriceUpdatedAt), UpdatedAt: timeOf(p.UpdatedAt),
	}
	if p.DiscountBP > 0 && !p.DealPrice.IsZero() {
		out.Deal = &dealJSON{Price: moneyOf(p.DealPrice), CompareAt: moneyOf(p.DealCompareAt)}
	}
	return out
}

// productPageJSON is one page of a listing with the link to the next.
type productPageJSON struct {
	Items      []productSummaryJSON `json:"items"`
	NextCursor *string              `json:"next_cursor"`
	Links      pageLinksJSON        `json:"links"`
}

type pageLinksJSON struct {
	Next *string `json:"next"`
}

func pageOf(page catalog.ProductPage, next func(cursor string) string) productPageJSON {
	out := productPageJSON{Items: make([]productSummaryJSON, 0, len(page.Items))}
	for _, p := range page.Items {
		out.Items = append(out.Items, summaryOf(p))
	}
	if page.Next != "" {
		cursor, link := page.Next, next(page.Next)
		out.NextCursor, out.Links.Next = &cursor, &link
	}
	return out
}

type productJSON struct {
	productSummaryJSON
	Tags     []string      `json:"tags"`
	Variants []variantJSON `json:"variants"`
	Offers   []offerJSON   `json:"offers"`
}

type variantJSON struct {
	ExternalID   string         `json:"external_id"`
	SKU          string         `json:"sku"`
	GTIN         string         `json:"gtin"`
	Title        string         `json:"title"`
	Options      []optionJSON   `json:"options"`
	Attributes   attributesJSON `json:"attributes"`
	Observed     bool           `json:"observed"`
	Price        *moneyJSON     `json:"price"`
	CompareAt    *moneyJSON     `json:"compare_at"`
	Availability *string        `json:"availability"`
	InStock      bool           `json:"in_stock"`
	DiscountBP   int            `json:"discount_bp"`
	PriceSince   *time.Time     `json:"price_since"`
	LastSeen     *time.Time     `json:"last_seen"`
	// Lowest and Verdict judge the current price against the history;
	// null for a variant never observed or when no checker is wired.
	Lowest  *lowestJSON  `json:"lowest"`
	Verdict *verdictJSON `json:"verdict"`
}

// lowestJSON is the lowest price of the last Days days.
type lowestJSON struct {
	Days         int        `json:"days"`
	Price        *moneyJSON `json:"price"`
	At           *time.Time `json:"at"`
	IsLowest     bool       `json:"is_lowest"`
	Observations int        `json:"observations"`
}

// verdictJSON says whether the current price is a real deal, and why.
type verdictJSON struct {
	RealDeal               bool       `json:"real_deal"`
	Suspect                *string    `json:"suspect"`
	Reason                 string     `json:"reason"`
	MedianPrice            *moneyJSON `json:"median_price"`
	BelowMedianPercent     float64    `json:"below_median_percent"`
	ClaimedDiscountPercent float64    `json:"claimed_discount_percent"`
}

func checkOf(d DealCheck, days int) (*lowestJSON, *verdictJSON) {
	low := &lowestJSON{Days: days, Price: moneyOf(d.Lowest), At: timeOf(d.LowestAt), IsLowest: d.IsLowest,
		Observations: d.Observations}
	v := &verdictJSON{RealDeal: d.RealDeal, Reason: d.Reason, MedianPrice: moneyOf(d.Median),
		BelowMedianPercent: percentOf(d.BelowMedianBP), ClaimedDiscountPercent: percentOf(d.ClaimedBP)}
	if d.Suspect != "" {
		suspect := string(d.Suspect)
		v.Suspect = &suspect
	}
	return low, v
}

type optionJSON struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// attributesJSON leaves out the sizes that do not apply.
type attributesJSON struct {
	DeckWidthHundredths int    `json:"deck_width_hundredths,omitempty"`
	DeckWidthIn         string `json:"deck_width_in,omitempty"` // "8.25"
	WheelDiameterMM     int    `json:"wheel_diameter_mm,omitempty"`
	WheelDurometer      string `json:"wheel_durometer,omitempty"`
	TruckSize           string `json:"truck_size,omitempty"`
	ShoeSizeUS          string `json:"shoe_size_us,omitempty"`
	ApparelSize         string `json:"apparel_size,omitempty"`
}

func attributesOf(a catalog.Attributes) attributesJSON {
	out := attributesJSON{
		DeckWidthHundredths: a.DeckWidthHundredths, WheelDiameterMM: a.WheelDiameterMM,
		WheelDurometer: a.WheelDurometer, TruckSize: a.TruckSize, ShoeSizeUS: a.ShoeSizeUS, ApparelSize: a.ApparelSize,
	}
	if w := a.DeckWidthHundredths; w > 0 {
		out.DeckWidthIn = strconv.Itoa(w/100) + "." + pad2(w%100)
	}
	return out
}

type offerJSON struct {
	ProductID  int64      `json:"product_id"`
	Shop       string     `json:"shop"`
	ShopName   string     `json:"shop_name"`
	Title      string     `json:"title"`
	URL        string     `json:"url"`
	Price      *moneyJSON `json:"price"`
	DiscountBP int        `json:"discount_bp"`
	InStock    bool       `json:"in_stock"`
	Match      string     `json:"match"`
	Score      float64    `json:"score"`
}

// productOf shapes p; checks, by variant external id, are the verdicts on
// its prices over the last days (nil when not checked).
func productOf(p catalog.Product, checks map[string]DealCheck, days int) productJSON {
	out := productJSON{
		productSummaryJSON: summaryOf(p.ProductSummary),
		Tags:               append(make([]string, 0, len(p.Tags)), p.Tags...),
		Variants:           make([]variantJSON, 0, len(p.Variants)),
		Offers:             make([]offerJSON, 0, len(p.Offers)),
	}
	for _, v := range p.Variants {
		vj := variantJSON{
			ExternalID: v.ExternalID, SKU: v.SKU, GTIN: v.GTIN, Title: v.Title,
			Options:    make([]optionJSON, 0, len(v.Options)),
			Attributes: attributesOf(v.Attributes),
			Observed:   v.Observed,
		}
		for _, o := range v.Options {
			vj.Options = append(vj.Options, optionJSON{Name: o.Name, Value: o.Value})
		}
		if v.Observed {
			a := string(v.Availability)
			vj.Price, vj.CompareAt, vj.Availability = moneyOf(v.Price), moneyOf(v.CompareAt), &a
			vj.InStock, vj.DiscountBP = v.Availability.Purchasable(), v.DiscountBP
			vj.PriceSince, vj.LastSeen = timeOf(v.PriceSince), timeOf(v.LastSeen)
			if d, ok := checks[v.ExternalID]; ok {
				vj.Lowest, vj.Verdict = checkOf(d, days)
			}
		}
		out.Variants = append(out.Variants, vj)
	}
	for _, o := range p.Offers {
		out.Offers = append(out.Offers, offerJSON{
			ProductID: o.ProductID, Shop: o.ShopSlug, ShopName: o.ShopName, Title: o.Title, URL: o.URL,
			Price: moneyOf(o.Price), DiscountBP: o.DiscountBP, InStock: o.InStock, Match: o.Match, Score: o.Score,
		})
	}
	return out
}
