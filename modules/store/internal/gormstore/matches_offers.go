package gormstore

import (
	"gorm.io/gorm"

	"github.com/skatestock/skatestock/modules/catalog"
)

// offerRow is the summary of a matched listing with the match's evidence.
type offerRow struct {
	Summary  summaryRow `gorm:"embedded"`
	Evidence string     `gorm:"column:match_evidence"`
	Score    float64    `gorm:"column:match_score"`
}

// matchedOffers reads, in one statement, the offers of the listings in an
// accepted match with listing id: each one's summary as Products reads it,
// its Match the evidence and its Score the match's.
func (s *Store) matchedOffers(db *gorm.DB, id int64) ([]catalog.Offer, error) {
	var rows []offerRow
	err := db.Raw(s.summarySQL(`SELECT `+pageColumns+`, m.evidence AS match_evidence, m.score AS match_score
		FROM (SELECT listing_b_id AS other_id, evidence, score FROM listing_matches
				WHERE listing_a_id = ? AND status = 'accepted'
			UNION ALL
			SELECT listing_a_id, evidence, score FROM listing_matches
				WHERE listing_b_id = ? AND status = 'accepted') m
		JOIN listings l ON l.id = m.other_id
		LEFT JOIN listing_prices p ON p.listing_id = l.id`), id, id).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]catalog.Offer, len(rows))
	for i, r := range rows {
		p := r.Summary.toDomain()
		out[i] = catalog.Offer{ProductID: p.ID, ShopSlug: p.ShopSlug, ShopName: p.ShopName, Title: p.Title,
			URL: p.URL, Price: p.Price, DiscountBP: p.DiscountBP, InStock: p.InStock, Match: r.Evidence, Score: r.Score}
	}
	return out, nil
}
