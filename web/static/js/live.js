// The live stream: one EventSource for the whole page, its events handed to
// whichever views listen. The browser reconnects on its own after the
// delay the server sets; the indicator says when it is doing so.

const listeners = { price: new Set(), status: new Set(), dropped: new Set() };
let lastStatus = null;
let source = null;

/** Calls fn with each event's data of type ("price", "status", "dropped"); returns the unsubscribe. */
export function on(type, fn) {
  listeners[type].add(fn);
  if (type === "status" && lastStatus) fn(lastStatus);
  return () => listeners[type].delete(fn);
}

/** Opens the stream and keeps indicator up to date. */
export function connect(indicator) {
  if (source) return;
  const state = (s, text) => {
    indicator.dataset.state = s;
    indicator.textContent = text;
  };
  source = new EventSource("dashboard/stream");
  source.addEventListener("open", () => state("live", "Live"));
  source.addEventListener("error", () => {
    if (source.readyState === EventSource.CLOSED) state("offline", "Offline: reload to retry");
    else state("retrying", "Reconnecting…");
  });
  for (const type of Object.keys(listeners)) {
    source.addEventListener(type, (ev) => {
      let data;
      try {
        data = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (type === "status") lastStatus = data;
      for (const fn of listeners[type]) fn(data);
    });
  }
}
