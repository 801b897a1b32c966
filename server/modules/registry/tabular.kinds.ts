import { enterprisesTabular } from './enterprises.io.ts';
import { facilitiesTabular } from './facilities.io.ts';
import { licencesTabular } from './licences.io.ts';
import { peopleTabular } from './people.io.ts';
import { pipelinesTabular } from './pipelines.io.ts';
import type { AnyTabularKind } from './tabular.ts';
import { vehiclesTabular } from './vehicles.io.ts';
import { venuesTabular } from './venues.io.ts';

/**
 * Every register kind that can be imported and exported, by URL segment
 * (/api/v1/registry/<kind>/template|import|export). Each kind adds one import and one line below.
 */
const kinds: AnyTabularKind[] = [
  enterprisesTabular,
  licencesTabular,
  facilitiesTabular,
  pipelinesTabular,
  peopleTabular,
  vehiclesTabular,
  venuesTabular,
];

export const tabularKinds = new Map<string, AnyTabularKind>(kinds.map((k) => [k.kind, k]));
