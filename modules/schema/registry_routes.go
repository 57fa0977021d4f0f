package schema

import (
	"errors"
	"net/http"
)

// routes maps the Confluent REST API subset the Registry serves.
func (reg *Registry) routes() *http.ServeMux {
	mux := http.NewServeMux()
	handle := func(pattern string, fn handlerFunc) {
		mux.Handle(pattern, reg.endpoint(fn))
	}
	handle("GET /{$}", func(http.ResponseWriter, *http.Request) (any, error) { return struct{}{}, nil })
	handle("GET /schemas/types", func(http.ResponseWriter, *http.Request) (any, error) { return []string{"AVRO"}, nil })
	handle("GET /mode", reg.getMode)
	handle("GET /mode/{subject}", reg.getMode)

	handle("GET /schemas/ids/{id}", reg.getSchema)
	handle("GET /schemas/ids/{id}/schema", reg.getSchemaText)
	handle("GET /schemas/ids/{id}/versions", reg.getSchemaVersions)
	handle("GET /schemas/ids/{id}/subjects", reg.getSchemaSubjects)

	handle("GET /subjects", reg.getSubjects)
	handle("POST /subjects/{subject}", withSchema(reg.postLookup))
	handle("DELETE /subjects/{subject}", withSubject(reg.deleteSubject))
	handle("GET /subjects/{subject}/versions", withSubject(reg.getVersions))
	handle("POST /subjects/{subject}/versions", withSchema(reg.postRegister))
	handle("GET /subjects/{subject}/versions/{version}", withSubject(reg.getVersion))
	handle("GET /subjects/{subject}/versions/{version}/schema", withSubject(reg.getVersionText))
	handle("DELETE /subjects/{subject}/versions/{version}", withSubject(reg.deleteVersion))

	handle("GET /config", reg.getConfig)
	handle("PUT /config", reg.putConfig)
	handle("GET /config/{subject}", reg.getConfig)
	handle("PUT /config/{subject}", reg.putConfig)
	handle("DELETE /config/{subject}", withSubject(reg.deleteConfig))

	handle("POST /compatibility/subjects/{subject}/versions", withSchema(reg.postCompatibility))
	handle("POST /compatibility/subjects/{subject}/versions/{version}", withSchema(reg.postCompatibility))

	handle("/", func(http.ResponseWriter, *http.Request) (any, error) {
		return nil, &apiError{http.StatusNotFound, http.StatusNotFound, "HTTP 404 Not Found"}
	})
	return mux
}

// handlerFunc is a registry endpoint: its result is answered as JSON, its
// error in the registry's error shape.
type handlerFunc func(w http.ResponseWriter, r *http.Request) (any, error)

// endpoint adapts fn to http.Handler: a result is written as JSON, an
// *apiError in the registry's error shape, and any other error (the store
// failed) is logged and answered with 50001.
func (reg *Registry) endpoint(fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := fn(w, r)
		if err == nil {
			writeJSON(w, http.StatusOK, v)
			return
		}
		var apiErr *apiError
		if !errors.As(err, &apiErr) {
			reg.log.Error("registry request failed", "method", r.Method, "path", r.URL.Path, "error", err)
			apiErr = errStore()
		}
		writeJSON(w, apiErr.status, map[string]any{"error_code": apiErr.code, "message": apiErr.message})
	})
}

func (reg *Registry) getMode(http.ResponseWriter, *http.Request) (any, error) {
	return map[string]string{"mode": "READWRITE"}, nil
}

func (reg *Registry) getSchema(_ http.ResponseWriter, r *http.Request) (any, error) {
	s, err := reg.schemaByID(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return map[string]string{"schema": s.text}, nil
}

func (reg *Registry) getSchemaText(_ http.ResponseWriter, r *http.Request) (any, error) {
	s, err := reg.schemaByID(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return rawJSON(s.text), nil
}

func (reg *Registry) getSchemaVersions(_ http.ResponseWriter, r *http.Request) (any, error) {
	return reg.usages(r.PathValue("id"), queryFlag(r, "deleted"))
}

func (reg *Registry) getSchemaSubjects(_ http.ResponseWriter, r *http.Request) (any, error) {
	uses, err := reg.usages(r.PathValue("id"), queryFlag(r, "deleted"))
	if err != nil {
		return nil, err
	}
	subjects := []string{}
	for _, u := range uses {
		if len(subjects) == 0 || subjects[len(subjects)-1] != u.Subject {
			subjects = append(subjects, u.Subject)
		}
	}
	return subjects, nil
}

func (reg *Registry) getSubjects(_ http.ResponseWriter, r *http.Request) (any, error) {
	return reg.subjectNames(queryFlag(r, "deleted")), nil
}
