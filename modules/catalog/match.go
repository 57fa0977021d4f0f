package catalog

// ListingRef names a listing by the identifiers its shop publishes.
type ListingRef struct {
	ShopSlug   string
	ExternalID string
}

// String formats r as shop/listing.
func (r ListingRef) String() string { return r.ShopSlug + "/" + r.ExternalID }

// MatchStatus is what cross-shop matching concluded about a pair.
type MatchStatus string

// The statuses of a match.
const (
	MatchAccepted    MatchStatus = "accepted" // the same product: shown as an offer
	MatchUnderReview MatchStatus = "review"   // scored below the threshold: for people to judge
)

// The kinds of evidence a match rests on, strongest first.
const (
	EvidenceGTIN  = "gtin"  // both publish the same maker's barcode for a size
	EvidenceModel = "model" // same brand, category and model words
	EvidenceTitle = "title" // titles agree closely within one brand and category
)

// Match is two listings of different shops judged to be (or, under review,
// possibly be) the same product. A sorts before B by shop slug, then
// external id, so a pair has one Match.
type Match struct {
	A, B        ListingRef
	Status      MatchStatus
	Evidence    string  // EvidenceGTIN, EvidenceModel or EvidenceTitle
	Score       float64 // in [0, 1]; the acceptance threshold applies to it
	TitleScore  float64 // how closely the titles agree, in [0, 1]
	SharedGTINs int     // sizes on which both publish the same barcode
	// Variants pairs the two listings' variants of equal size; a match never
	// pairs different sizes.
	Variants []MatchedVariant
}

// Pair is the pair of listings m is about.
func (m Match) Pair() MatchPair { return MatchPair{A: m.A, B: m.B} }

// MatchPair names a match by its two listings, A sorting before B.
type MatchPair struct{ A, B ListingRef }

// MatchedVariant is one size of a matched product at the two shops, by the
// variants' external ids.
type MatchedVariant struct {
	Size string // canonical size ("deck:825"), "" for a one-size product
	A, B string // the variants' external ids in listings A and B
	GTIN string // the shared GTIN-14, "" when not shared
}

// MatchChange is one change to the matches: Match found or re-scored, or,
// when Removed, the pair no longer matched.
type MatchChange struct {
	Match
	Removed bool
}

// MatchCounts counts the stored matches by status.
type MatchCounts struct {
	Accepted int64
	Review   int64
}

// MatchSide is one listing of a match as the review queue shows it.
type MatchSide struct {
	ProductID  int64 // the listing's id
	ShopSlug   string
	ShopName   string
	ExternalID string
	Title      string
	URL        string
}

// MatchReview is a pair under review with what a person needs to judge it.
type MatchReview struct {
	A, B        MatchSide
	Evidence    string
	Score       float64
	TitleScore  float64
	SharedGTINs int
	Variants    []MatchedVariant
}

// MatchReviewPage is one page of the review queue, best score first.
// NextCursor is empty on the last page.
type MatchReviewPage struct {
	Items      []MatchReview
	NextCursor string
}
