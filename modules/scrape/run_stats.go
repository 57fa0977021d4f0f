package scrape

import (
	"errors"
	"maps"
	"sync"

	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

// runStats collects a run's counts; its methods are safe for concurrent use
// by the run's workers. Every change is reported to progress, serialized.
type runStats struct {
	mu       sync.Mutex
	report   RunReport
	errors   int
	progress func(Progress)

	maxRequests, maxFailures int
	requests                 int
	failuresInARow           int
	catalogRead, catalogBad  int
}

func newRunStats(report RunReport, cfg Config, progress func(Progress)) *runStats {
	report.Problems, report.Errors = map[string]int{}, map[string]int{}
	return &runStats{report: report, progress: progress,
		maxRequests: cfg.MaxRequestsPerRun, maxFailures: cfg.MaxConsecutiveFailures}
}

// changed reports progress; the caller holds s.mu.
func (s *runStats) changed() {
	if s.progress == nil {
		return
	}
	r := s.report
	s.progress(Progress{Shop: r.Shop, RunID: r.RunID, Pages: r.Pages, NotModified: r.NotModified,
		Errors: s.errors, Listings: r.Listings, Observations: r.Observations, Bytes: r.Bytes})
}

// request takes one request from the run's budget; false when it is spent.
func (s *runStats) request() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.requests >= s.maxRequests {
		return false
	}
	s.requests++
	return true
}

// fetched counts a response.
func (s *runStats) fetched(resp *fetch.Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.report.Pages++
	s.report.Bytes += resp.Bytes
	s.report.Retries += max(0, resp.Attempts-resp.Redirects-1)
	s.changed()
}

// failed counts a page that could not be read, by the kind of err.
func (s *runStats) failed(err error) {
	kind := ErrorOther
	var fe *fetch.Error
	if errors.As(err, &fe) {
		kind = string(fe.Kind)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if fe != nil {
		s.report.Retries += max(0, fe.Attempts-1)
	}
	s.countError(kind)
}

// errorKind counts one error of kind.
func (s *runStats) errorKind(kind string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.countError(kind)
}

func (s *runStats) countError(kind string) {
	s.report.Errors[kind]++
	s.errors++
	s.changed()
}

// notModified counts a page reused after a 304.
func (s *runStats) notModified() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.report.NotModified++
}

// problem counts n problems of kind.
func (s *runStats) problem(kind string, n int) {
	if n == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.report.Problems[kind] += n
}

// accepted counts listings and observations handed on for publishing.
func (s *runStats) accepted(listings, observations int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.report.Listings += listings
	s.report.Observations += observations
	s.changed()
}

// catalogPageRead records a catalog page read, ending a run of failures.
func (s *runStats) catalogPageRead() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.catalogRead++
	s.failuresInARow = 0
}

// pageFailed records a failed page and reports whether that many failures
// in a row mean the crawl should stop.
func (s *runStats) pageFailed(catalogPage bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if catalogPage {
		s.catalogBad++
	}
	s.failuresInARow++
	return s.failuresInARow >= s.maxFailures
}

// incomplete records why the crawl stopped early; the first reason stays.
func (s *runStats) incomplete(reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.report.Incomplete == "" {
		s.report.Incomplete = reason
	}
}

// noCatalogPageRead reports whether catalog pages were tried and none read.
func (s *runStats) noCatalogPageRead() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.catalogRead == 0 && s.catalogBad > 0
}

// snapshot returns the report so far.
func (s *runStats) snapshot() RunReport {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.report
	r.Problems, r.Errors = maps.Clone(r.Problems), maps.Clone(r.Errors)
	return r
}
