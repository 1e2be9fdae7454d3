import { InputError } from '@backstage/errors';
import type { Knex } from 'knex';
import type { Page, Rejection } from '@cockpit/plugin-cockpit-common';
import { decodeCursor, encodeCursor } from '../cursor';
import { DbRejectionRow, toRejection } from '../rows';

/** A page of rejected input, newest first (by id). */
export async function listRejections(options: {
  knex: Knex;
  limit: number;
  cursor?: string;
}): Promise<Page<Rejection>> {
  const { knex, limit } = options;
  const query = knex('rejections')
    .select(
      'id',
      'source',
      'collector',
      'reason',
      'payload',
      'message_index',
      'received_at',
    )
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (options.cursor) {
    const [id] = decodeCursor(options.cursor, ['string']);
    if (!/^\d+$/.test(String(id)))
      throw new InputError('cursor: not a cursor returned by this listing');
    query.where('id', '<', id);
  }
  const rows = (await query) as DbRejectionRow[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toRejection),
    ...(rows.length > limit && last
      ? { nextCursor: encodeCursor([String(last.id)]) }
      : {}),
  };
}
