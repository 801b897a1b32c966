/**
 * The live feed (`GET /api/v1/events/stream`, server-sent events): one EventSource per tab, open
 * while some component listens and closed when none does. The server sends only the events the
 * signed-in user may see. EventSource reconnects by itself with the last event id (the server
 * then sends what was missed); when the server refused the stream (signed out, restarted) it is
 * opened again after RETRY_MS with the last id seen. `{ type: 'reset' }` means events were missed
 * beyond recall: listeners should reload what they show.
 */
export type LiveEvent = {
  id: number;
  type: string;
  subject: { type: string; id: string | null };
  regionId: string | null;
  payload: Record<string, unknown>;
  at: string;
};
export type LiveMessage = LiveEvent | { type: 'reset' };
type Listener = (message: LiveMessage) => void;

export const LIVE_URL = '/api/v1/events/stream';
export const RETRY_MS = 30_000;

type Source = Pick<EventSource, 'close' | 'readyState'> & {
  onmessage: ((e: MessageEvent) => void) | null;
  onerror: ((e: Event) => void) | null;
};
type Factory = (url: string) => Source;

const listeners = new Map<Listener, string[]>();
let source: Source | null = null;
let lastEventId: string | null = null;
let retry: ReturnType<typeof setTimeout> | null = null;
let factory: Factory = (url) => new EventSource(url, { withCredentials: true });

/** Tests replace the EventSource. */
export function setLiveSourceFactory(f: Factory) {
  factory = f;
}

function open() {
  if (source || listeners.size === 0) return;
  const url = lastEventId ? `${LIVE_URL}?lastEventId=${encodeURIComponent(lastEventId)}` : LIVE_URL;
  const s = factory(url);
  source = s;
  s.onmessage = (e) => {
    if (e.lastEventId) lastEventId = e.lastEventId;
    let message: LiveMessage;
    try {
      message = JSON.parse(String(e.data)) as LiveMessage;
    } catch {
      return;
    }
    for (const [listener, prefixes] of listeners)
      if (message.type === 'reset' || prefixes.some((p) => message.type.startsWith(p))) listener(message);
  };
  s.onerror = () => {
    // CLOSED: the browser gives up (the answer was not a stream); CONNECTING: it retries by itself.
    if (s.readyState !== 2) return;
    s.close();
    if (source === s) source = null;
    retry ??= setTimeout(() => {
      retry = null;
      open();
    }, RETRY_MS);
  };
}

function close() {
  source?.close();
  source = null;
  if (retry) clearTimeout(retry);
  retry = null;
}

/** Calls `listener` for live events whose type starts with one of `prefixes` (e.g. `hazard.`), and for resets. */
export function subscribeLive(prefixes: string[], listener: Listener): () => void {
  listeners.set(listener, prefixes);
  open();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) close();
  };
}

/** Forgets the position (another user signs in: they start from now). */
export function resetLive() {
  close();
  lastEventId = null;
  open();
}
