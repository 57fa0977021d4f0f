package fetch

import (
	"net/http"
	"net/netip"
	"net/url"
	"testing"
	"time"
)

func TestClassifyAddr(t *testing.T) {
	tests := []struct {
		addr string
		want string // "" = allowed
	}{
		{"127.0.0.1", "loopback"},
		{"127.255.0.9", "loopback"},
		{"::1", "loopback"},
		{"::ffff:127.0.0.1", "loopback"},
		{"10.0.0.1", "private"},
		{"172.16.5.4", "private"},
		{"172.31.255.255", "private"},
		{"192.168.1.1", "private"},
		{"::ffff:192.168.1.1", "private"},
		{"fc00::1", "private"},
		{"fd12:3456::1", "private"},
		{"169.254.169.254", "link-local"},
		{"fe80::1", "link-local"},
		{"fe80::1%eth0", "link-local"},
		{"100.64.0.1", "carrier-grade NAT"},
		{"100.127.255.254", "carrier-grade NAT"},
		{"0.0.0.0", "unspecified"},
		{"::", "unspecified"},
		{"0.1.2.3", "this-network"},
		{"224.0.0.1", "multicast"},
		{"239.1.1.1", "multicast"},
		{"ff02::1", "multicast"},
		{"255.255.255.255", "reserved"},
		{"198.18.0.1", "benchmarking"},
		{"64:ff9b::a00:1", "NAT64"},
		// Public addresses a shop may live at.
		{"8.8.8.8", ""},
		{"93.184.216.34", ""},
		{"172.32.0.1", ""},
		{"100.128.0.1", ""},
		{"2606:4700::1111", ""},
		{"::ffff:8.8.8.8", ""},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			if got := classifyAddr(netip.MustParseAddr(tt.addr)); got != tt.want {
				t.Errorf("classifyAddr(%s) = %q, want %q", tt.addr, got, tt.want)
			}
		})
	}
	if classifyAddr(netip.Addr{}) == "" {
		t.Error("the zero Addr must be refused")
	}
}

func TestGuardControl(t *testing.T) {
	for address, refused := range map[string]bool{
		"127.0.0.1:80":             true,
		"[::1]:443":                true,
		"[::ffff:10.1.2.3]:80":     true,
		"169.254.169.254:80":       true,
		"not-an-address":           true,
		"8.8.8.8:443":              false,
		"[2606:4700::1111]:443":    false,
		"[2001:4860:4860::8888]:0": false,
	} {
		err := guardControl(t.Context(), "tcp", address, nil)
		if (err != nil) != refused {
			t.Errorf("guardControl(%s) = %v, want refused=%v", address, err, refused)
		}
	}
}

func TestSameHost(t *testing.T) {
	tests := []struct {
		from, to string
		want     bool
	}{
		{"https://shop.example/a", "https://shop.example/b", true},
		{"https://shop.example/a", "https://SHOP.example:443/b", true},
		{"http://shop.example/a", "https://shop.example/b", true},
		{"http://shop.example:80/a", "https://shop.example:443/b", true},
		{"https://shop.example/a", "http://shop.example/b", false},
		{"http://shop.example:8080/a", "https://shop.example:8443/b", false},
		{"http://shop.example:8080/a", "https://shop.example/b", false},
		{"https://shop.example/a", "https://www.shop.example/b", false},
		{"https://shop.example/a", "https://shop.example:8443/b", false},
		{"https://shop.example/a", "https://evil.example/b", false},
	}
	for _, tt := range tests {
		from, _ := url.Parse(tt.from)
		to, _ := url.Parse(tt.to)
		if got := sameHost(from, to); got != tt.want {
			t.Errorf("sameHost(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestBackoffCeilingGrowsAndCaps(t *testing.T) {
	cfg := DefaultConfig()
	cfg.ContactURL = "https://skatestock.example/bot"
	f, err := New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.jitter = func(n int64) int64 { return n - 1 } // always the ceiling
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second,
		8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second}
	for i, w := range want {
		if got := f.backoff(i + 1); got != w {
			t.Errorf("backoff(%d) ceiling = %v, want %v", i+1, got, w)
		}
	}
	f.jitter = func(int64) int64 { return 0 } // full jitter reaches zero
	if got := f.backoff(3); got != 0 {
		t.Errorf("backoff floor = %v, want 0", got)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"0", 0, true},
		{"120", 2 * time.Minute, true},
		{" 7 ", 7 * time.Second, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{"Sunday, 01-Mar-26 12:01:00 GMT", time.Minute, true}, // RFC 850
		{"Sun Mar  1 12:00:30 2026", 30 * time.Second, true},  // asctime
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"99999999999999999999", 1<<63 - 1, true},
		{"", 0, false},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{"+5", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "120", "Wed, 21 Oct 2015 07:28:00 GMT", "-1", "1.5", "99999999999999999999", ""} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseRetryAfter(s, now)
		if d < 0 {
			t.Fatalf("parseRetryAfter(%q) = %v, negative", s, d)
		}
		if !ok && d != 0 {
			t.Fatalf("parseRetryAfter(%q) = %v with ok=false", s, d)
		}
	})
}

func TestMediaTypeAccepted(t *testing.T) {
	tests := []struct {
		ct     string
		accept []string
		want   bool
	}{
		{"application/json", []string{"application/json"}, true},
		{"Application/JSON; charset=UTF-8", []string{"application/json"}, true},
		{"application/json", []string{" application/json ;q=0.9"}, true},
		{"application/vnd.api+json", []string{"application/json"}, true},
		{"application/rss+xml", []string{"application/xml"}, true},
		{"text/html", []string{"application/json"}, false},
		{"text/plain", []string{"text/*"}, true},
		{"text/plain", []string{"*/*"}, true},
		{"application/jsonx", []string{"application/json"}, false},
		{"", []string{"text/html"}, false},
		{"garbage", []string{"text/html"}, false},
		{"text/html", nil, true},
	}
	for _, tt := range tests {
		if got := mediaTypeAccepted(tt.ct, tt.accept); got != tt.want {
			t.Errorf("mediaTypeAccepted(%q, %q) = %v, want %v", tt.ct, tt.accept, got, tt.want)
		}
	}
}

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"https://shop.example/products.json?page=2", "http://[::1]:80/", "ftp://x", "//x", "http://u@h/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := parseTarget(s)
		if err != nil {
			if KindOf(err) != KindInvalidURL {
				t.Fatalf("parseTarget(%q) error kind %q", s, KindOf(err))
			}
			return
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil || u.Fragment != "" {
			t.Fatalf("parseTarget(%q) accepted %#v", s, u)
		}
	})
}

func FuzzParseRobots(f *testing.F) {
	for _, s := range []string{
		"User-agent: *\nDisallow: /private\nCrawl-delay: 2\n",
		"Disallow: /x\nUser-agent: *\nCrawl-delay: abc\nAllow: /\n",
		"<html><body>Disallow /y</body></html>",
		"User-agent: SkateStockBot\r\nDisallow: /\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		data, err := parseRobots(body)
		if err == nil && data == nil {
			t.Fatal("parseRobots returned neither data nor error")
		}
		if data != nil {
			_ = data.TestAgent("/products.json", "SkateStockBot")
			_ = data.FindGroup("SkateStockBot").CrawlDelay
		}
	})
}
