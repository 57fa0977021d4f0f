package match

import "github.com/skatestock/skatestock/modules/catalog"

// Evidence is the strongest reason two listings were matched.
type Evidence string

// The kinds of evidence, strongest first.
const (
	// EvidenceGTIN: both publish the same maker's barcode for a size they
	// both list, and no size carries conflicting barcodes.
	EvidenceGTIN Evidence = "gtin"
	// EvidenceModel: same brand and category, a size in common, and every
	// model word agrees once shop spellings are accounted for.
	EvidenceModel Evidence = "model"
	// EvidenceTitle: same brand and category, a size in common, and the
	// titles agree closely enough, allowing typos and abbreviations.
	EvidenceTitle Evidence = "title"
)

// Status is what the matcher concluded about a pair.
type Status string

// The statuses of a pair.
const (
	StatusAccepted Status = "accepted" // the same product
	StatusReview   Status = "review"   // scored between the review floor and the threshold
)

// Match is two listings of different shops judged to be (or, under review,
// possibly be) the same product, with the evidence for it.
type Match struct {
	A, B     ListingKey // A sorts before B (by shop, then listing id)
	Status   Status
	Evidence Evidence
	// Score is 1 for barcode and model evidence and the title score for
	// title evidence; the threshold applies to it.
	Score float64
	// TitleScore is how closely the titles agree, 0..1, whatever the
	// evidence.
	TitleScore float64
	// SharedGTINs counts the sizes on which both publish the same barcode.
	SharedGTINs int
	// Variants pairs the variants of equal size; never empty.
	Variants []VariantPair
}

// VariantPair is one size of a matched product at the two shops.
type VariantPair struct {
	Size string // canonical size ("deck:825", "wheel:54 duro:99A"), "" for one size
	A, B catalog.VariantKey
	GTIN string // the shared GTIN-14, "" when not shared
}

// Change is one thing Add changed: a match found or changed, or one dropped
// (Removed) because a listing changed.
type Change struct {
	Match
	Removed bool
}
