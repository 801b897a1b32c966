import { afterEach, describe, expect, it, vi } from 'vitest';
import { type LiveMessage, RETRY_MS, setLiveSourceFactory, subscribeLive } from './live.ts';

class FakeSource {
  static opened: FakeSource[] = [];
  readyState = 1;
  closed = false;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  constructor(readonly url: string) {
    FakeSource.opened.push(this);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  emit(data: unknown, lastEventId = '') {
    this.onmessage?.({ data: JSON.stringify(data), lastEventId } as MessageEvent);
  }
}

describe('live feed client', () => {
  afterEach(() => {
    vi.useRealTimers();
    FakeSource.opened = [];
  });

  it('shares one stream, delivers by type prefix, closes with the last listener and resumes after the last id', () => {
    vi.useFakeTimers();
    setLiveSourceFactory((url) => new FakeSource(url));
    const hazards: LiveMessage[] = [];
    const others: LiveMessage[] = [];
    const stopHazards = subscribeLive(['hazard.'], (m) => hazards.push(m));
    const stopOthers = subscribeLive(['alarm.'], (m) => others.push(m));
    expect(FakeSource.opened).toHaveLength(1);
    const [first] = FakeSource.opened;
    expect(first!.url).toBe('/api/v1/events/stream');
    first!.emit({ id: 7, type: 'hazard.escalated', subject: { type: 'hazard', id: 'h1' } }, '7');
    first!.emit({ id: 8, type: 'inspection.signed' }, '8');
    first!.emit({ type: 'reset' });
    expect(hazards.map((m) => m.type)).toEqual(['hazard.escalated', 'reset']);
    expect(others.map((m) => m.type)).toEqual(['reset']);

    // The server refused the stream (CLOSED): opened again later, after the last id seen.
    first!.readyState = 2;
    first!.onerror?.(new Event('error'));
    expect(FakeSource.opened).toHaveLength(1);
    vi.advanceTimersByTime(RETRY_MS);
    expect(FakeSource.opened).toHaveLength(2);
    expect(FakeSource.opened[1]!.url).toBe('/api/v1/events/stream?lastEventId=8');

    stopHazards();
    expect(FakeSource.opened[1]!.closed).toBe(false);
    stopOthers();
    expect(FakeSource.opened[1]!.closed).toBe(true);
  });
});
