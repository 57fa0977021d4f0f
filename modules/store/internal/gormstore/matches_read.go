package gormstore

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// matchReadRow is a match with both listings as the reads show them.
type matchReadRow struct {
	Row         matchRow `gorm:"embedded"`
	AShop       string   `gorm:"column:a_shop"`
	AShopName   string   `gorm:"column:a_shop_name"`
	AExternalID string   `gorm:"column:a_external_id"`
	ATitle      string   `gorm:"column:a_title"`
	AURL        string   `gorm:"column:a_url"`
	BShop       string   `gorm:"column:b_shop"`
	BShopName   string   `gorm:"column:b_shop_name"`
	BExternalID string   `gorm:"column:b_external_id"`
	BTitle      string   `gorm:"column:b_title"`
	BURL        string   `gorm:"column:b_url"`
}

// matchReadFrom selects the matches m with both listings and shops.
const matchReadFrom = `SELECT m.*,
		sa.slug AS a_shop, sa.name AS a_shop_name, la.external_id AS a_external_id, la.title AS a_title, la.url AS a_url,
		sb.slug AS b_shop, sb.name AS b_shop_name, lb.external_id AS b_external_id, lb.title AS b_title, lb.url AS b_url
	FROM listing_matches m
	JOIN listings la ON la.id = m.listing_a_id JOIN shops sa ON sa.id = la.shop_id
	JOIN listings lb ON lb.id = m.listing_b_id JOIN shops sb ON sb.id = lb.shop_id`

func (r matchReadRow) toDomain() (catalog.Match, error) {
	vs, err := decodeMatchVariants(r.Row.Variants)
	if err != nil {
		return catalog.Match{}, err
	}
	return catalog.Match{
		A:      catalog.ListingRef{ShopSlug: r.AShop, ExternalID: r.AExternalID},
		B:      catalog.ListingRef{ShopSlug: r.BShop, ExternalID: r.BExternalID},
		Status: catalog.MatchStatus(r.Row.Status), Evidence: r.Row.Evidence, Score: r.Row.Score,
		TitleScore: r.Row.TitleScore, SharedGTINs: r.Row.SharedGTINs, Variants: vs,
	}, nil
}

// ListingMatches returns the matches of listing in one statement.
func (s *Store) ListingMatches(ctx context.Context, listing store.ListingKey) ([]catalog.Match, error) {
	op := fmt.Sprintf("matches of %s/%s", listing.ShopSlug, listing.ExternalID)
	const id = `(SELECT l.id FROM listings l JOIN shops s ON s.id = l.shop_id WHERE s.slug = ? AND l.external_id = ?)`
	var rows []matchReadRow
	err := s.db.WithContext(ctx).Raw(matchReadFrom+` WHERE m.listing_a_id = `+id+` OR m.listing_b_id = `+id+`
		ORDER BY sa.slug, la.external_id, sb.slug, lb.external_id`,
		listing.ShopSlug, listing.ExternalID, listing.ShopSlug, listing.ExternalID).Scan(&rows).Error
	if err != nil {
		return nil, s.fail(op, err)
	}
	out := make([]catalog.Match, len(rows))
	for i, r := range rows {
		if out[i], err = r.toDomain(); err != nil {
			return nil, s.fail(op, err)
		}
	}
	return out, nil
}

// reviewCursor is where a review page ended: its last pair's score and
// ids. It travels as opaque base64url JSON and reaches SQL only as bound
// parameters.
type reviewCursor struct {
	Score float64 `json:"s"`
	A     int64   `json:"a"`
	B     int64   `json:"b"`
}

// maxReviewLimit bounds a review page.
const maxReviewLimit = 500

func decodeReviewCursor(raw string) (reviewCursor, error) {
	var c reviewCursor
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil || len(raw) > 256 || json.Unmarshal(b, &c) != nil || !(c.Score >= 0 && c.Score <= 1) {
		return reviewCursor{}, invalidf("cursor", "malformed cursor")
	}
	return c, nil
}

