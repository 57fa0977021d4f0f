package app

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"go.uber.org/zap/zapcore"
)

// newLogger builds the one logger every module gets a child of. Logs go to
// stderr so that stdout carries only command output. Format "auto" picks
// text for a person at a terminal and JSON for log collectors; cfg has been
// validated, so unknown values cannot occur.
func newLogger(w io.Writer, cfg logConfig, terminal bool) *slog.Logger {
	opts := &slog.HandlerOptions{Level: parseLevel(cfg.Level)}
	if logFormat(cfg.Format, terminal) == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// logFormat resolves "auto" to "text" on a terminal and "json" elsewhere.
func logFormat(format string, terminal bool) string {
	if format != "auto" {
		return format
	}
	if terminal {
		return "text"
	}
	return "json"
}

func parseLevel(level string) slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return slog.LevelInfo
	}
	return l
}

// openLogFile opens path for appending, creating it and its directory: a
// long-running demo keeps its logs where `make logs` follows them while
// the terminal shows only its URLs and progress.
//
// Lines are buffered and written at most logFlushInterval apart (or when
// logBufferSize bytes wait), not one write(2) each: serve logs a line per
// request, and under load those writes cost more than answering a cached
// request. Close writes what is waiting. zap's BufferedWriteSyncer does
// exactly that, flushing from its own goroutine.
func openLogFile(path string) (*logFile, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("log.file %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("log.file %s: %w", path, err)
	}
	buf := &zapcore.BufferedWriteSyncer{WS: f, Size: logBufferSize, FlushInterval: logFlushInterval}
	return &logFile{BufferedWriteSyncer: buf, f: f}, nil
}

const (
	logBufferSize    = 256 << 10
	logFlushInterval = time.Second
)

// logFile is log.file open for writing through a buffer.
type logFile struct {
	*zapcore.BufferedWriteSyncer
	f *os.File
}

// Close writes the buffered lines and closes the file.
func (l *logFile) Close() error {
	return errors.Join(l.Stop(), l.f.Close())
}
