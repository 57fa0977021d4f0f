package gormstore

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

var _ store.Matches = (*Store)(nil)

// matchRow is a row of listing_matches.
type matchRow struct {
	ListingAID  int64   `gorm:"column:listing_a_id"`
	ListingBID  int64   `gorm:"column:listing_b_id"`
	Status      string  `gorm:"column:status"`
	Evidence    string  `gorm:"column:evidence"`
	Score       float64 `gorm:"column:score"`
	TitleScore  float64 `gorm:"column:title_score"`
	SharedGTINs int     `gorm:"column:shared_gtins"`
	Variants    string  `gorm:"column:variants"`
	UpdatedAt   stamp   `gorm:"column:updated_at"`
}

func (matchRow) TableName() string { return "listing_matches" }

// variantPairJSON is one element of listing_matches.variants.
type variantPairJSON struct {
	Size string `json:"size"`
	A    string `json:"a"`
	B    string `json:"b"`
	GTIN string `json:"gtin,omitempty"`
}

// validMatch reports the first thing wrong with m, wrapping ErrInvalid.
func validMatch(m catalog.Match) error {
	order := cmp.Or(cmp.Compare(m.A.ShopSlug, m.B.ShopSlug), cmp.Compare(m.A.ExternalID, m.B.ExternalID))
	switch {
	case order >= 0:
		return invalidf("match", "%s does not sort before %s", m.A, m.B)
	case m.Status != catalog.MatchAccepted && m.Status != catalog.MatchUnderReview:
		return invalidf("match.status", "%q of %s~%s", m.Status, m.A, m.B)
	case m.Evidence != catalog.EvidenceGTIN && m.Evidence != catalog.EvidenceModel && m.Evidence != catalog.EvidenceTitle:
		return invalidf("match.evidence", "%q of %s~%s", m.Evidence, m.A, m.B)
	case !(m.Score >= 0 && m.Score <= 1) || !(m.TitleScore >= 0 && m.TitleScore <= 1):
		return invalidf("match.score", "%v (title %v) of %s~%s is outside [0, 1]", m.Score, m.TitleScore, m.A, m.B)
	}
	return nil
}

func toMatchRow(m catalog.Match, a, b int64, now time.Time) (matchRow, error) {
	vs := make([]variantPairJSON, len(m.Variants))
	for i, v := range m.Variants {
		vs[i] = variantPairJSON{Size: v.Size, A: v.A, B: v.B, GTIN: v.GTIN}
	}
	raw, err := json.Marshal(vs)
	if err != nil {
		return matchRow{}, fmt.Errorf("encode variants of %s~%s: %w", m.A, m.B, err)
	}
	return matchRow{ListingAID: a, ListingBID: b, Status: string(m.Status), Evidence: m.Evidence,
		Score: m.Score, TitleScore: m.TitleScore, SharedGTINs: m.SharedGTINs, Variants: string(raw),
		UpdatedAt: stamp{at(now)}}, nil
}

func decodeMatchVariants(raw string) ([]catalog.MatchedVariant, error) {
	var vs []variantPairJSON
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		return nil, fmt.Errorf("decode match variants: %w", err)
	}
	out := make([]catalog.MatchedVariant, len(vs))
	for i, v := range vs {
		out[i] = catalog.MatchedVariant{Size: v.Size, A: v.A, B: v.B, GTIN: v.GTIN}
	}
	return out, nil
}

// ReplaceAllMatches empties listing_matches and inserts matches, in one
// transaction: a statement to resolve the listings, one to delete, and
// the batched inserts.
func (s *Store) ReplaceAllMatches(ctx context.Context, matches []catalog.Match) error {
	const op = "replace matches"
	for _, m := range matches {
		if err := validMatch(m); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
	}
	err := s.inTx(ctx, func(t Tx) error {
		rows, err := s.matchRows(t, matches)
		if err != nil {
			return err
		}
		if err := t.DB.Exec(`DELETE FROM listing_matches`).Error; err != nil {
			return err
		}
		return s.insertMatchRows(t, rows)
	})
	return s.fail(op, err)
}

