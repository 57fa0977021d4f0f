package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Bounds of the admin endpoints' inputs.
const (
	maxDLQList        = 1000
	defaultDLQList    = 100
	maxReplayPosition = 1000
)

// adminAuth admits requests carrying one of the configured API keys. It
// runs before anything else on admin routes, so that nothing about them,
// not even whether this process offers them, shows without a key.
func (s *Server) adminAuth(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		unauthorized := func(detail string) error {
			return newProblem(http.StatusUnauthorized, detail).
				withHeader(echo.HeaderWWWAuthenticate, `Bearer realm="skatestock-admin"`)
		}
		if len(s.keyHashes) == 0 {
			return unauthorized("admin is disabled: no API keys are configured")
		}
		key, ok := presentedKey(c.Request())
		if !ok {
			return unauthorized("an API key is required in X-API-Key or Authorization: Bearer")
		}
		if !s.validKey(key) {
			return unauthorized("the API key is not valid")
		}
		return next(c)
	}
}

func notAvailable(what string) error {
	return newProblem(http.StatusServiceUnavailable, what+" is not available in this process")
}

// triggerScrape answers POST /api/v1/admin/scrape/{shop}: 202 once the run
// has started; it goes on after the response.
func (s *Server) triggerScrape(c echo.Context) error {
	if s.deps.Scrape == nil {
		return notAvailable("scraping")
	}
	shop := c.Param("shop")
	if !catalog.ValidSlug(shop) {
		return badParams(InvalidParam{Name: "shop", Reason: "must be a shop slug: lower-case letters, digits and inner dashes"})
	}
	if err := noParams(c); err != nil {
		return err
	}
	runID, err := s.deps.Scrape.TriggerScrape(c.Request().Context(), shop)
	if errors.Is(err, catalog.ErrNotFound) {
		return newProblem(http.StatusNotFound, "no shop "+shop+" is configured")
	}
	if err != nil {
		return fmt.Errorf("trigger scrape of %s: %w", shop, err)
	}
	return s.writeJSON(c, http.StatusAccepted, map[string]string{"run_id": runID, "shop": shop}, cacheControlNoStore)
}

type sourcePositionJSON struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
}

type deadLetterJSON struct {
	DLQPartition int32              `json:"dlq_partition"`
	DLQOffset    int64              `json:"dlq_offset"`
	Source       sourcePositionJSON `json:"source"`
	Kind         string             `json:"kind"`
	Message      string             `json:"message"`
	SchemaID     int                `json:"schema_id"`
	FailedAt     *time.Time         `json:"failed_at"`
	ReplayCount  int                `json:"replay_count"`
	Key          string             `json:"key"`
	ValueSize    int                `json:"value_size"`
}

// listDeadLetters answers GET /api/v1/admin/dlq.
func (s *Server) listDeadLetters(c echo.Context) error {
	if s.deps.DeadLetters == nil {
		return notAvailable("the dead-letter queue")
	}
	p := parseParams(c.QueryString(), "limit")
	limit := p.intRange("limit", 1, maxDLQList, defaultDLQList)
	if err := p.err(); err != nil {
		return err
	}
	letters, err := s.deps.DeadLetters.ListDeadLetters(c.Request().Context(), limit)
	if err != nil {
		return fmt.Errorf("list dead letters: %w", err)
	}
	out := listJSON[deadLetterJSON]{Items: make([]deadLetterJSON, 0, len(letters))}
	for _, l := range letters {
		out.Items = append(out.Items, deadLetterJSON{
			DLQPartition: l.DLQPartition, DLQOffset: l.DLQOffset,
			Source: sourcePositionJSON{Topic: l.SourceTopic, Partition: l.SourcePartition, Offset: l.SourceOffset},
			Kind:   l.Kind, Message: l.Message, SchemaID: l.SchemaID, FailedAt: timeOf(l.FailedAt),
			ReplayCount: l.ReplayCount, Key: strings.ToValidUTF8(l.Key, "\uFFFD"), ValueSize: l.ValueSize,
		})
	}
	return s.writeJSON(c, http.StatusOK, out, cacheControlNoStore)
}

type replayRequestJSON struct {
	Kind      string               `json:"kind"`
	Positions []sourcePositionJSON `json:"positions"`
}

// replayDeadLetters answers POST /api/v1/admin/dlq/replay.
func (s *Server) replayDeadLetters(c echo.Context) error {
	if s.deps.DeadLetters == nil {
		return notAvailable("the dead-letter queue")
	}
	if err := noParams(c); err != nil {
		return err
	}
	req, err := readReplayRequest(c.Request())
	if err != nil {
		return err
	}
	res, err := s.deps.DeadLetters.ReplayDeadLetters(c.Request().Context(), req)
	if err != nil {
		return fmt.Errorf("replay dead letters: %w", err)
	}
	return s.writeJSON(c, http.StatusOK, map[string]int{"replayed": res.Replayed, "exhausted": res.Exhausted}, cacheControlNoStore)
}

// readReplayRequest decodes and checks the replay body strictly: unknown
// fields are refused like unknown query parameters.
func readReplayRequest(r *http.Request) (ReplayRequest, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	if err != nil || mt != echo.MIMEApplicationJSON {
		return ReplayRequest{}, newProblem(http.StatusUnsupportedMediaType, "the body must be application/json")
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	var body replayRequestJSON
	if err := dec.Decode(&body); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return ReplayRequest{}, err
		}
		return ReplayRequest{}, bodyError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return ReplayRequest{}, badParams(InvalidParam{Name: "body", Reason: "must hold one JSON object and nothing after it"})
	}
	var bad []InvalidParam
	if utf8.RuneCountInString(body.Kind) > 100 {
		bad = append(bad, InvalidParam{Name: "kind", Reason: "must be at most 100 characters"})
	}
	if len(body.Positions) > maxReplayPosition {
		bad = append(bad, InvalidParam{Name: "positions", Reason: fmt.Sprintf("must hold at most %d positions", maxReplayPosition)})
	}
	req := ReplayRequest{Kind: strings.TrimSpace(body.Kind)}
	for _, p := range body.Positions {
		if p.Topic == "" || p.Partition < 0 || p.Offset < 0 {
			bad = append(bad, InvalidParam{Name: "positions", Reason: "each needs a topic and a non-negative partition and offset"})
			break
		}
		req.Positions = append(req.Positions, SourcePosition(p))
	}
	if req.Kind == "" && len(body.Positions) == 0 && len(bad) == 0 {
		bad = append(bad, InvalidParam{Name: "kind", Reason: "kind or positions must be given; replaying everything at once is refused"})
	}
	if len(bad) > 0 {
		return ReplayRequest{}, badParams(bad...)
	}
	return req, nil
}

// bodyError names what is wrong with a JSON body without echoing it.
func bodyError(err error) error {
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return badParams(InvalidParam{Name: typeErr.Field, Reason: "has the wrong type; expected " + typeErr.Type.String()})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return badParams(InvalidParam{Name: printable(name), Reason: "is not a field of this body; allowed: kind, positions"})
	case errors.Is(err, io.EOF):
		return badParams(InvalidParam{Name: "body", Reason: "must not be empty"})
	}
	return badParams(InvalidParam{Name: "body", Reason: "must be a JSON object such as {\"kind\": \"unknown_shop\"}"})
}
