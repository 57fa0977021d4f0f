package store

import (
	"context"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Matches keeps the cross-shop matches (catalog.Match) between stored
// listings, and reads what rebuilding and following them needs.
//
// Matches are a read model derived from the listings: the rebuild replaces
// them whole and the analytics consumer applies the matcher's changes.
// A match naming a listing the store does not hold is skipped (the
// listing was never stored, or was deleted, which drops its matches too).
// Product lists the accepted matches' listings as offers. Every method is
// safe for concurrent use and honours ctx cancellation.
type Matches interface {
	// ReplaceAllMatches makes the stored matches exactly matches, in one
	// transaction, so readers see either the old set or the new one; a
	// cancelled call leaves the old set. It is idempotent. A match whose
	// A does not sort before B, or whose status, evidence or score is out
	// of range, is ErrInvalid and nothing is written.
	ReplaceAllMatches(ctx context.Context, matches []catalog.Match) error
	// ApplyMatchChanges applies changes in order in one transaction, in a
	// fixed number of statements whatever their number: a change stores
	// (inserts or replaces) its pair's match, a Removed one deletes it.
	// Applying the same changes twice leaves the same rows; a removal of
	// a pair not stored does nothing. Invalid matches are ErrInvalid.
	ApplyMatchChanges(ctx context.Context, changes []catalog.MatchChange) error
	// ListingMatches returns the matches listing is in, accepted and under
	// review, ordered by pair.
	ListingMatches(ctx context.Context, listing ListingKey) ([]catalog.Match, error)
	// ReviewMatches returns up to limit (1..500) pairs under review, best
	// score first, after cursor ("" for the first page); a malformed
	// cursor or limit is ErrInvalid.
	ReviewMatches(ctx context.Context, limit int, cursor string) (catalog.MatchReviewPage, error)
	// MatchCounts counts the stored matches by status.
	MatchCounts(ctx context.Context) (catalog.MatchCounts, error)
	// ListingKeys returns up to limit keys of stored listings that sort
	// after after (by shop slug, then external id; the zero key starts),
	// in that order: with Store.Listings, it pages through every listing
	// and its variants to load a matcher.
	ListingKeys(ctx context.Context, after ListingKey, limit int) ([]ListingKey, error)
}