// ApplyMatchChanges folds changes to the last change of each pair, then,
// in one transaction, resolves the listings, deletes every changed pair
// and inserts the pairs still matched.
func (s *Store) ApplyMatchChanges(ctx context.Context, changes []catalog.MatchChange) error {
	const op = "apply match changes"
	if len(changes) == 0 {
		return nil
	}
	last := make(map[catalog.MatchPair]int, len(changes))
	for i, c := range changes {
		if c.Removed {
			// A removal needs only its pair; the rest may be stale.
			if c.A == c.B {
				return fmt.Errorf("%s: %w", op, invalidf("match", "%s is paired with itself", c.A))
			}
		} else if err := validMatch(c.Match); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		last[c.Pair()] = i
	}
	var keep []catalog.Match
	var pairs []catalog.MatchPair
	for i, c := range changes {
		if last[c.Pair()] != i {
			continue
		}
		pairs = append(pairs, c.Pair())
		if !c.Removed {
			keep = append(keep, c.Match)
		}
	}
	err := s.inTx(ctx, func(t Tx) error {
		all := make([]catalog.Match, len(pairs))
		for i, p := range pairs {
			all[i] = catalog.Match{A: p.A, B: p.B}
		}
		ids, err := s.matchListingIDs(t, all)
		if err != nil {
			return err
		}
		var as, bs []int64
		for _, p := range pairs {
			a, okA := ids[p.A]
			b, okB := ids[p.B]
			if okA && okB {
				as, bs = append(as, a), append(bs, b)
			}
		}
		if len(as) > 0 {
			q, args, err := s.with(t, "d(a, b)", (&Rowset{Len: len(as)}).Int(as).Int(bs))
			if err != nil {
				return err
			}
			err = t.DB.Exec(q+` DELETE FROM listing_matches WHERE EXISTS (SELECT 1 FROM d
				WHERE d.a = listing_matches.listing_a_id AND d.b = listing_matches.listing_b_id)`, args...).Error
			if err != nil {
				return err
			}
		}
		return s.insertMatchRows(t, s.rowsFor(keep, ids))
	})
	return s.fail(op, err)
}

// matchRows resolves the listings of matches and returns their rows,
// leaving out those naming a listing the store does not hold.
func (s *Store) matchRows(t Tx, matches []catalog.Match) ([]matchRow, error) {
	ids, err := s.matchListingIDs(t, matches)
	if err != nil {
		return nil, err
	}
	return s.rowsFor(matches, ids), nil
}

func (s *Store) rowsFor(matches []catalog.Match, ids map[catalog.ListingRef]int64) []matchRow {
	now := s.clock()
	rows := make([]matchRow, 0, len(matches))
	for _, m := range matches {
		a, okA := ids[m.A]
		b, okB := ids[m.B]
		if !okA || !okB {
			continue
		}
		row, err := toMatchRow(m, a, b, now)
		if err != nil {
			continue // unreachable: strings always encode
		}
		rows = append(rows, row)
	}
	return rows
}

func (s *Store) insertMatchRows(t Tx, rows []matchRow) error {
	if len(rows) == 0 {
		return nil
	}
	return t.DB.CreateInBatches(rows, s.dialect.BatchSize()).Error
}

// matchListingIDs maps the listings matches name to their ids, in one
// statement; listings the store does not hold are absent.
func (s *Store) matchListingIDs(t Tx, matches []catalog.Match) (map[catalog.ListingRef]int64, error) {
	ids := map[catalog.ListingRef]int64{}
	if len(matches) == 0 {
		return ids, nil
	}
	keys := make([]store.ListingKey, 0, 2*len(matches))
	for _, m := range matches {
		keys = append(keys, store.ListingKey(m.A), store.ListingKey(m.B))
	}
	q, args, err := s.withListingKeys(t, keys)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		ShopSlug   string `gorm:"column:shop_slug"`
		ExternalID string `gorm:"column:external_id"`
		ID         int64  `gorm:"column:id"`
	}
	if err := t.DB.Raw(q+` SELECT s.slug AS shop_slug, l.external_id, l.id`+listingKeysFrom, args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		ids[catalog.ListingRef{ShopSlug: r.ShopSlug, ExternalID: r.ExternalID}] = r.ID
	}
	return ids, nil
}
