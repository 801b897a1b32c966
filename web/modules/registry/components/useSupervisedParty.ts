import { useSession } from '../../../app/session.tsx';

/**
 * Whether the signed-in user is a supervised party only (every grant an enterprise or a venue): then the
 * region, category and kind of its object, a venue's risk facts (venueRegulatorFields), an enterprise's name and
 * credit code and every licence field are the regulator's, which the server
 * enforces (registry.regulator_fields); forms show those fields read-only.
 */
export function useSupervisedParty(): boolean {
  const { me } = useSession();
  const roles = me?.roles ?? [];
  return roles.length > 0 && roles.every((r) => r.scopeType === 'enterprise' || r.scopeType === 'venue');
}
