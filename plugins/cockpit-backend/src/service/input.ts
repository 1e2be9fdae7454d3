import { InputError } from '@backstage/errors';
import type { z } from 'zod';
import { describeZodError } from '@cockpit/plugin-cockpit-common';

/**
 * Parses request input with a zod schema.
 * @throws InputError whose message names each failing parameter
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new InputError(describeZodError(parsed.error));
  }
  return parsed.data;
}

/** A parsed ISO timestamp parameter as a Date. */
export function optionalDate(value: string | undefined): Date | undefined {
  return value ? new Date(value) : undefined;
}
