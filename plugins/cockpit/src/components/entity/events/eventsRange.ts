import { useMemo } from 'react';
import { useQueryState } from '../../common';

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

/**
 * The timeline's state, kept in the URL (`range`, `from`, `to`, `event`) so a deep link to a
 * range and a selected event survives a reload. Choosing another range clears the selection;
 * switching to custom starts from the range shown.
 */
export function useEventsRange() {
  const [query, setQuery] = useQueryState();
  const choice = (query('range') ?? '7d') as RangeChoice;
  const customFrom = query('from');
  const customTo = query('to');
  const range = useMemo(
    () => resolveRange(choice, { from: customFrom, to: customTo }, Date.now()),
    [choice, customFrom, customTo],
  );
  return {
    choice,
    customFrom,
    customTo,
    range,
    selectedId: query('event'),
    choose(next: RangeChoice) {
      setQuery(
        next === 'custom'
          ? {
              range: 'custom',
              from: toLocalInput(range.from),
              to: toLocalInput(range.to),
              event: undefined,
            }
          : { range: next, from: undefined, to: undefined, event: undefined },
      );
    },
    setCustom(end: 'from' | 'to', value: string) {
      setQuery({ [end]: value });
    },
    select(id: string | undefined) {
      setQuery({ event: id });
    },
  };
}
