package schema

import "net/http"

// Handlers of /subjects/{subject}/..., /config and /compatibility.

// withSubject adapts a handler of a route's {subject} to the registry's
// handler shape, answering an invalid subject before fn runs.
func withSubject(fn func(r *http.Request, subject string) (any, error)) handlerFunc {
	return func(_ http.ResponseWriter, r *http.Request) (any, error) {
		subject, err := subjectOf(r)
		if err != nil {
			return nil, err
		}
		return fn(r, subject)
	}
}

// withSchema is withSubject for the routes that also take a schema in the
// body, answering a bad body before fn runs.
func withSchema(fn func(r *http.Request, subject string, req schemaRequest) (any, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) (any, error) {
		subject, err := subjectOf(r)
		if err != nil {
			return nil, err
		}
		req, err := readSchemaRequest(w, r)
		if err != nil {
			return nil, err
		}
		return fn(r, subject, req)
	}
}

func (reg *Registry) postRegister(r *http.Request, subject string, req schemaRequest) (any, error) {
	id, err := reg.register(r.Context(), subject, req.Schema)
	if err != nil {
		return nil, err
	}
	return map[string]int{"id": id}, nil
}

func (reg *Registry) postLookup(r *http.Request, subject string, req schemaRequest) (any, error) {
	return reg.lookup(subject, req.Schema, queryFlag(r, "deleted"))
}

func (reg *Registry) getVersions(r *http.Request, subject string) (any, error) {
	return reg.versionNumbers(subject, queryFlag(r, "deleted"))
}

func (reg *Registry) getVersion(r *http.Request, subject string) (any, error) {
	return reg.version(subject, r.PathValue("version"), queryFlag(r, "deleted"))
}

func (reg *Registry) getVersionText(r *http.Request, subject string) (any, error) {
	v, err := reg.version(subject, r.PathValue("version"), queryFlag(r, "deleted"))
	if err != nil {
		return nil, err
	}
	return rawJSON(v.Schema), nil
}

func (reg *Registry) deleteSubject(r *http.Request, subject string) (any, error) {
	if queryFlag(r, "permanent") {
		return nil, errNotPermitted("Permanent deletion is not supported: this registry only soft-deletes")
	}
	return reg.deleteVersions(r.Context(), subject, 0, true)
}

func (reg *Registry) deleteVersion(r *http.Request, subject string) (any, error) {
	n, err := parseVersion(r.PathValue("version"))
	if err != nil {
		return nil, err
	}
	if queryFlag(r, "permanent") {
		return nil, errNotPermitted("Permanent deletion is not supported: this registry only soft-deletes")
	}
	deleted, err := reg.deleteVersions(r.Context(), subject, n, false)
	if err != nil {
		return nil, err
	}
	return deleted[0], nil
}

// configSubject is the {subject} of a /config route, "" for /config itself.
func configSubject(r *http.Request) (string, error) {
	if r.PathValue("subject") == "" {
		return "", nil
	}
	return subjectOf(r)
}

func (reg *Registry) getConfig(_ http.ResponseWriter, r *http.Request) (any, error) {
	subject, err := configSubject(r)
	if err != nil {
		return nil, err
	}
	level, err := reg.level(subject, queryFlag(r, "defaultToGlobal"))
	if err != nil {
		return nil, err
	}
	return map[string]string{"compatibilityLevel": level}, nil
}

func (reg *Registry) putConfig(w http.ResponseWriter, r *http.Request) (any, error) {
	subject, err := configSubject(r)
	if err != nil {
		return nil, err
	}
	var req struct {
		Compatibility string `json:"compatibility"`
	}
	if err := decodeBody(w, r, &req); err != nil {
		return nil, err
	}
	level, err := reg.setLevel(r.Context(), subject, req.Compatibility)
	if err != nil {
		return nil, err
	}
	return map[string]string{"compatibility": level}, nil
}

func (reg *Registry) deleteConfig(r *http.Request, subject string) (any, error) {
	level, err := reg.deleteLevel(r.Context(), subject)
	if err != nil {
		return nil, err
	}
	return map[string]string{"compatibilityLevel": level}, nil
}

func (reg *Registry) postCompatibility(r *http.Request, subject string, req schemaRequest) (any, error) {
	return reg.checkCompatibility(subject, r.PathValue("version"), req.Schema)
}
