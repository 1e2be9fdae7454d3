import {
  MAX_BATCH_BYTES,
  PublishMessageInput,
  SCHEMA_VERSION,
  utf8ByteLength,
  wellKnownMessageProblems,
} from '@cockpit/plugin-cockpit-common';
import { sinkVerdict } from './sinkRules';

/** One reason some input would not land, located by line, message and field. */
export interface ValidationProblem {
  /** 1-based line of the input where the batch or message starts. */
  line: number;
  /** Index of the message in its batch; null for a problem of the batch itself or a lone message. */
  messageIndex: number | null;
  /** Dotted path of the field, e.g. `messages.3.value.team`. */
  field: string;
  message: string;
}

/** What one `validate` run saw and found. */
export interface ValidationSummary {
  batches: number;
  /** Messages seen (in batches, and on their own). */
  messages: number;
  /** Batches refused as a whole (not JSON, not a batch, too large). */
  refusedBatches: number;
  /** Messages that would not land (in batches that were not refused as a whole). */
  refusedMessages: number;
  problems: number;
}

/** The collector named in the batch `validate` wraps a lone message in. */
const LONE_MESSAGE_COLLECTOR = 'validate';
const LONE_MESSAGE_PREFIX = `{"schemaVersion":${SCHEMA_VERSION},"collector":"${LONE_MESSAGE_COLLECTOR}","messages":[`;
const LONE_MESSAGE_OVERHEAD = utf8ByteLength(LONE_MESSAGE_PREFIX) + 2;

const NON_JSON_NUMBER = /[:,[]\s*-?(?:NaN|Infinity)\b/;

/**
 * Checks one JSON document (a batch, a lone message, or an array of them) against the sink's
 * own parse ({@link sinkVerdict}), the SDK's rules of the well-known types
 * (`wellKnownMessageProblems`) and the size SNS allows a batch, adding what it saw to `totals`.
 */
export function checkDocument(
  text: string,
  line: number,
  totals: ValidationSummary,
): ValidationProblem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The sink's words for text that is not JSON.
    return checkBatch(text, line, totals);
  }
  if (Array.isArray(parsed)) {
    return parsed.flatMap(item =>
      checkDocument(JSON.stringify(item), line, totals),
    );
  }
  if (isLoneMessage(parsed)) return checkLoneMessage(text, line, totals);
  return checkBatch(text, line, totals, parsed);
}

/** Counts the problems in `totals` and hands them back. */
function counted(
  problems: ValidationProblem[],
  totals: ValidationSummary,
): ValidationProblem[] {
  totals.problems += problems.length;
  return problems;
}

/** A publish batch, or text that is not JSON (which the sink refuses as a batch). */
function checkBatch(
  text: string,
  line: number,
  totals: ValidationSummary,
  parsed?: unknown,
): ValidationProblem[] {
  totals.batches++;
  const problems: ValidationProblem[] = [];
  const bytes = utf8ByteLength(text);
  if (bytes > MAX_BATCH_BYTES) {
    problems.push({
      line,
      messageIndex: null,
      field: '(batch)',
      message: `${bytes} bytes exceeds the limit of ${MAX_BATCH_BYTES} bytes of an SNS message (split it into several batches)`,
    });
  }
  const verdict = sinkVerdict(text);
  const messages = (parsed as { messages?: unknown } | null)?.messages;
  totals.messages += Array.isArray(messages) ? messages.length : 0;
  const refused = new Set<number>();
  for (const problem of verdict.problems) {
    if (problem.messageIndex === null) {
      problems.push({
        line,
        ...problem,
        message: withNonJsonHint(problem.message, text),
      });
    } else {
      refused.add(problem.messageIndex);
      problems.push({ line, ...problem });
    }
  }
  for (const { index, message } of verdict.accepted) {
    const sdkProblems = wellKnownMessageProblems(
      message as PublishMessageInput,
      `messages.${index}`,
    );
    if (sdkProblems.length > 0) refused.add(index);
    for (const problem of sdkProblems) {
      problems.push({ line, messageIndex: index, ...problem });
    }
  }
  if (problems.some(p => p.messageIndex === null)) totals.refusedBatches++;
  else totals.refusedMessages += refused.size;
  // In message order (the batch's own problems first); sort is stable within a message.
  problems.sort((a, b) => (a.messageIndex ?? -1) - (b.messageIndex ?? -1));
  return counted(problems, totals);
}

/** A message on its own: checked in a batch of one, so its fields are named without `messages.0`. */
function checkLoneMessage(
  text: string,
  line: number,
  totals: ValidationSummary,
): ValidationProblem[] {
  totals.messages++;
  const problems: ValidationProblem[] = [];
  const bytes = utf8ByteLength(text);
  if (LONE_MESSAGE_OVERHEAD + bytes > MAX_BATCH_BYTES) {
    problems.push({
      line,
      messageIndex: null,
      field: '(message)',
      message: `${bytes} bytes cannot fit in a publish batch of at most ${MAX_BATCH_BYTES} bytes`,
    });
  }
  const verdict = sinkVerdict(`${LONE_MESSAGE_PREFIX}${text}]}`);
  const unprefixed = (field: string) =>
    field.replace(/^messages\.0(\.|$)/, '') || '(root)';
  for (const problem of verdict.problems) {
    problems.push({
      line,
      messageIndex: null,
      field: unprefixed(problem.field),
      message: problem.message,
    });
  }
  for (const { message } of verdict.accepted) {
    for (const problem of wellKnownMessageProblems(
      message as PublishMessageInput,
    )) {
      problems.push({ line, messageIndex: null, ...problem });
    }
  }
  if (problems.length > 0) totals.refusedMessages++;
  return counted(problems, totals);
}

function isLoneMessage(value: unknown): boolean {
  return (
    !!value &&
    typeof value === 'object' &&
    'kind' in value &&
    !('messages' in value) &&
    !('schemaVersion' in value)
  );
}

function withNonJsonHint(message: string, text: string): string {
  return message.startsWith('not valid JSON') && NON_JSON_NUMBER.test(text)
    ? `${message}; NaN and Infinity are not JSON numbers (Python's json.dumps writes them unless allow_nan=False; send null or a string)`
    : message;
}
