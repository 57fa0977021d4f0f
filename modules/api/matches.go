package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/skatestock/skatestock/modules/catalog"
)

// MatchReviews lists the cross-shop pairs scored below the acceptance
// threshold, for people to judge (the store's matches, adapted in app).
type MatchReviews interface {
	// ReviewMatches returns up to limit pairs, best score first, after
	// cursor ("" for the first page). A malformed cursor wraps
	// catalog.ErrInvalid.
	ReviewMatches(ctx context.Context, limit int, cursor string) (catalog.MatchReviewPage, error)
}

// Bounds of the review queue's page.
const (
	defaultReviewList = 50
	maxReviewList     = 500
)

type matchSideJSON struct {
	ProductID  int64  `json:"product_id"`
	Shop       string `json:"shop"`
	ShopName   string `json:"shop_name"`
	ExternalID string `json:"external_id"`
	Title      string `json:"title"`
	URL        string `json:"url"`
}

type matchedVariantJSON struct {
	Size string `json:"size"`
	A    string `json:"a"`
	B    string `json:"b"`
	GTIN string `json:"gtin"`
}

type matchReviewJSON struct {
	A           matchSideJSON        `json:"a"`
	B           matchSideJSON        `json:"b"`
	Evidence    string               `json:"evidence"`
	Score       float64              `json:"score"`
	TitleScore  float64              `json:"title_score"`
	SharedGTINs int                  `json:"shared_gtins"`
	Variants    []matchedVariantJSON `json:"variants"`
}

type matchReviewPageJSON struct {
	Items      []matchReviewJSON `json:"items"`
	NextCursor *string           `json:"next_cursor"`
}

func sideJSON(s catalog.MatchSide) matchSideJSON {
	return matchSideJSON{ProductID: s.ProductID, Shop: s.ShopSlug, ShopName: s.ShopName, ExternalID: s.ExternalID,
		Title: s.Title, URL: s.URL}
}

// listMatchReviews answers GET /api/v1/admin/matches/review.
func (s *Server) listMatchReviews(c echo.Context) error {
	if s.deps.Matches == nil {
		return notAvailable("match review")
	}
	p := parseParams(c.QueryString(), "limit", "cursor")
	limit := p.intRange("limit", 1, maxReviewList, defaultReviewList)
	cursor, _ := p.text("cursor")
	if err := p.err(); err != nil {
		return err
	}
	page, err := s.deps.Matches.ReviewMatches(c.Request().Context(), limit, cursor)
	if errors.Is(err, catalog.ErrInvalid) {
		return badParams(InvalidParam{Name: "cursor", Reason: "is not a cursor this endpoint made; start again without it"})
	}
	if err != nil {
		return fmt.Errorf("review matches: %w", err)
	}
	out := matchReviewPageJSON{Items: make([]matchReviewJSON, 0, len(page.Items))}
	if page.NextCursor != "" {
		out.NextCursor = &page.NextCursor
	}
	for _, r := range page.Items {
		vs := make([]matchedVariantJSON, len(r.Variants))
		for i, v := range r.Variants {
			vs[i] = matchedVariantJSON(v)
		}
		out.Items = append(out.Items, matchReviewJSON{A: sideJSON(r.A), B: sideJSON(r.B), Evidence: r.Evidence,
			Score: r.Score, TitleScore: r.TitleScore, SharedGTINs: r.SharedGTINs, Variants: vs})
	}
	return s.writeJSON(c, http.StatusOK, out, cacheControlNoStore)
}
