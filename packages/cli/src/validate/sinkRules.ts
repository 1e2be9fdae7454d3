import { validateBatchText } from '@cockpit/store';

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

/**
 * The sink's own validation of one batch as received (JSON text): `validateBatchText` of
 * the store, the code that decides what is quarantined before anything reaches the database
 * (wire schema, value size and depth, NUL and lone surrogates, texts that are not JSON).
 * This is the one place `cockpit validate` reaches into the store.
 */
export function sinkVerdict(batchText: string): SinkVerdict {
  const { batchProblems, messages } = validateBatchText(batchText);
  const problems: SinkProblem[] = batchProblems.map(problem => ({
    messageIndex: null,
    field: problem.path,
    message: problem.message,
  }));
  const accepted: SinkVerdict['accepted'] = [];
  for (const message of messages) {
    if (message.ok) {
      // as written (the text cut from the batch), not as the wire schema parsed it
      accepted.push({
        index: message.index,
        message: JSON.parse(message.text),
      });
      continue;
    }
    for (const problem of message.problems) {
      problems.push({
        messageIndex: message.index,
        field: problem.path,
        message: problem.message,
      });
    }
  }
  return { problems, accepted };
}
