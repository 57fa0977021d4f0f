package dashboard

import (
	"bufio"
	"bytes"
	"testing"
	"time"
)

func TestSSEFrame(t *testing.T) {
	tests := []struct {
		name, event, data, want string
	}{
		{"one line", "price", `{"a":1}`, "event: price\ndata: {\"a\":1}\n\n"},
		{"empty data", "status", "", "event: status\ndata: \n\n"},
		{"line feeds", "x", "a\nb\n", "event: x\ndata: a\ndata: b\ndata: \n\n"},
		{"crlf and cr", "x", "a\r\nb\rc", "event: x\ndata: a\ndata: b\ndata: c\n\n"},
		{"a blank line cannot end the event early", "x", "a\n\nevent: forged", "event: x\ndata: a\ndata: \ndata: event: forged\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sseFrame(tt.event, []byte(tt.data))
			if string(got) != tt.want {
				t.Errorf("sseFrame = %q, want %q", got, tt.want)
			}
			// What a browser reads back is the data, line breaks as \n.
			ev := readEvent(t, bufio.NewReader(bytes.NewReader(got)))
			wantData := string(bytes.ReplaceAll(bytes.ReplaceAll([]byte(tt.data), []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n")))
			if ev.name != tt.event || ev.data != wantData {
				t.Errorf("read back %+v, want event %q data %q", ev, tt.event, wantData)
			}
		})
	}
}

func TestControlFrames(t *testing.T) {
	if got := string(retryFrame(3 * time.Second)); got != "retry: 3000\n\n" {
		t.Errorf("retryFrame = %q", got)
	}
	ev := readEvent(t, bufio.NewReader(bytes.NewReader(heartbeatFrame)))
	if ev.comment == "" || ev.name != "" || ev.data != "" {
		t.Errorf("heartbeat should be a comment only: %+v", ev)
	}
}

func TestJSONFrame(t *testing.T) {
	got, err := jsonFrame("status", map[string]any{"text": "two\nlines"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "event: status\ndata: {\"text\":\"two\\nlines\"}\n\n"; string(got) != want {
		t.Errorf("jsonFrame = %q, want %q", got, want)
	}
	if _, err := jsonFrame("x", func() {}); err == nil {
		t.Error("jsonFrame of a func should fail")
	}
}
