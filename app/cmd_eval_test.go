package app

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runEvalCmd runs `skatestock eval` with args, without the root command
// (whose pre-run would load configuration), and returns stdout and stderr.
func runEvalCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	c := &cli{stdout: &stdout, stderr: &stderr, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	cmd := newEvalCmd(c)
	cmd.SetArgs(args)
	cmd.SetOut(&stdout)
	cmd.SetErr(&stderr)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.ExecuteContext(context.Background())
	return stdout.String(), stderr.String(), err
}

func TestEvalCommandWritesScores(t *testing.T) {
	out := filepath.Join(t.TempDir(), "docs", "analytics.md")
	stdout, stderr, err := runEvalCmd(t, "--products", "300", "--days", "21", "--write", out)
	if err != nil {
		t.Fatalf("eval: %v\n%s", err, stderr)
	}
	for _, want := range []string{"| listing pairs: precision / recall |", "tuning seed 1", "held-out seed 2", "wrote " + out} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "eval held-out seed 2: matching listings") {
		t.Errorf("no progress lines on stderr:\n%s", stderr)
	}
	doc, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	cmdLine := "skatestock eval --days 21 --products 300 --write " + out
	if !strings.Contains(string(doc), cmdLine) || !strings.Contains(string(doc), "| variant pairs: precision / recall |") {
		t.Errorf("the document lacks the command %q or the scores:\n%s", cmdLine, doc)
	}
}

func TestEvalCommandOneSeed(t *testing.T) {
	stdout, _, err := runEvalCmd(t, "--products", "200", "--days", "14", "--rand-seed", "5", "--tuned-seed", "-1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "held-out seed 5") || strings.Contains(stdout, "tuning seed") {
		t.Errorf("want one column for seed 5:\n%s", stdout)
	}
}

func TestEvalCommandRejectsBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"--products", "0"},
		{"--shops", "51"},
		{"--threshold", "1.5"},
	} {
		_, _, err := runEvalCmd(t, args...)
		var ue *usageError
		if !errors.As(err, &ue) {
			t.Errorf("eval %v: error %v, want a usage error", args, err)
		}
	}
}
