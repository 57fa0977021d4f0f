package app

import (
	"bytes"
	"encoding/json"
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
