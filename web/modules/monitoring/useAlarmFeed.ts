import { App } from 'antd';
import { useEffect, useRef } from 'react';
import { type MessageKey, useT } from '../../app/i18n.ts';
import { type LiveMessage, subscribeLive } from '../../app/live.ts';

/** A short two-tone beep (Web Audio; no file to load). Browsers play it only after the user has interacted with the page. */
function beep() {
  try {
    const Ctx =
      window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.setValueAtTime(880, ctx.currentTime);
    osc.frequency.setValueAtTime(660, ctx.currentTime + 0.25);
    gain.gain.setValueAtTime(0.15, ctx.currentTime);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.5);
    osc.onended = () => void ctx.close();
  } catch {
    // No audio: the visual cue remains.
  }
}

/** True for an event that brings a new high-level (报警) alarm: raised at, or risen to, level `alarm`. */
export function isHighAlarm(m: LiveMessage): boolean {
  if (m.type !== 'alarm.raised' && m.type !== 'alarm.level_changed') return false;
  return 'payload' in m && m.payload.level === 'alarm';
}

/**
 * The live alarm feed for a page: calls `onChange` after any alarm event (debounced; and after a
 * `reset`, i.e. events missed beyond recall), and for a new high-level alarm shows a notification
 * and plays a sound.
 */
export function useAlarmFeed(onChange: () => void, { cue = true }: { cue?: boolean } = {}) {
  const t = useT();
  const { notification } = App.useApp();
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = subscribeLive(['alarm.'], (m) => {
      if (cue && isHighAlarm(m) && 'payload' in m) {
        beep();
        notification.error({
          key: `alarm-${m.subject.id}`,
          message: t('monitoring.newAlarm', {
            code: String(m.payload.sensorCode ?? ''),
            kind: t(`monitoring.alarmKind.${String(m.payload.kind)}` as MessageKey),
          }),
          placement: 'topRight',
          duration: 0,
        });
      }
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => latest.current(), 300);
    });
    return () => {
      if (timer) clearTimeout(timer);
      unsubscribe();
    };
  }, [cue, notification, t]);
}
