package api

import "github.com/labstack/echo/v4"

// listDeals answers GET /api/v1/deals: products whose largest real
// discount (compare-at strictly above price) is at least discount_min,
// biggest discount first.
func (s *Server) listDeals(c echo.Context) (any, error) {
	q, values, err := parseDealQuery(c.QueryString(), s.limits)
	if err != nil {
		return nil, err
	}
	page, err := s.deps.Catalog.Products(c.Request().Context(), q)
	if err != nil {
		return nil, pageError("list deals", err, q)
	}
	return pageOf(page, nextLink(c.Request().URL.Path, values)), nil
}
