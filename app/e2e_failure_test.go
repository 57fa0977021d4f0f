package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// e2eUnreachablePostgres points the binary at a port that refuses
// connections and at one that accepts but never answers: both must fail
// within a few seconds, name the host and never print the password.
func e2eUnreachablePostgres(t *testing.T, bin string) {
	const password = "Sup3rS3cretPw"
	refused := closedPort(t)
	silent := silentServer(t)
	for name, addr := range map[string]string{"refused": refused, "silent": silent} {
		t.Run(name, func(t *testing.T) {
			url := fmt.Sprintf("postgres://skate:%s@%s/skatestock?sslmode=disable", password, addr)
			start := time.Now()
			r := runBin(t, bin, e2eEnv("SKATESTOCK_DATABASE_CONNECT_TIMEOUT=1s"), "migrate", "status", "--database-url", url)
			if took := time.Since(start); took > 15*time.Second {
				t.Errorf("took %s to give up on %s", took, addr)
			}
			assertFailsOneLine(t, r, exitFailure, "127.0.0.1")
			if strings.Contains(r.stdout+r.stderr, password) {
				t.Errorf("output contains the password:\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
			}
		})
	}
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// silentServer accepts connections on loopback and never answers, like a
// firewalled database. It stops when the test ends.
func silentServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return ln.Addr().String()
}

// e2eInterrupt sends SIGINT to a running seed: it must stop within a few
// seconds, say it was interrupted, and leave a database that still opens.
func e2eInterrupt(t *testing.T, bin string) {
	dbURL := "sqlite://" + filepath.ToSlash(filepath.Join(t.TempDir(), "int.db"))
	env := e2eEnv()
	mustSucceed(t, runBin(t, bin, env, "migrate", "up", "--database-url", dbURL), "migrate up")

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "seed", "--products", "20000", "--days", "60", "--database-url", dbURL)
	cmd.Env = env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 100)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	// Interrupt once seeding has visibly started, or after a while anyway.
	select {
	case <-lines:
	case <-time.After(20 * time.Second):
	}
	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	var last string
	for l := range lines {
		last = l
	}
	err = cmd.Wait()
	if took := time.Since(sent); took > 10*time.Second {
		t.Errorf("seed took %s to stop after SIGINT", took)
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitFailure {
		t.Fatalf("seed after SIGINT: %v, want exit code %d", err, exitFailure)
	}
	// A driver may report the cancellation in its own words after the
	// prefix ("interrupted (9)" from SQLite); the prefix is the contract.
	if !strings.HasPrefix(last, "skatestock: interrupted") {
		t.Errorf("last stderr line %q, want it to start with skatestock: interrupted", last)
	}
	mustSucceed(t, runBin(t, bin, env, "migrate", "status", "--database-url", dbURL), "migrate status after interrupt")
}