// ReviewMatches returns a page of the pairs under review in one statement,
// best score first, ties by pair.
func (s *Store) ReviewMatches(ctx context.Context, limit int, cursor string) (catalog.MatchReviewPage, error) {
	const op = "review matches"
	if limit < 1 || limit > maxReviewLimit {
		return catalog.MatchReviewPage{}, fmt.Errorf("%s: %w", op, invalidf("limit", "%d is outside 1..%d", limit, maxReviewLimit))
	}
	where, args := ` WHERE m.status = 'review'`, []any{}
	if cursor != "" {
		c, err := decodeReviewCursor(cursor)
		if err != nil {
			return catalog.MatchReviewPage{}, fmt.Errorf("%s: %w", op, err)
		}
		where += ` AND (m.score < ? OR (m.score = ? AND (m.listing_a_id > ? OR (m.listing_a_id = ? AND m.listing_b_id > ?))))`
		args = append(args, c.Score, c.Score, c.A, c.A, c.B)
	}
	var rows []matchReadRow
	err := s.db.WithContext(ctx).Raw(matchReadFrom+where+
		` ORDER BY m.score DESC, m.listing_a_id, m.listing_b_id LIMIT ?`, append(args, limit+1)...).Scan(&rows).Error
	if err != nil {
		return catalog.MatchReviewPage{}, s.fail(op, err)
	}
	page := catalog.MatchReviewPage{Items: make([]catalog.MatchReview, 0, min(len(rows), limit))}
	for i, r := range rows {
		if i == limit {
			last := rows[i-1].Row
			b, _ := json.Marshal(reviewCursor{Score: last.Score, A: last.ListingAID, B: last.ListingBID})
			page.NextCursor = base64.RawURLEncoding.EncodeToString(b)
			break
		}
		vs, err := decodeMatchVariants(r.Row.Variants)
		if err != nil {
			return catalog.MatchReviewPage{}, s.fail(op, err)
		}
		page.Items = append(page.Items, catalog.MatchReview{
			A: catalog.MatchSide{ProductID: r.Row.ListingAID, ShopSlug: r.AShop, ShopName: r.AShopName,
				ExternalID: r.AExternalID, Title: r.ATitle, URL: r.AURL},
			B: catalog.MatchSide{ProductID: r.Row.ListingBID, ShopSlug: r.BShop, ShopName: r.BShopName,
				ExternalID: r.BExternalID, Title: r.BTitle, URL: r.BURL},
			Evidence: r.Row.Evidence, Score: r.Row.Score, TitleScore: r.Row.TitleScore,
			SharedGTINs: r.Row.SharedGTINs, Variants: vs,
		})
	}
	return page, nil
}

// MatchCounts counts the matches by status in one statement.
func (s *Store) MatchCounts(ctx context.Context) (catalog.MatchCounts, error) {
	var rows []struct {
		Status string `gorm:"column:status"`
		N      int64  `gorm:"column:n"`
	}
	err := s.db.WithContext(ctx).Raw(`SELECT status, COUNT(*) AS n FROM listing_matches GROUP BY status`).Scan(&rows).Error
	if err != nil {
		return catalog.MatchCounts{}, s.fail("count matches", err)
	}
	var c catalog.MatchCounts
	for _, r := range rows {
		switch catalog.MatchStatus(r.Status) {
		case catalog.MatchAccepted:
			c.Accepted = r.N
		case catalog.MatchUnderReview:
			c.Review = r.N
		}
	}
	return c, nil
}

// ListingKeys returns a page of listing keys in one statement, a range
// scan of the shops' slugs and the listings' (shop, external id) key.
func (s *Store) ListingKeys(ctx context.Context, after store.ListingKey, limit int) ([]store.ListingKey, error) {
	const op = "listing keys"
	if limit < 1 {
		return nil, fmt.Errorf("%s: %w", op, invalidf("limit", "%d is below 1", limit))
	}
	var rows []struct {
		ShopSlug   string `gorm:"column:shop_slug"`
		ExternalID string `gorm:"column:external_id"`
	}
	err := s.db.WithContext(ctx).Raw(`SELECT s.slug AS shop_slug, l.external_id
		FROM listings l JOIN shops s ON s.id = l.shop_id
		WHERE s.slug > ? OR (s.slug = ? AND l.external_id > ?)
		ORDER BY s.slug, l.external_id LIMIT ?`, after.ShopSlug, after.ShopSlug, after.ExternalID, limit).Scan(&rows).Error
	if err != nil {
		return nil, s.fail(op, err)
	}
	out := make([]store.ListingKey, len(rows))
	for i, r := range rows {
		out[i] = store.ListingKey{ShopSlug: r.ShopSlug, ExternalID: r.ExternalID}
	}
	return out, nil
}
