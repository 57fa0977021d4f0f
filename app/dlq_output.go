package app

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/skatestock/skatestock/modules/bus"
)

// Widths the dlq list table shortens its free-text columns to.
const (
	dlqMessageWidth = 60
	dlqKeyWidth     = 40
)

// writeDeadLettersTable prints one aligned line per letter, with the
// message and key on one line and shortened.
func writeDeadLettersTable(w io.Writer, letters []bus.DeadLetter) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tKIND\tSCHEMA\tFAILED AT\tREPLAYS\tMESSAGE\tKEY")
	for _, l := range letters {
		failed := "-"
		if !l.FailedAt.IsZero() {
			failed = l.FailedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s/%d/%d\t%s\t%d\t%s\t%d\t%s\t%s\n",
			l.SourceTopic, l.Partition, l.Offset, orDash(l.Kind), l.SchemaID, failed, l.ReplayCount,
			orDash(shorten(l.Message, dlqMessageWidth)), orDash(shorten(printableKey(l.Key), dlqKeyWidth)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d dead letters\n", len(letters))
	return err
}

// deadLetterJSON is one line of dlq list --output jsonl. Byte fields are
// base64, as encoding/json writes []byte.
type deadLetterJSON struct {
	DLQPartition    int32        `json:"dlq_partition"`
	DLQOffset       int64        `json:"dlq_offset"`
	SourceTopic     string       `json:"source_topic"`
	SourcePartition int32        `json:"source_partition"`
	SourceOffset    int64        `json:"source_offset"`
	Kind            string       `json:"kind"`
	Message         string       `json:"message"`
	SchemaID        int          `json:"schema_id"`
	FailedAt        time.Time    `json:"failed_at"`
	ReplayCount     int          `json:"replay_count"`
	Key             []byte       `json:"key"`
	Value           []byte       `json:"value"`
	Headers         []headerJSON `json:"headers"`
}

type headerJSON struct {
	Key   string `json:"key"`
	Value []byte `json:"value"`
}

// writeDeadLettersJSONL prints every field of each letter as one JSON
// object per line.
func writeDeadLettersJSONL(w io.Writer, letters []bus.DeadLetter) error {
	enc := json.NewEncoder(w)
	for _, l := range letters {
		headers := make([]headerJSON, 0, len(l.Headers))
		for _, h := range l.Headers {
			headers = append(headers, headerJSON{Key: h.Key, Value: h.Value})
		}
		err := enc.Encode(deadLetterJSON{
			DLQPartition: l.DLQPartition, DLQOffset: l.DLQOffset,
			SourceTopic: l.SourceTopic, SourcePartition: l.Partition, SourceOffset: l.Offset,
			Kind: l.Kind, Message: l.Message, SchemaID: l.SchemaID, FailedAt: l.FailedAt,
			ReplayCount: l.ReplayCount, Key: l.Key, Value: l.Value, Headers: headers,
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// writeReplayReport says what dlq replay did, or would do with dryRun.
func writeReplayReport(w io.Writer, r bus.ReplayReport, left int, dryRun bool) error {
	verb := "replayed"
	if dryRun {
		verb = "would replay"
	}
	_, err := fmt.Fprintf(w, "%s\t%d dead letters\nrefused\t%d already replayed %d times\n",
		verb, r.Replayed, len(r.Exhausted), bus.MaxReplays)
	if err == nil && left > 0 {
		_, err = fmt.Fprintf(w, "left\t%d matching beyond --limit\n", left)
	}
	return err
}

// shorten folds s onto one line and cuts it to at most width runes.
func shorten(s string, width int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	r := []rune(s)
	return string(r[:width-3]) + "..."
}

// printableKey is key as text when it is printable, else quoted with
// escapes.
func printableKey(key []byte) string {
	s := string(key)
	if utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) < 0 {
		return s
	}
	return strconv.Quote(s)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
