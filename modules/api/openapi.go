package api

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
	"go.yaml.in/yaml/v3"
)

// openapiYAML is the hand-written OpenAPI 3.1 description of every route.
// A test keeps it and the registered routes equal.
//
//go:embed openapi.yaml
var openapiYAML []byte

const specPath = "/openapi.json"

// spec is the description as served: JSON, with the page size bounds of
// this process's config.
type spec struct {
	body []byte
	etag string
}

func newSpec(lim pageLimits) (*spec, error) {
	var doc map[string]any
	if err := yaml.Unmarshal(openapiYAML, &doc); err != nil {
		return nil, fmt.Errorf("read openapi.yaml: %w", err)
	}
	limit, err := dig(doc, "components", "parameters", "limit", "schema")
	if err != nil {
		return nil, fmt.Errorf("read openapi.yaml: %w", err)
	}
	limit["maximum"], limit["default"] = lim.max, lim.def
	body, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encode openapi.json: %w", err)
	}
	return &spec{body: body, etag: etagOf(body)}, nil
}

// dig walks nested mappings by key.
func dig(m map[string]any, keys ...string) (map[string]any, error) {
	for _, k := range keys {
		next, ok := m[k].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("no mapping at %q", k)
		}
		m = next
	}
	return m, nil
}

// serve answers GET /openapi.json.
func (s *Server) serveSpec(c echo.Context) error {
	if err := noParams(c); err != nil {
		return err
	}
	return s.sendJSON(c, http.StatusOK, s.spec.etag, s.spec.body, "public, max-age=60")
}
