import { parseBatch } from '@cockpit/store';

/** One problem the sink finds in a batch: the message (null: the batch), the field, why. */
export interface SinkProblem {
  messageIndex: number | null;
  /** A dotted path, e.g. `messages.3.value`, or `body` when the text is not JSON. */
  field: string;
  message: string;
}

/** What the sink would make of one batch text: its problems, and the messages it would take. */
export interface SinkVerdict {
  problems: SinkProblem[];
  /** The messages that pass the sink's checks, as written, with their index in the batch. */
  accepted: Array<{ index: number; message: unknown }>;
}

/** Where one issue ends and the next begins in a reason joined by `describeZodError`. */
const NEXT_ISSUE =
  /; (?=(?:messages\.\d+|schemaVersion|collector|messages|body|\(root\))[.:])/;

function toProblems(
  reason: string,
  messageIndex: number | null,
): SinkProblem[] {
  return reason.split(NEXT_ISSUE).map(issue => {
    const colon = issue.indexOf(': ');
    return colon < 0
      ? { messageIndex, field: '(root)', message: issue }
      : {
          messageIndex,
          field: issue.slice(0, colon),
          message: issue.slice(colon + 2),
        };
  });
}

/**
 * The sink's own parse and validation of one batch as received (JSON text): the code of
 * `store/src/ingest/parse.ts` that decides what is quarantined before anything reaches the
 * database (wire schema, value size and depth, NUL and lone surrogates, texts that are not
 * JSON). This is the one place `cockpit validate` reaches into the store.
 */
export function sinkVerdict(batchText: string): SinkVerdict {
  const parsed = parseBatch(
    { body: batchText, source: 'validate', receivedAt: new Date(0) },
    0,
  );
  if (parsed.batchRejected !== undefined) {
    return { problems: toProblems(parsed.batchRejected, null), accepted: [] };
  }
  const problems = [...parsed.rejectedMessages].flatMap(([index, reason]) =>
    toProblems(reason, index),
  );
  return {
    problems,
    accepted: parsed.messages.map(m => ({ index: m.index, message: m.raw })),
  };
}
