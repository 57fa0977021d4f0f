package app

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLogFormat(t *testing.T) {
	tests := []struct {
		format   string
		terminal bool
		want     string
	}{
		{"auto", true, "text"},
		{"auto", false, "json"},
		{"text", false, "text"},
		{"text", true, "text"},
		{"json", true, "json"},
		{"json", false, "json"},
	}
	for _, tt := range tests {
		if got := logFormat(tt.format, tt.terminal); got != tt.want {
			t.Errorf("logFormat(%q, terminal=%v) = %q, want %q", tt.format, tt.terminal, got, tt.want)
		}
	}
}

func TestNewLogger(t *testing.T) {
	var buf bytes.Buffer
	log := newLogger(&buf, logConfig{Level: "warn", Format: "auto"}, false)
	log.Info("hidden")
	log.Warn("shown", "shop_slug", "skate-shop")
	line := strings.TrimSpace(buf.String())
	var rec map[string]any
	if err := json.Unmarshal([]byte(line), &rec); err != nil {
		t.Fatalf("auto off a terminal should be JSON, got %q: %v", line, err)
	}
	if rec["msg"] != "shown" || rec["shop_slug"] != "skate-shop" || strings.Contains(line, "hidden") {
		t.Errorf("unexpected log output %q", line)
	}

	buf.Reset()
	newLogger(&buf, logConfig{Level: "debug", Format: "auto"}, true).Debug("at a terminal")
	if got := buf.String(); !strings.Contains(got, "level=DEBUG") || !strings.Contains(got, `msg="at a terminal"`) {
		t.Errorf("auto on a terminal should be text at debug, got %q", got)
	}
}

// With log.file set, logs are appended to that file (its folder created)
// as JSON and stderr keeps only what the command itself prints.
func TestLogFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "logs", "skatestock.log")
	env := []string{"SKATESTOCK_LOG_FILE=" + path, "SKATESTOCK_DATA_DIR=" + dir}
	for range 2 {
		r := runCLI(t, env, "--log-level", "debug", "migrate", "status")
		if r.code != exitOK {
			t.Fatalf("migrate status: %d\n%s", r.code, r.stderr)
		}
		if strings.Contains(r.stderr, "effective config") {
			t.Errorf("logs still reach stderr:\n%s", r.stderr)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if n := strings.Count(string(b), "effective config"); n != 2 {
		t.Errorf("log file holds %d startup lines after two runs, want 2 (appended):\n%s", n, b)
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Errorf("log file lines are not JSON: %q", lines[0])
	}
}
