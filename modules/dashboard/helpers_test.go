package dashboard

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"
)

// event is one server-sent event as a browser would see it; comment holds
// a comment line's text when the block was only that.
type event struct {
	name, data, retry, comment string
}

// readEvent reads the next blank-line-ended block of an event stream.
func readEvent(t *testing.T, r *bufio.Reader) event {
	t.Helper()
	var ev event
	var data []string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("read event: %v (so far %+v)", err, ev)
		}
		line = strings.TrimSuffix(line, "\n")
		if line == "" {
			ev.data = strings.Join(data, "\n")
			return ev
		}
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "":
			ev.comment = value
		case "event":
			ev.name = value
		case "data":
			data = append(data, value)
		case "retry":
			ev.retry = value
		default:
			t.Fatalf("unknown field in %q", line)
		}
	}
}

// nextNamed skips heartbeats and returns the next event called name.
func nextNamed(t *testing.T, r *bufio.Reader, name string) event {
	t.Helper()
	for {
		if ev := readEvent(t, r); ev.name == name {
			return ev
		}
	}
}

// fakeStatus answers with st, or err.
type fakeStatus struct {
	st  Status
	err error
}

func (f *fakeStatus) Status(context.Context) (Status, error) { return f.st, f.err }

// newTestServer mounts a dashboard on an httptest server and runs it until
// the test ends; stop ends Run early and waits for it.
func newTestServer(t *testing.T, cfg Config, deps Deps) (d *Dashboard, url string, stop func()) {
	t.Helper()
	d, err := New(cfg, nil, deps)
	if err != nil {
		t.Fatal(err)
	}
	e := echo.New()
	d.Mount(e)
	srv := httptest.NewServer(e)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		})
	}
	t.Cleanup(func() {
		stop()
		srv.Close()
	})
	return d, srv.URL, stop
}

// openStream connects to the stream and checks that it is one.
func openStream(t *testing.T, url string) (*bufio.Reader, func()) {
	t.Helper()
	resp, err := http.Get(url + "/dashboard/stream")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		t.Fatalf("stream: %d %s", resp.StatusCode, b)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q", cc)
	}
	return bufio.NewReader(resp.Body), func() { resp.Body.Close() }
}

// blockingWriter is a ResponseWriter whose writes after the first wait
// until release is closed, as a client that stopped reading would make
// them; blocked is signalled when a write starts waiting.
type blockingWriter struct {
	header  http.Header
	mu      sync.Mutex
	buf     strings.Builder
	writes  int
	blocked chan struct{}
	release chan struct{}
}

func newBlockingWriter() *blockingWriter {
	return &blockingWriter{header: http.Header{}, blocked: make(chan struct{}, 1), release: make(chan struct{})}
}

func (w *blockingWriter) Header() http.Header { return w.header }
func (w *blockingWriter) WriteHeader(int)     {}
func (w *blockingWriter) Flush()              {}

func (w *blockingWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	w.writes++
	first := w.writes == 1
	w.mu.Unlock()
	if !first {
		select {
		case w.blocked <- struct{}{}:
		default:
		}
		<-w.release
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.WriteString(string(b))
}

func (w *blockingWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

var errBoom = errors.New("boom")
