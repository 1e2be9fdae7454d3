import { useAsOf } from '../asOf/useAsOf';
import { useRangeQuery } from '../events/eventsRange';

/**
 * The range of "What changed", kept in the URL (`changes`, `changesFrom`, `changesTo`): the last
 * 24 hours by default, presets ending at the tab's "as of" moment.
 */
export function useChangesRange() {
  const { asOf } = useAsOf();
  return useRangeQuery({
    keys: { choice: 'changes', from: 'changesFrom', to: 'changesTo' },
    defaultChoice: '24h',
    end: asOf,
  });
}
