package api

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/skatestock/skatestock/modules/catalog"
)

// listProducts answers GET /api/v1/products.
func (s *Server) listProducts(c echo.Context) (any, error) {
	q, values, err := parseProductQuery(c.QueryString(), s.limits)
	if err != nil {
		return nil, err
	}
	page, err := s.deps.Catalog.Products(c.Request().Context(), q)
	if err != nil {
		return nil, pageError("list products", err, q)
	}
	return pageOf(page, nextLink(c.Request().URL.Path, values)), nil
}

// Bounds of the product page's days parameter: the N of "the lowest
// price in N days".
const (
	defaultLowestDays = 30
	maxLowestDays     = 365
)

// getProduct answers GET /api/v1/products/{id}.
func (s *Server) getProduct(c echo.Context) (any, error) {
	id, err := productID(c)
	if err != nil {
		return nil, err
	}
	p := parseParams(c.QueryString(), "days")
	days := p.intRange("days", 1, maxLowestDays, defaultLowestDays)
	if err := p.err(); err != nil {
		return nil, err
	}
	ctx := c.Request().Context()
	product, err := s.deps.Catalog.Product(ctx, id)
	if err != nil {
		return nil, productError(id, err)
	}
	var checks map[string]DealCheck
	if s.deps.Deals != nil {
		if checks, err = s.deps.Deals.CheckDeals(ctx, id, s.now(), days); err != nil {
			return nil, productError(id, err)
		}
	}
	return productOf(product, checks, days), nil
}

// pageError blames the cursor for a refused page when one was given: every
// other parameter was checked before the store saw it.
func pageError(op string, err error, q catalog.ProductQuery) error {
	if q.After != "" && errors.Is(err, catalog.ErrInvalid) {
		return badParams(InvalidParam{Name: "cursor",
			Reason: "is not a cursor of this query (cursors are valid only with the parameters that produced them); start again without it"})
	}
	return fmt.Errorf("%s: %w", op, err)
}

func productError(id int64, err error) error {
	if errors.Is(err, catalog.ErrNotFound) {
		return newProblem(http.StatusNotFound, "no product has id "+strconv.FormatInt(id, 10))
	}
	return fmt.Errorf("product %d: %w", id, err)
}

// nextLink builds the relative link to the page after this one: the same
// accepted parameters, canonically ordered, with the new cursor.
func nextLink(path string, values url.Values) func(cursor string) string {
	return func(cursor string) string {
		v := maps.Clone(values)
		if v == nil {
			v = url.Values{}
		}
		v.Set("cursor", cursor)
		return path + "?" + canonicalQuery(v)
	}
}

// productID reads the {id} path parameter.
func productID(c echo.Context) (int64, error) {
	s := c.Param("id")
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 || !isDigits(s) {
		return 0, badParams(InvalidParam{Name: "id", Reason: "must be a positive whole number"})
	}
	return id, nil
}

// noParams refuses any query parameter on endpoints that take none: a typo
// must never be silently ignored.
func noParams(c echo.Context) error {
	return parseParams(c.QueryString()).err()
}
