package shops

import (
	"encoding/json"
	"html"
	"slices"
	"strconv"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// The JSON of Shopify's storefront product feed, field for field as
// /products.json publishes it: ids are JSON numbers (bigger than 2^53 for
// variants on real shops), prices decimal strings in the shop's currency,
// compare_at_price null when there is none, option1-3 null when unused.
type shopifyProduct struct {
	ID          json.Number      `json:"id"`
	Title       string           `json:"title"`
	Handle      string           `json:"handle"`
	BodyHTML    string           `json:"body_html"`
	PublishedAt string           `json:"published_at"`
	CreatedAt   string           `json:"created_at"`
	UpdatedAt   string           `json:"updated_at"`
	Vendor      string           `json:"vendor"`
	ProductType string           `json:"product_type"`
	Tags        any              `json:"tags"` // []string in feeds, "a, b" in /products/<handle>.json
	Variants    []shopifyVariant `json:"variants"`
	Images      []shopifyImage   `json:"images"`
	Options     []shopifyOption  `json:"options"`
}

type shopifyVariant struct {
	ID               json.Number `json:"id"`
	Title            string      `json:"title"`
	Option1          *string     `json:"option1"`
	Option2          *string     `json:"option2"`
	Option3          *string     `json:"option3"`
	SKU              string      `json:"sku"`
	Barcode          *string     `json:"barcode,omitempty"` // only /products/<handle>.json publishes it
	RequiresShipping bool        `json:"requires_shipping"`
	Taxable          bool        `json:"taxable"`
	FeaturedImage    *struct{}   `json:"featured_image"`
	Available        bool        `json:"available"`
	Price            string      `json:"price"`
	Grams            int         `json:"grams"`
	CompareAtPrice   *string     `json:"compare_at_price"`
	Position         int         `json:"position"`
	ProductID        json.Number `json:"product_id"`
	CreatedAt        string      `json:"created_at"`
	UpdatedAt        string      `json:"updated_at"`
}

type shopifyImage struct {
	ID         json.Number   `json:"id"`
	CreatedAt  string        `json:"created_at"`
	Position   int           `json:"position"`
	UpdatedAt  string        `json:"updated_at"`
	ProductID  json.Number   `json:"product_id"`
	VariantIDs []json.Number `json:"variant_ids"`
	Src        string        `json:"src"`
	Width      int           `json:"width"`
	Height     int           `json:"height"`
}

type shopifyOption struct {
	Name     string   `json:"name"`
	Position int      `json:"position"`
	Values   []string `json:"values"`
}

type shopifyCollection struct {
	ID            json.Number `json:"id"`
	Title         string      `json:"title"`
	Handle        string      `json:"handle"`
	Description   string      `json:"description"`
	PublishedAt   string      `json:"published_at"`
	UpdatedAt     string      `json:"updated_at"`
	Image         *struct{}   `json:"image"`
	ProductsCount int         `json:"products_count"`
}

// defaultTitle is Shopify's placeholder option of products without options.
const defaultTitle = "Default Title"

// shopifyProductOf renders listing e in state st; single selects the
// /products/<handle>.json flavour (barcodes, tags as one string).
func (s *shopServer) shopifyProductOf(e *entry, st listingState, q request, single bool) shopifyProduct {
	l := &e.listing
	id := jsonID(e.id)
	published := s.loc.stamp(e.published)
	updated := s.loc.stamp(st.updated)
	p := shopifyProduct{
		ID: id, Title: l.Title, Handle: l.Handle, BodyHTML: productDescriptionHTML(l),
		PublishedAt: published, CreatedAt: published, UpdatedAt: updated,
		Vendor: l.Brand, ProductType: categoryTitle(l.Category), Tags: nonNil(l.Tags),
		Variants: make([]shopifyVariant, len(l.Variants)), Images: []shopifyImage{},
	}
	if single {
		p.Tags = strings.Join(l.Tags, ", ")
	}
	p.Options = shopifyOptions(l.Variants)
	for j, v := range l.Variants {
		o := st.obs[j]
		sv := shopifyVariant{
			ID: jsonID(e.variantID[j]), Title: shopifyVariantTitle(v), SKU: v.SKU,
			RequiresShipping: true, Taxable: true, Available: o.Availability.Purchasable(),
			Price: o.Price.Decimal(), Grams: 0, Position: j + 1, ProductID: id,
			CreatedAt: published, UpdatedAt: updated,
		}
		if !o.CompareAt.IsZero() {
			c := o.CompareAt.Decimal()
			sv.CompareAtPrice = &c
		}
		if bad, ok := badPrice(e, j, q, false); ok {
			sv.Price = bad
		}
		values := optionValues(v)
		for k, dst := range []**string{&sv.Option1, &sv.Option2, &sv.Option3} {
			if k < len(values) {
				*dst = &values[k]
			}
		}
		if single {
			gtin := v.GTIN
			sv.Barcode = &gtin
		}
		p.Variants[j] = sv
	}
	if l.ImageURL != "" {
		p.Images = append(p.Images, shopifyImage{
			ID: jsonID(e.id*10 + 1), CreatedAt: published, Position: 1, UpdatedAt: published,
			ProductID: id, VariantIDs: []json.Number{}, Src: l.ImageURL, Width: 1024, Height: 1024,
		})
	}
	return p
}

// shopifyOptions lists the option names of the first variant with every
// value used, in variant order; a product without options gets Shopify's
// Title / Default Title.
func shopifyOptions(vs []catalog.Variant) []shopifyOption {
	if len(vs) == 0 || len(vs[0].Options) == 0 {
		return []shopifyOption{{Name: "Title", Position: 1, Values: []string{defaultTitle}}}
	}
	opts := make([]shopifyOption, 0, 3)
	for k, o := range vs[0].Options[:min(3, len(vs[0].Options))] {
		opt := shopifyOption{Name: o.Name, Position: k + 1}
		for _, v := range vs {
			if k < len(v.Options) && !slices.Contains(opt.Values, v.Options[k].Value) {
				opt.Values = append(opt.Values, v.Options[k].Value)
			}
		}
		opts = append(opts, opt)
	}
	return opts
}

// optionValues are a variant's option1-3, or Default Title without options.
func optionValues(v catalog.Variant) []string {
	if len(v.Options) == 0 {
		return []string{defaultTitle}
	}
	out := make([]string, 0, 3)
	for _, o := range v.Options[:min(3, len(v.Options))] {
		out = append(out, o.Value)
	}
	return out
}

func shopifyVariantTitle(v catalog.Variant) string {
	if v.Title != "" {
		return v.Title
	}
	return strings.Join(optionValues(v), " / ")
}

// productDescriptionHTML is a short description as shops write them.
func productDescriptionHTML(l *catalog.Listing) string {
	var b strings.Builder
	b.WriteString("<p>" + html.EscapeString(l.Title) + "</p>")
	if l.Brand != "" {
		b.WriteString("<ul><li>Brand: " + html.EscapeString(l.Brand) + "</li><li>Category: " + categoryTitle(l.Category) + "</li></ul>")
	}
	return b.String()
}

// categoryTitle is a category as shops label it: "Decks".
func categoryTitle(c catalog.Category) string {
	s := string(c)
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func jsonID(n int64) json.Number { return json.Number(strconv.FormatInt(n, 10)) }

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
