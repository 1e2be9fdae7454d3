import type { Knex } from 'knex';
import type { ParentEdge } from './plan';

/**
 * Key of the transaction-scoped advisory locks taken by a call that changes parents, so that
 * two concurrent calls cannot each add one half of a cycle: this key alone, shared (or
 * exclusive for a call that runs alone), then per resource a parent lock (first key this one)
 * and a children lock (first key this one plus one); see the migration of
 * `cockpit_parent_check`. Calls that change no parent (the steady state: collectors republish
 * the same hierarchy) take none.
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
  /** A child whose edges are applied (checked under its locks); else a resource of a chain. */
  checked: boolean;
}

/**
 * Decides the parent of every resource whose message names one, applying the edges one by
 * one in notification order on top of the stored hierarchy: an edge older than the stored
 * parent is a no-op, and an edge that would make a resource its own ancestor is refused.
 *
 * Only the edges of children checked under their locks may change a stored parent: those
 * whose edges change it (the resource is new, or one of its edges names another parent and
 * is not older). The edges of the other children leave their stored parent as it is, and
 * when no edge changes anything no lock is taken. When other calls hold the locks, the check
 * waits for them a few times; then it fails with SQLSTATE 55P03 (`hierarchyBusy`), and with
 * `exclusive` the call runs alone (the hierarchy lock exclusively) instead.
 */
export async function checkParents(options: {
  trx: Knex.Transaction;
  edges: ParentEdge[];
  exclusive: boolean;
}): Promise<ParentDecision> {
  const { edges } = options;
  if (edges.length === 0) return { parents: new Map(), cycleRejections: [] };
  // One round trip (see the migration of cockpit_parent_check): nothing when no edge changes
  // a stored parent; otherwise the locks are taken, and the changed children and the chains
  // of the new parents that need a cycle check come back as committed after them.
  const result = await options.trx.raw(
    `SELECT id, parent_id, parent_set_at, checked FROM cockpit_parent_check(?::uuid[], ?::uuid[], ?::timestamptz[], ?::bigint, ?::boolean)`,
    [
      edges.map(e => e.childId),
      edges.map(e => e.parentId),
      edges.map(e => e.setAt.toISOString()),
      REPARENT_LOCK_KEY,
      options.exclusive,
    ] as Knex.RawBinding[],
  );
  const rows: DbParentRow[] = result.rows;
  if (rows.length === 0) return { parents: new Map(), cycleRejections: [] };
  const stored = new Map<string, ParentState>();
  const checked = new Set<string>();
  for (const row of rows) {
    stored.set(row.id, { parentId: row.parent_id, setAt: row.parent_set_at });
    if (row.checked) checked.add(row.id);
  }
  return applyEdges(
    stored,
    edges.filter(e => checked.has(e.childId)),
  );
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
