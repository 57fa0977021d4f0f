package dashboard

import (
	"errors"
	"fmt"
	"testing"
)

func TestHubFanOut(t *testing.T) {
	h := newHub(4, 10)
	var clients []*client
	for range 3 {
		c, err := h.subscribe()
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, c)
	}
	h.broadcast([]byte("a"))
	h.broadcast([]byte("b"))
	for i, c := range clients {
		for _, want := range []string{"a", "b"} {
			if got := string(<-c.events); got != want {
				t.Errorf("client %d got %q, want %q", i, got, want)
			}
		}
	}
	h.unsubscribe(clients[0])
	h.broadcast([]byte("c"))
	if len(clients[0].events) != 0 {
		t.Error("an unsubscribed client still receives")
	}
	if got := string(<-clients[1].events); got != "c" {
		t.Errorf("got %q after another client left", got)
	}
	if h.published.Load() != 3 || h.dropped.Load() != 0 || h.count() != 2 {
		t.Errorf("published %d dropped %d clients %d", h.published.Load(), h.dropped.Load(), h.count())
	}
}

func TestHubSlowClientDrops(t *testing.T) {
	h := newHub(2, 10)
	slow, _ := h.subscribe()
	fast, _ := h.subscribe()
	for i := range 5 {
		h.broadcast(fmt.Appendf(nil, "%d", i))
		<-fast.events // fast keeps up
	}
	if got := len(slow.events); got != 2 {
		t.Fatalf("slow client holds %d frames, want its buffer of 2", got)
	}
	if string(<-slow.events) != "0" || string(<-slow.events) != "1" {
		t.Error("a full buffer should keep the oldest frames and drop the new ones")
	}
	if slow.dropped.Load() != 3 || fast.dropped.Load() != 0 || h.dropped.Load() != 3 {
		t.Errorf("dropped: slow %d fast %d hub %d, want 3 0 3", slow.dropped.Load(), fast.dropped.Load(), h.dropped.Load())
	}
}

func TestHubStatusLatestWins(t *testing.T) {
	h := newHub(1, 10)
	early, _ := h.subscribe()
	if len(early.status) != 0 {
		t.Error("told of a status before there is one")
	}
	h.setStatus([]byte("s1"))
	h.setStatus([]byte("s2"))
	if len(early.status) != 1 || string(h.latestStatus()) != "s2" {
		t.Errorf("notifications %d, latest %q; want one and s2", len(early.status), h.latestStatus())
	}
	late, _ := h.subscribe()
	if len(late.status) != 1 {
		t.Error("a client joining after a status should be told of it at once")
	}
}

func TestHubLimitsAndClose(t *testing.T) {
	h := newHub(1, 2)
	h.subscribe()
	h.subscribe()
	if _, err := h.subscribe(); !errors.Is(err, errTooManyClients) {
		t.Errorf("third client: %v, want errTooManyClients", err)
	}
	h.close()
	h.close() // idempotent
	select {
	case <-h.done:
	default:
		t.Error("close did not close done")
	}
	h.clients = map[*client]struct{}{}
	if _, err := h.subscribe(); !errors.Is(err, errClosed) {
		t.Errorf("after close: %v, want errClosed", err)
	}
}
