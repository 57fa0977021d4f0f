package app

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The end-to-end test builds the real binary and drives it as a user would:
// through arguments, environment, exit codes and output.

const e2eVersion = "v0.0.0-e2e"

func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := buildBinary(t)
	t.Run("sqlite", func(t *testing.T) { e2eSQLite(t, bin) })
	t.Run("bad input", func(t *testing.T) { e2eBadInput(t, bin) })
	t.Run("unreachable postgres", func(t *testing.T) { e2eUnreachablePostgres(t, bin) })
	t.Run("interrupt", func(t *testing.T) { e2eInterrupt(t, bin) })
	t.Run("postgres", func(t *testing.T) { e2ePostgres(t, bin) })
}

// buildBinary builds skatestock with a stamped version into a temp dir.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "skatestock")
	cmd := exec.Command("go", "build", "-o", bin,
		"-ldflags", "-X github.com/skatestock/skatestock/app.version="+e2eVersion, ".")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// e2eEnv is the test's environment without SKATESTOCK_ settings, so a
// developer's own configuration cannot leak in, plus extra.
func e2eEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, envPrefix) || strings.HasPrefix(kv, envPrefix+"TEST_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// runBin runs the binary to completion (at most two minutes).
func runBin(t *testing.T, bin string, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("run %q: %v", args, err)
	}
	return r
}

func mustSucceed(t *testing.T, r result, args string) {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", args, r.code, r.stdout, r.stderr)
	}
}

// assertFailsOneLine checks a non-zero exit (code, when > 0) with one line
// on stderr that contains every string in want.
func assertFailsOneLine(t *testing.T, r result, code int, want ...string) {
	t.Helper()
	if r.code == 0 || (code > 0 && r.code != code) {
		t.Errorf("exit code %d, want %d (non-zero)", r.code, code)
	}
	if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "skatestock: ") {
		t.Errorf("stderr is not one skatestock: line: %q", r.stderr)
	}
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr %q does not contain %q", r.stderr, w)
		}
	}
}

func e2eSQLite(t *testing.T, bin string) {
	dbURL := "sqlite://" + filepath.ToSlash(filepath.Join(t.TempDir(), "x.db"))
	env := e2eEnv()
	db := func(args ...string) []string { return append(args, "--database-url", dbURL) }

	r := runBin(t, bin, env, db("migrate", "status")...)
	mustSucceed(t, r, "migrate status")
	if !strings.Contains(r.stdout, "pending") || !strings.Contains(r.stdout, "0 applied") {
		t.Errorf("migrate status on a new database should list pending migrations:\n%s", r.stdout)
	}

	r = runBin(t, bin, env, db("migrate", "up")...)
	mustSucceed(t, r, "migrate up")
	if !strings.Contains(r.stdout, "applied 1 ") {
		t.Errorf("migrate up should print the versions it applied:\n%s", r.stdout)
	}

	r = runBin(t, bin, env, db("migrate", "up")...)
	mustSucceed(t, r, "migrate up again")
	if !strings.Contains(r.stdout, "database is up to date") {
		t.Errorf("second migrate up should be a no-op:\n%s", r.stdout)
	}

	r = runBin(t, bin, env, db("migrate", "status")...)
	mustSucceed(t, r, "migrate status after up")
	if !strings.Contains(r.stdout, " 0 pending") || strings.Contains(r.stdout, "  pending") {
		t.Errorf("migrate status after up should list nothing pending:\n%s", r.stdout)
	}

	r = runBin(t, bin, env, db("seed", "--products", "500", "--days", "14")...)
	mustSucceed(t, r, "seed")
	gen := summaryNumbers(t, r.stdout, `generated\s+(\d+) shops, (\d+) listings, (\d+) variants, (\d+) observations`)
	held := summaryNumbers(t, r.stdout, `store holds\s+(\d+) shops, (\d+) listings, (\d+) variants, (\d+) price points`)
	if gen[0] < 5 || gen[1] != 500 || gen[2] < 500 || gen[3] <= 0 {
		t.Errorf("generated %v, want ≥5 shops, 500 listings, ≥500 variants, observations > 0", gen)
	}
	if held[0] != int64(gen[0]) || held[1] != 500 || held[2] != gen[2] || held[3] <= 0 || held[3] > gen[3] {
		t.Errorf("store holds %v after generating %v", held, gen)
	}
	if !strings.Contains(r.stdout, dbURL) {
		t.Errorf("seed summary should say where the data is (%s):\n%s", dbURL, r.stdout)
	}
	if !strings.Contains(r.stderr, "seeded ") || !strings.Contains(r.stderr, " observations") {
		t.Errorf("seed off a terminal should print plain progress lines, stderr:\n%s", r.stderr)
	}

	r = runBin(t, bin, env, "version")
	mustSucceed(t, r, "version")
	if !strings.HasPrefix(r.stdout, "skatestock "+e2eVersion+"\n") || !strings.Contains(r.stdout, "go1.") {
		t.Errorf("version output:\n%s", r.stdout)
	}

	r = runBin(t, bin, env, "--help")
	mustSucceed(t, r, "--help")
	for _, s := range []string{"migrate", "seed", "version", "Examples:"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("--help does not mention %s", s)
		}
	}
}

// summaryNumbers finds pattern in out and returns its four numbers.
func summaryNumbers(t *testing.T, out, pattern string) [4]int64 {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("output has no line matching %q:\n%s", pattern, out)
	}
	var n [4]int64
	for i := range n {
		n[i], _ = strconv.ParseInt(m[i+1], 10, 64)
	}
	return n
}

func e2eBadInput(t *testing.T, bin string) {
	env := e2eEnv()
	dir := t.TempDir()
	fresh := "sqlite://" + filepath.ToSlash(filepath.Join(dir, "fresh.db"))

	r := runBin(t, bin, env, "seed", "--products", "0", "--database-url", fresh)
	assertFailsOneLine(t, r, exitUsage, "config: seed.products = 0: must be between 1 and")

	cfg := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(cfg, []byte("database:\n  url: "+fresh+"\n  pool_size: 3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = runBin(t, bin, env, "migrate", "status", "--config", cfg)
	assertFailsOneLine(t, r, exitUsage, "line 3: unknown key database.pool_size")

	r = runBin(t, bin, e2eEnv("SKATESTOCK_DATABSE_URL="+fresh), "migrate", "status")
	assertFailsOneLine(t, r, exitUsage, "SKATESTOCK_DATABSE_URL names no setting")

	r = runBin(t, bin, env, "seed", "--database-url", fresh)
	assertFailsOneLine(t, r, exitFailure, "skatestock migrate up")
}
