package platform

import (
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/catalog/normalize"
)

// ldVariantBuilder turns the offers of one product node into the variants of
// a listing and their observations.
type ldVariantBuilder struct {
	b          *pageBuilder
	g          ldGraph
	listing    *catalog.Listing
	listingRef string // ldRef of the listing's URL
	base       string
	obs        []catalog.PriceObservation
	byID       map[string]int // variant id -> index in obs, or -1 without observation
}

// ldOffer is one offer to read a price from; aggregate marks an
// AggregateOffer without nested offers, which publishes a range.
type ldOffer struct {
	node      ldNode
	aggregate bool
}

// maxOffers bounds the offers read per product: Shopify allows 2048
// variants, and linked markup can reference one AggregateOffer from itself.
const maxOffers = 2048

// offers flattens a product's "offers": one Offer, a list, or an
// AggregateOffer whose nested "offers" are used when present.
func (vb *ldVariantBuilder) offers(v any, depth int) []ldOffer {
	var out []ldOffer
	if depth > 4 {
		return nil // linked markup can nest offers in a cycle
	}
	for _, n := range vb.g.nodes(v) {
		if len(out) >= maxOffers {
			break
		}
		if n.is("AggregateOffer") {
			if nested := vb.offers(n["offers"], depth+1); len(nested) > 0 {
				out = append(out, nested...)
				continue
			}
			out = append(out, ldOffer{node: n, aggregate: true})
			continue
		}
		out = append(out, ldOffer{node: n})
	}
	return out
}

// ldVariantProps are the Product properties that tell variants apart.
var ldVariantProps = []struct{ key, name string }{
	{"size", "Size"}, {"color", "Color"}, {"material", "Material"}, {"pattern", "Pattern"},
}

// product adds the variants of one product node: the listing's own product
// (child false: one variant per offer) or one of a ProductGroup's hasVariant
// products (child true: the variant is the product, priced by its offer).
func (vb *ldVariantBuilder) product(p ldNode, child bool) {
	offers := vb.offers(p["offers"], 0)
	if len(offers) == 0 {
		if child {
			// A variant without an offer is still a variant of the product.
			v := vb.variant(p, nil, child, true)
			vb.b.problem(vb.listing.ExternalID+"/"+v.ExternalID, KindMissingField, invalidf("variant has no offer, so no observation"))
			vb.add(v, nil, "")
		}
		return
	}
	for _, o := range offers {
		v := vb.variant(p, o.node, child, len(offers) == 1)
		vb.add(v, &o, vb.listing.ExternalID+"/"+v.ExternalID)
	}
}

// variant builds the catalog variant for offer o of product p (o may be nil).
func (vb *ldVariantBuilder) variant(p, o ldNode, child, single bool) catalog.Variant {
	var v catalog.Variant
	itemID := vb.listing.ExternalID
	if child {
		v.SKU = cleanID(p.text("sku"))
		v.GTIN = vb.gtin(p, itemID)
		v.Title = normalize.Title(p.text("name"))
		for i, prop := range ldVariantProps {
			if opt, ok := option(prop.name, ldText(p[prop.key], 0), i+1); ok {
				v.Options = append(v.Options, opt)
			}
		}
	}
	if o != nil {
		if v.SKU == "" {
			v.SKU = cleanID(o.text("sku"))
		}
		if v.GTIN == "" {
			v.GTIN = vb.gtin(o, itemID)
		}
		if v.Title == "" {
			v.Title = normalize.Title(o.text("name"))
		}
	}
	if !child && single {
		if v.SKU == "" {
			v.SKU = cleanID(p.text("sku"))
		}
		if v.GTIN == "" {
			v.GTIN = vb.gtin(p, itemID)
		}
	}
	if v.Title == vb.listing.Title {
		v.Title = ""
	}
	v.ExternalID = vb.variantID(p, o, child, single, v)
	v.Attributes = normalize.Attributes(vb.listing.Category, v.Options, v.Title, vb.listing.Title)
	return v
}

// variantID picks the variant's external id: SKU, GTIN, then (for one of
// several variants) its own URL's path and query when it names another page
// than the listing's, else a hash of what describes it. The only offer of a
// product that names nothing more is "default".
func (vb *ldVariantBuilder) variantID(p, o ldNode, child, single bool, v catalog.Variant) string {
	if v.SKU != "" {
		return v.SKU
	}
	if v.GTIN != "" {
		return v.GTIN
	}
	var urls []string
	if child {
		urls = append(urls, p.text("url"))
	}
	if o != nil && (child || !single) {
		urls = append(urls, o.text("url"))
	}
	for _, u := range urls {
		abs := absoluteURL(vb.base, u)
		if abs == "" {
			continue
		}
		// Host-free like the listing's id, for the same reason; a link that
		// differs from the listing's only in tracking or spelling is the
		// listing's page and names no variant.
		ref := ldRef(canonicalURL(abs, true))
		if ref == "" || ref == vb.listingRef {
			continue
		}
		if id := cleanID(ref); id != "" {
			return id
		}
	}
	desc := []string{v.Title}
	for _, opt := range v.Options {
		desc = append(desc, opt.Name+"="+opt.Value)
	}
	if o != nil {
		desc = append(desc, ldText(o["itemOffered"], 0))
	}
	if strings.Join(desc, "") == "" && single {
		return "default"
	}
	return "h" + shortHash(desc...)
}

// gtin reads the first GTIN field of n. A GTIN with a wrong check digit is
// dropped with a KindBadGTIN problem; the product stays.
func (vb *ldVariantBuilder) gtin(n ldNode, itemID string) string {
	for _, f := range []struct {
		key   string
		width int
	}{{"gtin", 0}, {"gtin13", 13}, {"gtin12", 12}, {"gtin14", 14}, {"gtin8", 8}} {
		raw := n.text(f.key)
		if raw == "" {
			continue
		}
		g, ok := parseGTIN(raw, f.width)
		if !ok {
			vb.b.problem(itemID, KindBadGTIN, invalidf("%s %q has no valid check digit; dropped", f.key, fitRunes(raw, 40)))
			continue
		}
		if g != "" {
			return g
		}
	}
	return ""
}

// add puts v into the listing with the observation of offer o (nil: none).
// A variant id seen before with the same observation is duplicate markup and
// dropped; with a different one it is a KindDuplicate problem.
func (vb *ldVariantBuilder) add(v catalog.Variant, o *ldOffer, itemID string) {
	var obs *catalog.PriceObservation
	if o != nil {
		if got, ok := vb.b.ldObservation(vb.g, o.node, o.aggregate, itemID, vb.listing.ExternalID, v.ExternalID); ok {
			obs = &got
		}
	}
	if vb.byID == nil {
		vb.byID = make(map[string]int)
	}
	if i, seen := vb.byID[v.ExternalID]; seen {
		if obs != nil && (i < 0 || !vb.obs[i].SameState(*obs)) {
			vb.b.problem(itemID, KindDuplicate, invalidf("variant %q is offered twice with different prices or stock; kept the first", v.ExternalID))
		}
		return
	}
	vb.byID[v.ExternalID] = -1
	vb.listing.Variants = append(vb.listing.Variants, v)
	if obs != nil {
		vb.byID[v.ExternalID] = len(vb.obs)
		vb.obs = append(vb.obs, *obs)
	}
}
