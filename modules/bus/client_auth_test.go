package bus_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/skatestock/skatestock/modules/bus"
)

// The embedded broker requires the configured SASL mechanism, so the
// clients' SASL code runs exactly as against MSK.
func TestSASL(t *testing.T) {
	for _, mech := range []string{bus.MechanismPlain, bus.MechanismSCRAMSHA256, bus.MechanismSCRAMSHA512} {
		t.Run(mech, func(t *testing.T) {
			cfg := embeddedConfig("")
			cfg.SASL = bus.SASLConfig{Mechanism: mech, Username: "ingest", Password: "s3cret-pw"}
			emb := startEmbedded(t, cfg) // its EnsureTopics authenticates already
			live := cfg.WithBrokers(emb.Addrs())
			publish(t, live, events(live, 5))
		})
	}
	t.Run("wrong password", func(t *testing.T) {
		cfg := embeddedConfig("")
		cfg.SASL = bus.SASLConfig{Mechanism: bus.MechanismSCRAMSHA256, Username: "ingest", Password: "s3cret-pw"}
		emb := startEmbedded(t, cfg)
		wrong := cfg.WithBrokers(emb.Addrs())
		wrong.SASL.Password = "guess"
		admin, err := bus.NewAdmin(wrong, testLogger())
		if err != nil {
			t.Fatal(err)
		}
		defer admin.Close()
		// kfake hangs up on a failed authentication, which the client
		// retries until its context ends, where Kafka would answer
		// SASL_AUTHENTICATION_FAILED at once.
		ctx, cancel := context.WithTimeout(testContext(t), time.Second)
		defer cancel()
		if _, err := bus.EnsureTopics(ctx, admin, wrong); err == nil {
			t.Error("EnsureTopics with a wrong password succeeded")
		}
	})
}

func TestTLS(t *testing.T) {
	serverTLS, caPEM := selfSignedTLS(t)
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.TLS(serverTLS))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, caPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(c.ListenAddrs())
	cfg.TLS = bus.TLSConfig{Enabled: true, CAFile: caFile}
	admin, err := bus.NewAdmin(cfg, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := bus.EnsureTopics(testContext(t), admin, cfg); err != nil {
		t.Fatal(err)
	}
	publish(t, cfg, events(cfg, 5))

	cfg.TLS.CAFile = filepath.Join(t.TempDir(), "missing.pem")
	if _, err := bus.NewProducer(cfg, nil); err == nil || !strings.Contains(err.Error(), "CA file") {
		t.Errorf("NewProducer with a missing CA file = %v, want a CA file error", err)
	}
}

// selfSignedTLS returns a server config for 127.0.0.1 and its certificate
// in PEM, which is its own CA.
func selfSignedTLS(t *testing.T) (*tls.Config, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "kfake"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}
