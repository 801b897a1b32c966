export const regionLevels = ['province', 'city', 'county', 'township', 'community'] as const;
export type RegionLevel = (typeof regionLevels)[number];

/** The level a new region below a parent of this level takes, or null below a community. */
export function childLevel(level: RegionLevel): RegionLevel | null {
  const i = regionLevels.indexOf(level);
  return regionLevels[i + 1] ?? null;
}

/** Region codes become segments of the materialised path, so they are plain tokens. */
export const REGION_CODE_PATTERN = /^[0-9A-Za-z_-]{1,32}$/;

export const regionLevelLabels: Record<RegionLevel, { zh: string; en: string }> = {
  province: { zh: '省/自治区', en: 'Province' },
  city: { zh: '市/盟', en: 'City' },
  county: { zh: '旗/县', en: 'Banner / county' },
  township: { zh: '苏木镇', en: 'Township' },
  community: { zh: '社区/嘎查', en: 'Community' },
};
