import type { HazardListItem } from '../hazards.api.ts';

/** 所属乡镇 cell: the township (from the server), with the community below it when the object lies in one. */
export function Township({ h }: { h: Pick<HazardListItem, 'regionName' | 'communityName'> }) {
  return (
    <>
      <div>{h.regionName ?? '—'}</div>
      {h.communityName ? <div style={{ fontSize: 12, color: 'rgba(0,0,0,.5)' }}>{h.communityName}</div> : null}
    </>
  );
}
