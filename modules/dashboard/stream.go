package dashboard

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
)

// stream answers GET /dashboard/stream with a server-sent event stream:
// the latest status at once, then price and status events as they come,
// and a heartbeat comment when nothing else was sent for a while. It ends
// when the client goes, when a write times out, or when Run ends.
func (d *Dashboard) stream(c echo.Context) error {
	cl, err := d.hub.subscribe()
	if err != nil {
		retry := d.cfg.Retry
		if errors.Is(err, errClosed) {
			retry = 10 * d.cfg.Retry // a restarting server: come back later
		}
		c.Response().Header().Set("Retry-After", strconv.Itoa(max(int(retry/time.Second), 1)))
		return echo.NewHTTPError(http.StatusServiceUnavailable, err.Error())
	}
	defer d.hub.unsubscribe(cl)
	d.wakeStatus()

	w := c.Response()
	rc := http.NewResponseController(w)
	// The server's read timeout would cancel the request once it passes,
	// and its write timeout would cut the stream: each write gets its own
	// deadline instead. Recorders in tests do not support either.
	_ = rc.SetReadDeadline(time.Time{})
	h := w.Header()
	h.Set(echo.HeaderContentType, "text/event-stream; charset=utf-8")
	h.Set(echo.HeaderCacheControl, "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: pass events on as they come
	w.WriteHeader(http.StatusOK)

	send := func(frames ...[]byte) bool {
		if err := rc.SetWriteDeadline(time.Now().Add(d.cfg.WriteTimeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return false
		}
		for _, f := range frames {
			if _, err := w.Write(f); err != nil {
				return false
			}
		}
		return rc.Flush() == nil
	}
	if !send(retryFrame(d.cfg.Retry)) {
		return nil
	}
	heartbeat := time.NewTicker(d.cfg.Heartbeat)
	defer heartbeat.Stop()
	ctx := c.Request().Context()
	for {
		var frames [][]byte
		select {
		case <-ctx.Done():
			return nil
		case <-d.hub.done:
			return nil
		case <-heartbeat.C:
			frames = append(frames, heartbeatFrame)
		case <-cl.status:
			frames = append(frames, d.hub.latestStatus())
		case f := <-cl.events:
			frames = append(frames, f)
			// Send what else is queued in the same write.
			for len(frames) < 64 && len(cl.events) > 0 {
				frames = append(frames, <-cl.events)
			}
		}
		if n := cl.dropped.Swap(0); n > 0 {
			frames = append(frames, sseFrame(eventDropped, []byte(`{"count":`+strconv.FormatInt(n, 10)+`}`)))
		}
		if !send(frames...) {
			return nil
		}
		heartbeat.Reset(d.cfg.Heartbeat)
	}
}
