package app

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// result is what one run of the CLI produced.
type result struct {
	code           int
	stdout, stderr string
}

// runCLI runs the command line in-process with exactly env as environment.
func runCLI(t *testing.T, env []string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, env, &stdout, &stderr, false)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// writeFile writes content to name in a fresh temporary directory and
// returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// assertOneLineError checks the run failed with code and printed exactly one
// line, "skatestock: " followed by want.
func assertOneLineError(t *testing.T, r result, code int, want string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit code = %d, want %d (stderr %q)", r.code, code, r.stderr)
	}
	if strings.Count(r.stderr, "\n") != 1 || !strings.HasSuffix(r.stderr, "\n") {
		t.Errorf("stderr is not exactly one line: %q", r.stderr)
	}
	if got := strings.TrimSuffix(r.stderr, "\n"); got != "skatestock: "+want {
		t.Errorf("stderr = %q\n  want %q", got, "skatestock: "+want)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"deploy"}, `unknown command "deploy" for "skatestock" (see skatestock --help)`},
		{"typo suggests", []string{"migrat"}, `unknown command "migrat" for "skatestock"; did you mean migrate? (see skatestock --help)`},
		{"unknown migrate subcommand", []string{"migrate", "down"}, `unknown command "down" for "skatestock migrate" (see skatestock migrate --help)`},
		{"unknown flag", []string{"seed", "--colour"}, `unknown flag: --colour`},
		{"positional argument", []string{"seed", "extra"}, `skatestock seed takes no arguments, got "extra" (see skatestock seed --help)`},
		{"non-number flag", []string{"seed", "--shops", "many"}, `invalid argument "many" for "--shops" flag: strconv.ParseInt: parsing "many": invalid syntax`},
		{"version takes no args", []string{"version", "x"}, `skatestock version takes no arguments, got "x" (see skatestock version --help)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertOneLineError(t, runCLI(t, nil, tt.args...), exitUsage, tt.want)
		})
	}
}

func TestHelpAndVersion(t *testing.T) {
	// Help works even when the configuration is broken.
	broken := []string{"SKATESTOCK_NOPE=1"}
	for _, args := range [][]string{{"--help"}, {}, {"migrate"}, {"seed", "--help"}, {"help", "migrate"}, {"migrate", "up", "-h"},
		{"shops"}, {"shops", "serve", "--help"}, {"scrape", "-h"}} {
		r := runCLI(t, broken, args...)
		if r.code != exitOK || r.stderr != "" || !strings.Contains(r.stdout, "Usage:") {
			t.Errorf("%q: code %d, stderr %q, stdout without Usage:\n%s", args, r.code, r.stderr, r.stdout)
		}
	}
	r := runCLI(t, nil, "--help")
	for _, cmd := range []string{"migrate", "scrape", "seed", "shops", "version", "--database-url", "--log-format", "Examples:"} {
		if !strings.Contains(r.stdout, cmd) {
			t.Errorf("--help does not mention %s", cmd)
		}
	}
	// So does version.
	for _, args := range [][]string{{"version"}, {"--version"}} {
		r := runCLI(t, broken, args...)
		if r.code != exitOK || !strings.HasPrefix(r.stdout, "skatestock dev\ncommit:") || !strings.Contains(r.stdout, "go:") {
			t.Errorf("%q: code %d stdout %q stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
}

func TestOneLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"yaml: unmarshal errors:\n  line 3: x\r\n  line 4: y\n", "yaml: unmarshal errors: line 3: x; line 4: y"},
		{"connect failed\n\n  host a: refused\n  host b: refused", "connect failed; host a: refused; host b: refused"},
		{"one line", "one line"},
	}
	for _, tt := range tests {
		if got := oneLine(tt.in); got != tt.want {
			t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestInterruptedMessage(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := errorMessage(ctx, context.Canceled); got != "interrupted" {
		t.Errorf("errorMessage = %q, want interrupted", got)
	}
	if got := errorMessage(ctx, errors.New("disk full")); got != "interrupted: disk full" {
		t.Errorf("errorMessage of another failure after a signal = %q", got)
	}
	if got := errorMessage(context.Background(), context.Canceled); got != "context canceled" {
		t.Errorf("errorMessage without a signal = %q", got)
	}
}
