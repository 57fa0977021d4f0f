// Package app is the composition root of skatestock: it parses the command
// line, loads and validates configuration, builds the logger, opens the store
// and wires the modules each subcommand needs. Nothing else imports it.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mattn/go-isatty"
)

// Exit codes of Main.
const (
	exitOK      = 0
	exitFailure = 1 // the command ran and failed
	exitUsage   = 2 // bad flag, argument or configuration: nothing was done
)

// Main runs skatestock with args (without the program name) and returns the
// process exit code. SIGINT and SIGTERM cancel the running command.
func Main(args []string) int {
	ctx, stop := signalContext(context.Background())
	defer stop()
	tty := isatty.IsTerminal(os.Stderr.Fd()) || isatty.IsCygwinTerminal(os.Stderr.Fd())
	return run(ctx, args, os.Environ(), os.Stdout, os.Stderr, tty)
}

// run is Main with its surroundings passed in, so tests can drive it.
func run(ctx context.Context, args, environ []string, stdout, stderr io.Writer, stderrTTY bool) int {
	if args == nil {
		args = []string{} // nil would make cobra read os.Args
	}
	c := &cli{stdout: stdout, stderr: stderr, environ: environ, stderrTTY: stderrTTY}
	root := newRootCmd(c)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if c.logFile != nil {
		if cerr := c.logFile.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close log file: %w", cerr)
		}
	}
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "skatestock: "+oneLine(c.redact(errorMessage(ctx, err))))
	return exitCode(err)
}

// usageError marks an error in what the user asked for (flags, arguments,
// configuration), as opposed to a failure while doing it.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usageErrorf builds a usageError with a formatted message.
func usageErrorf(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...)}
}

func exitCode(err error) int {
	var ue *usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailure
}

// errorMessage says "interrupted" rather than "context canceled" when a signal
// stopped the command, since that is what the user did; a failure that is
// not the cancellation itself is kept after it.
func errorMessage(ctx context.Context, err error) string {
	switch {
	case ctx.Err() == nil:
		return err.Error()
	case errors.Is(err, context.Canceled):
		return "interrupted"
	default:
		return "interrupted: " + err.Error()
	}
}

// oneLine folds a multi-line message (driver and YAML errors have them) into
// one line, so every failure is exactly one line on stderr: lines are joined
// with "; ", or a space after a line that ends in a colon.
func oneLine(s string) string {
	var b strings.Builder
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			continue
		case b.Len() == 0:
		case strings.HasSuffix(b.String(), ":"):
			b.WriteString(" ")
		default:
			b.WriteString("; ")
		}
		b.WriteString(line)
	}
	return b.String()
}
