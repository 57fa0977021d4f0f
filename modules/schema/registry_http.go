package schema

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// contentType is the media type of every response, as Confluent sends it.
const contentType = "application/vnd.schemaregistry.v1+json"

// maxRequestBytes bounds a request body; the largest SkateStock schema is a
// few kilobytes.
const maxRequestBytes = 1 << 20

// apiError is an error in the registry's shape: an HTTP status plus
// Confluent's error_code and message.
type apiError struct {
	status  int
	code    int
	message string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.code, e.message) }

func errSubjectNotFound(subject string) *apiError {
	return &apiError{http.StatusNotFound, 40401, fmt.Sprintf("Subject '%s' not found.", subject)}
}

func errVersionNotFound(version int) *apiError {
	return &apiError{http.StatusNotFound, 40402, fmt.Sprintf("Version %d not found.", version)}
}

func errSchemaNotFound(message string) *apiError {
	return &apiError{http.StatusNotFound, 40403, message}
}

func errSubjectLevelNotConfigured(subject string) *apiError {
	return &apiError{http.StatusNotFound, 40408, fmt.Sprintf("Subject '%s' does not have subject-level compatibility configured", subject)}
}

func errIncompatible(subject string, msgs []string) *apiError {
	return &apiError{http.StatusConflict, 409, fmt.Sprintf(
		"Schema being registered is incompatible with an earlier schema for subject %q, details: [%s]", subject, strings.Join(msgs, "; "))}
}

func errInvalidSchema(err error) *apiError {
	return &apiError{http.StatusUnprocessableEntity, 42201, "Invalid schema: " + err.Error()}
}

func errInvalidVersion(version string) *apiError {
	return &apiError{http.StatusUnprocessableEntity, 42202, fmt.Sprintf(
		"The specified version '%s' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"", version)}
}

func errInvalidLevel() *apiError {
	return &apiError{http.StatusUnprocessableEntity, 42203,
		"Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive"}
}

func errNotPermitted(message string) *apiError {
	return &apiError{http.StatusUnprocessableEntity, 42205, message}
}

func errInvalidSubject(subject string) *apiError {
	return &apiError{http.StatusUnprocessableEntity, 42208, fmt.Sprintf("Subject %q is invalid", subject)}
}

func errStore() *apiError {
	return &apiError{http.StatusInternalServerError, 50001, "Error in the backend data store"}
}

// The JSON bodies. Confluent leaves schemaType out for Avro, and so do we.
type (
	subjectSchemaJSON struct {
		Subject string `json:"subject"`
		Version int    `json:"version"`
		ID      int    `json:"id"`
		Schema  string `json:"schema"`
	}
	subjectVersionJSON struct {
		Subject string `json:"subject"`
		Version int    `json:"version"`
	}
	compatibilityJSON struct {
		IsCompatible bool     `json:"is_compatible"`
		Messages     []string `json:"messages"`
	}
	schemaRequest struct {
		Schema     string            `json:"schema"`
		SchemaType string            `json:"schemaType"`
		References []json.RawMessage `json:"references"`
		ID         int               `json:"id"`
		Version    int               `json:"version"`
	}
)

// rawJSON is a response body written as is: the /schema endpoints return the
// schema text itself.
type rawJSON string

// readSchemaRequest decodes and checks a register, lookup or compatibility
// request body.
func readSchemaRequest(w http.ResponseWriter, r *http.Request) (schemaRequest, error) {
	var req schemaRequest
	if err := decodeBody(w, r, &req); err != nil {
		return req, err
	}
	switch {
	case req.SchemaType != "" && !strings.EqualFold(req.SchemaType, "AVRO"):
		return req, &apiError{http.StatusUnprocessableEntity, 42201, "Invalid schema: only AVRO schemas are supported, not " + req.SchemaType}
	case len(req.References) > 0:
		return req, &apiError{http.StatusUnprocessableEntity, 42201, "Invalid schema: schema references are not supported"}
	case strings.TrimSpace(req.Schema) == "":
		return req, &apiError{http.StatusUnprocessableEntity, 42201, "Invalid schema: empty schema"}
	case req.ID > 0 || req.Version > 0:
		return req, errNotPermitted("Overriding the schema id or version is only allowed in IMPORT mode, which this registry does not offer")
	}
	return req, nil
}

// decodeBody decodes the JSON request body into v, refusing bodies over
// maxRequestBytes.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRequestBytes)).Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &apiError{http.StatusUnprocessableEntity, 42209, "Request body is too large"}
		}
		return &apiError{http.StatusUnprocessableEntity, 42201, "Invalid request body: " + err.Error()}
	}
	return nil
}

// subjectOf returns the {subject} path value after checking it is a name.
func subjectOf(r *http.Request) (string, error) {
	s := r.PathValue("subject")
	if s == "" || !utf8.ValidString(s) || len(s) > 255 || strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return "", errInvalidSubject(s)
	}
	return s, nil
}

// parseVersion parses a version path segment: 1 to 2^31-1, or "latest" or
// -1 for the latest live version (returned as -1).
func parseVersion(s string) (int, error) {
	if s == "latest" {
		return -1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n == 0 || n < -1 || n > math.MaxInt32 {
		return 0, errInvalidVersion(s)
	}
	return n, nil
}

// queryFlag reports whether query parameter name is "true".
func queryFlag(r *http.Request, name string) bool {
	v, _ := strconv.ParseBool(r.URL.Query().Get(name))
	return v
}

// writeJSON writes v (or a rawJSON as is) with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	if raw, ok := v.(rawJSON); ok {
		_, _ = w.Write([]byte(raw))
		return
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // schema docs may hold & < >; keep the text as registered
	_ = enc.Encode(v)
}
