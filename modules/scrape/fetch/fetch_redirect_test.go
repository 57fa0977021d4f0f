package fetch_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

func redirectTo(status int, location string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Location", location)
		w.WriteHeader(status)
	}
}

func TestRedirectWithinHostIsFollowed(t *testing.T) {
	for _, status := range []int{301, 302, 303, 307, 308} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			s := newSite(t)
			s.handle("/old", redirectTo(status, "/new?page=1"))
			s.handle("/new", serve("application/json", "{}"))
			h := newHarness(t, testConfig())

			resp, err := h.f.Get(t.Context(), s.URL+"/old", "application/json")
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if resp.URL != s.URL+"/new?page=1" || resp.Redirects != 1 || resp.Attempts != 2 {
				t.Fatalf("response = %+v, want final URL /new?page=1 after 1 redirect and 2 attempts", resp)
			}
		})
	}
}

func TestRedirectRefused(t *testing.T) {
	other := newSite(t)
	other.handle("/", serve("text/plain", "elsewhere"))

	tests := []struct {
		name      string
		start     string
		setup     func(s *site)
		wantHits  map[string]int
		wantInErr string
	}{
		{"to another host name", "/p", func(s *site) {
			s.handle("/p", redirectTo(302, strings.Replace(s.URL, "127.0.0.1", "localhost", 1)+"/x"))
		}, map[string]int{"/p": 1, "/x": 0}, "leaves"},
		{"to another port", "/p", func(s *site) {
			s.handle("/p", redirectTo(302, other.URL+"/x"))
		}, map[string]int{"/p": 1}, "leaves"},
		{"to another scheme", "/p", func(s *site) {
			s.handle("/p", redirectTo(302, "ftp://"+strings.TrimPrefix(s.URL, "http://")+"/x"))
		}, map[string]int{"/p": 1}, "leaves"},
		{"without location", "/p", func(s *site) {
			s.handle("/p", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(302) })
		}, map[string]int{"/p": 1}, "without Location"},
		{"loop to itself", "/loop", func(s *site) {
			s.handle("/loop", redirectTo(302, "/loop"))
		}, map[string]int{"/loop": 1}, "loop"},
		{"loop between two", "/a", func(s *site) {
			s.handle("/a", redirectTo(302, "/b"))
			s.handle("/b", redirectTo(302, "/a"))
		}, map[string]int{"/a": 1, "/b": 1}, "loop"},
		{"endless chain bounded by MaxRedirects", "/chain/0", func(s *site) {
			s.handle("/chain/", func(w http.ResponseWriter, r *http.Request) {
				n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/chain/"))
				redirectTo(302, "/chain/"+strconv.Itoa(n+1))(w, r)
			})
		}, map[string]int{"/chain/0": 1, "/chain/5": 1, "/chain/6": 0}, "MaxRedirects (5)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t)
			tt.setup(s)
			h := newHarness(t, testConfig())
			_, err := h.f.Get(t.Context(), s.URL+tt.start)
			fe := wantKind(t, err, fetch.KindRedirect)
			if !strings.Contains(fe.Error(), tt.wantInErr) {
				t.Errorf("error %q does not mention %q", fe, tt.wantInErr)
			}
			for path, want := range tt.wantHits {
				if got := s.hitCount(path); got != want {
					t.Errorf("hits on %s = %d, want %d", path, got, want)
				}
			}
			if other.hitCount("/x") != 0 {
				t.Error("the other host was contacted")
			}
		})
	}
}

func TestRedirectTargetStillObeysRobots(t *testing.T) {
	s := newSite(t)
	s.handle("/robots.txt", serve("text/plain", "User-agent: *\nDisallow: /private\n"))
	s.handle("/p", redirectTo(302, "/private/x"))
	s.handle("/private/x", serve("text/plain", "secret"))
	h := newHarness(t, testConfig())
	_, err := h.f.Get(t.Context(), s.URL+"/p")
	fe := wantKind(t, err, fetch.KindRobots)
	if s.hitCount("/private/x") != 0 || fe.Attempts != 1 {
		t.Fatalf("disallowed redirect target requested (attempts %d)", fe.Attempts)
	}
}
