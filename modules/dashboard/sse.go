package dashboard

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// The event names of the stream. The browser listens for each by name.
const (
	eventPrice   = "price"   // one price update
	eventStatus  = "status"  // the overview's figures
	eventDropped = "dropped" // how many price events this client missed
)

// sseFrame encodes one server-sent event. Every line of data becomes a data
// field, since a raw line break would end the field early (the receiver
// joins them back with "\n"); JSON from encoding/json has none, but a frame
// must stay well formed whatever it carries.
func sseFrame(event string, data []byte) []byte {
	b := make([]byte, 0, len(event)+len(data)+16)
	b = append(b, "event: "...)
	b = append(b, event...)
	b = append(b, '\n')
	for {
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			break
		}
		b = append(append(append(b, "data: "...), data[:i]...), '\n')
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
	b = append(append(append(b, "data: "...), data...), '\n')
	return append(b, '\n')
}

// jsonFrame is sseFrame of v's JSON.
func jsonFrame(event string, v any) ([]byte, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %s event: %w", event, err)
	}
	return sseFrame(event, data), nil
}

// heartbeatFrame is a comment: EventSource ignores it, while proxies and
// load balancers see traffic and keep the connection open.
var heartbeatFrame = []byte(": heartbeat\n\n")

// retryFrame tells EventSource how long to wait before reconnecting.
func retryFrame(d time.Duration) []byte {
	return []byte("retry: " + strconv.FormatInt(d.Milliseconds(), 10) + "\n\n")
}
