import { useMemo } from 'react';
import { useQueryState } from '../../common';
import { useAsOf } from '../asOf/useAsOf';

/** The range presets of the timeline, in hours. */
export const RANGE_PRESETS = {
  '24h': 24,
  '7d': 7 * 24,
  '30d': 30 * 24,
} as const;
/** A preset or a custom range. */
export type RangeChoice = keyof typeof RANGE_PRESETS | 'custom';

const HOUR = 3600_000;

/** The time window a range choice stands for; presets end now, as does a custom range without both ends. */
export function resolveRange(
  choice: RangeChoice,
  custom: { from?: string; to?: string },
  now: number,
): { from: string; to: string } {
  if (choice === 'custom' && custom.from && custom.to) {
    return {
      from: new Date(custom.from).toISOString(),
      to: new Date(custom.to).toISOString(),
    };
  }
  const hours =
    choice === 'custom' || !(choice in RANGE_PRESETS)
      ? RANGE_PRESETS['7d']
      : RANGE_PRESETS[choice];
  return {
    from: new Date(now - hours * HOUR).toISOString(),
    to: new Date(now).toISOString(),
  };
}

/** Turns an ISO timestamp into the value of a `datetime-local` input (local time). */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}

/** The URL query keys of one range: the choice and a custom range's two ends. */
export interface RangeKeys {
  choice: string;
  from: string;
  to: string;
}

/**
 * A time range kept in the URL under the given keys, so a deep link survives a reload.
 * Presets end at `end` (the "as of" moment, or now when undefined). Choosing another range
 * also clears the keys in `clearOnChoose`; switching to custom starts from the range shown.
 *
 * @example
 * const changes = useRangeQuery({ keys: { choice: 'changes', from: 'changesFrom', to: 'changesTo' }, defaultChoice: '24h' });
 */
export function useRangeQuery(options: {
  keys: RangeKeys;
  defaultChoice: RangeChoice;
  end?: string;
  clearOnChoose?: string[];
}) {
  const { keys, defaultChoice, end, clearOnChoose = [] } = options;
  const [query, setQuery] = useQueryState();
  const choice = (query(keys.choice) ?? defaultChoice) as RangeChoice;
  const customFrom = query(keys.from);
  const customTo = query(keys.to);
  const range = useMemo(
    () =>
      resolveRange(
        choice,
        { from: customFrom, to: customTo },
        end ? Date.parse(end) : Date.now(),
      ),
    [choice, customFrom, customTo, end],
  );
  const cleared = Object.fromEntries(
    clearOnChoose.map(key => [key, undefined]),
  );
  return {
    choice,
    customFrom,
    customTo,
    range,
    choose(next: RangeChoice) {
      setQuery(
        next === 'custom'
          ? {
              [keys.choice]: 'custom',
              [keys.from]: toLocalInput(range.from),
              [keys.to]: toLocalInput(range.to),
              ...cleared,
            }
          : {
              [keys.choice]: next,
              [keys.from]: undefined,
              [keys.to]: undefined,
              ...cleared,
            },
      );
    },
    setCustom(which: 'from' | 'to', value: string) {
      setQuery({ [which === 'from' ? keys.from : keys.to]: value });
    },
  };
}

/**
 * The timeline's state, kept in the URL (`range`, `from`, `to`, `event`) so a deep link to a
 * range and a selected event survives a reload. Presets end at the tab's "as of" moment.
 * Choosing another range clears the selection.
 */
export function useEventsRange() {
  const [query, setQuery] = useQueryState();
  const { asOf } = useAsOf();
  const range = useRangeQuery({
    keys: { choice: 'range', from: 'from', to: 'to' },
    defaultChoice: '7d',
    end: asOf,
    clearOnChoose: ['event'],
  });
  return {
    ...range,
    selectedId: query('event'),
    select(id: string | undefined) {
      setQuery({ event: id });
    },
  };
}
