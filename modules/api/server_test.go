package api

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// TestGracefulShutdown cancels Run while a request is in flight: the
// listener closes at once, the request completes, then Run returns nil.
func TestGracefulShutdown(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	s, cat, _ := testServer(t, nil)
	cat.products = func(ctx context.Context, q catalog.ProductQuery) (catalog.ProductPage, error) {
		close(entered)
		<-release
		return catalog.ProductPage{}, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ran := make(chan error, 1)
	go func() { ran <- s.Run(ctx) }()
	<-s.Started()
	addr := s.Addr()
	if addr == nil || strings.HasSuffix(addr.String(), ":0") {
		t.Fatalf("Addr = %v after Started", addr)
	}

	type result struct {
		status int
		body   string
		err    error
	}
	got := make(chan result, 1)
	go func() {
		res, err := http.Get("http://" + addr.String() + "/api/v1/products")
		if err != nil {
			got <- result{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		got <- result{res.StatusCode, string(b), err}
	}()
	<-entered
	cancel()
	// Shutdown has begun once new connections are refused.
	for {
		c, err := net.Dial("tcp", addr.String())
		if err != nil {
			break
		}
		c.Close()
		time.Sleep(time.Millisecond)
	}
	select {
	case err := <-ran:
		t.Fatalf("Run returned %v with a request in flight", err)
	default:
	}
	close(release)
	r := <-got
	if r.err != nil || r.status != http.StatusOK || !strings.Contains(r.body, `"items":[]`) {
		t.Fatalf("in-flight request = %+v", r)
	}
	if err := <-ran; err != nil {
		t.Fatalf("Run = %v, want nil after a graceful shutdown", err)
	}
}

func TestRunFailsToListen(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	s, _, _ := testServer(t, func(c *Config, _ *Deps) { c.Addr = ln.Addr().String() })
	if err := s.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "listen") {
		t.Fatalf("Run on a taken port = %v", err)
	}
	<-s.Started()
	if err := s.Run(context.Background()); err == nil {
		t.Errorf("second Run succeeded")
	}
}

func TestTLSAndHSTS(t *testing.T) {
	cert, key := writeTestCert(t)
	s, _, _ := testServer(t, func(c *Config, _ *Deps) { c.TLSCertFile, c.TLSKeyFile = cert, key })
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- s.Run(ctx) }()
	<-s.Started()
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	res, err := client.Get("https://" + s.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("TLS healthz = %d, HSTS %q", res.StatusCode, res.Header.Get("Strict-Transport-Security"))
	}
	client.CloseIdleConnections()
	cancel()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
}

func writeTestCert(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:   time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

func TestConfigValidate(t *testing.T) {
	if err := (Config{}).Validate(); err != nil {
		t.Fatalf("zero config: %v", err)
	}
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("default config: %v", err)
	}
	tests := []struct {
		field string
		edit  func(*Config)
	}{
		{"Addr", func(c *Config) { c.Addr = "8080" }},
		{"ReadHeaderTimeout", func(c *Config) { c.ReadHeaderTimeout = 11 * time.Second }},
		{"ReadTimeout", func(c *Config) { c.ReadTimeout = -1 }},
		{"RequestTimeout", func(c *Config) { c.RequestTimeout = time.Minute }},
		{"MaxLimit", func(c *Config) { c.MaxLimit = 5000 }},
		{"DefaultLimit", func(c *Config) { c.DefaultLimit, c.MaxLimit = 50, 20 }},
		{"CORSOrigins", func(c *Config) { c.CORSOrigins = []string{"https://x.example/path"} }},
		{"TrustedProxies", func(c *Config) { c.TrustedProxies = []string{"10.0.0.0/33"} }},
		{"TLSCertFile", func(c *Config) { c.TLSCertFile = "cert.pem" }},
		{"AdminKeys", func(c *Config) { c.AdminKeys = []string{"short"} }},
		{"BodyLimit", func(c *Config) { c.BodyLimit = -1 }},
	}
	for _, tt := range tests {
		c := DefaultConfig()
		tt.edit(&c)
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), tt.field) {
			t.Errorf("%s: Validate = %v, want an error naming it", tt.field, err)
		}
		if err != nil && strings.Contains(err.Error(), "short") {
			t.Errorf("an admin key appears in the error: %v", err)
		}
	}
	c := DefaultConfig()
	c.TrustedProxies = []string{"10.0.0.0/8", "192.0.2.7", "2001:db8::/32"}
	if err := c.Validate(); err != nil {
		t.Errorf("valid proxies: %v", err)
	}
}

func TestNewRefusesBadDeps(t *testing.T) {
	check := func(name string, d Deps) {
		if _, err := New(Config{}, nil, d); err == nil {
			t.Errorf("%s: New succeeded", name)
		}
	}
	check("no catalog", Deps{})
	check("unnamed probe", Deps{Catalog: &fakeCatalog{}, Probes: []Probe{{Check: func(context.Context) (any, error) { return nil, nil }}}})
	check("probe without check", Deps{Catalog: &fakeCatalog{}, Probes: []Probe{{Name: "db"}}})
	s, _, reg := testServer(t, nil)
	_ = s
	if _, err := New(Config{}, nil, Deps{Catalog: &fakeCatalog{}, Registerer: reg, Gatherer: reg}); err == nil {
		t.Errorf("registering the metrics twice succeeded")
	}
	if _, err := New(Config{TLSCertFile: "/nonexistent", TLSKeyFile: "/nonexistent"}, nil, Deps{Catalog: &fakeCatalog{}}); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing TLS files: %v", err)
	}
}
