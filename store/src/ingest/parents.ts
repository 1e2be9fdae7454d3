import type { Knex } from 'knex';
import type { ParentEdge } from './plan';

/**
 * Key of the transaction-scoped advisory locks taken by a call that changes parents, so that
 * two concurrent calls cannot each add one half of a cycle: per resource (this key first),
 * exclusive on the children and shared along the new parents' ancestor chains, so calls on
 * different parts of the hierarchy run side by side; and this key alone, shared, or exclusive
 * for a call with hundreds of children (see the migration of `cockpit_parent_state`, v3).
 * Calls that change no parent (the steady state: collectors republish the same hierarchy)
 * take none.
 */
export const REPARENT_LOCK_KEY = 0x636f636b; // "cock"

/** The parent a resource will have after this call, and since when. */
export interface ParentState {
  parentId: string | null;
  setAt: Date | null;
}

/** A resource message refused because its parent would close a cycle. */
export interface CycleRejection {
  edge: ParentEdge;
  reason: string;
}

/** What the parent check decided: the parents to write, and the edges refused. */
export interface ParentDecision {
  /** Child id -> the parent it gets; resources absent here keep their stored parent. */
  parents: Map<string, ParentState>;
  cycleRejections: CycleRejection[];
}

interface DbParentRow {
  id: string;
  parent_id: string | null;
  parent_set_at: Date | null;
}

/** The row of `cockpit_parent_state` that reports the lock was taken. */
interface LockRow {
  id: null;
}

/**
 * Decides the parent of every resource whose message names one, applying the edges one by
 * one in notification order on top of the stored hierarchy: an edge older than the stored
 * parent is a no-op, and an edge that would make a resource its own ancestor is refused.
 *
 * Only edges checked under the advisory locks may change a stored parent; when no edge
 * changes anything, no lock is taken and the resources statement leaves parents alone.
 * A per-resource lock held by another call fails the check with SQLSTATE 55P03
 * (`hierarchyBusy`); with `exclusive`, the call waits for the hierarchy lock instead.
 */
export async function checkParents(options: {
  trx: Knex.Transaction;
  edges: ParentEdge[];
  exclusive: boolean;
}): Promise<ParentDecision> {
  const { edges } = options;
  if (edges.length === 0) return { parents: new Map(), cycleRejections: [] };
  // One round trip (see the migration of cockpit_parent_state): nothing when no edge changes
  // a stored parent; otherwise the locks are taken and the children and the new parents'
  // ancestor chains come back as committed after them (behind a row without id that reports
  // the locks).
  const result = await options.trx.raw(
    `SELECT id, parent_id, parent_set_at FROM cockpit_parent_state(?::uuid[], ?::uuid[], ?::timestamptz[], ?::bigint, ?::boolean)`,
    [
      edges.map(e => e.childId),
      edges.map(e => e.parentId),
      edges.map(e => e.setAt.toISOString()),
      REPARENT_LOCK_KEY,
      options.exclusive,
    ] as Knex.RawBinding[],
  );
  const rows: Array<DbParentRow | LockRow> = result.rows;
  if (rows.length === 0) return { parents: new Map(), cycleRejections: [] };
  const stored = new Map<string, ParentState>();
  for (const row of rows) {
    if (row.id !== null) {
      stored.set(row.id, { parentId: row.parent_id, setAt: row.parent_set_at });
    }
  }
  return applyEdges(stored, edges);
}

/** Applies the edges in order on top of the stored hierarchy, refusing those that close a cycle. */
function applyEdges(
  stored: Map<string, ParentState>,
  edges: ParentEdge[],
): ParentDecision {
  const current = new Map(stored);
  const parents = new Map<string, ParentState>();
  const cycleRejections: CycleRejection[] = [];
  for (const edge of edges) {
    const state = current.get(edge.childId);
    if (state && !isNewer(edge.setAt, state.setAt)) continue;
    if (
      edge.parentId &&
      isAncestorOrSelf(current, edge.childId, edge.parentId)
    ) {
      cycleRejections.push({
        edge,
        reason: `messages.${edge.message.index}.parent: would make ${describe(
          edge,
        )} its own ancestor`,
      });
      continue;
    }
    const next = { parentId: edge.parentId, setAt: edge.setAt };
    current.set(edge.childId, next);
    parents.set(edge.childId, next);
  }
  return { parents, cycleRejections };
}

function describe(edge: ParentEdge): string {
  const message = edge.message.message;
  return message.kind === 'resource'
    ? `${message.type} ${message.name}`
    : edge.childId;
}

/** Whether `id` is `start` or one of its ancestors under `graph`'s parents. */
function isAncestorOrSelf(
  graph: Map<string, ParentState>,
  id: string,
  start: string,
): boolean {
  const visited = new Set<string>();
  let node: string | null | undefined = start;
  while (node && !visited.has(node)) {
    if (node === id) return true;
    visited.add(node);
    node = graph.get(node)?.parentId;
  }
  return false;
}

function isNewer(setAt: Date, stored: Date | null): boolean {
  return stored === null || setAt.getTime() >= stored.getTime();
}
