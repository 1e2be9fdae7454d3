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

/**
 * A multi-line document is held whole until it ends; past this many characters (64 times a
 * batch) with lines that parse alone it is taken for NDJSON instead, so memory stays flat.
 */
const MAX_DOCUMENT_LENGTH = 64 * MAX_BATCH_BYTES;

const NON_JSON_NUMBER = /[:,[]\s*-?(?:NaN|Infinity)\b/;

/**
 * Checks publish batches or lone messages, JSON or NDJSON, against everything the sink and the
 * SDK enforce: the sink's own parse ({@link sinkVerdict}), then the SDK's rules of the
 * well-known types (`wellKnownMessageProblems`), and the size SNS allows a batch. Fed line by
 * line so that inputs of any size stream through.
 *
 * @example
 * const validator = new PublishInputValidator();
 * for (const line of text.split('\n')) report(validator.addLine(line));
 * report(validator.finish());
 */
export class PublishInputValidator {
  private readonly totals: ValidationSummary = {
    batches: 0,
    messages: 0,
    refusedBatches: 0,
    refusedMessages: 0,
    problems: 0,
  };
  private lineNumber = 0;
  /** NDJSON once a first line parses on its own; a multi-line document until then. */
  private mode: 'undecided' | 'ndjson' | 'document' = 'undecided';
  private documentLines: string[] = [];
  private documentStart = 0;
  private documentLength = 0;
  private laterLineParsesAlone = false;

  /** Takes the next line of input; returns the problems of what it completed. */
  addLine(line: string): ValidationProblem[] {
    this.lineNumber++;
    if (this.mode === 'ndjson') {
      return line.trim() ? this.checkDocument(line, this.lineNumber) : [];
    }
    if (this.mode === 'undecided') {
      if (!line.trim()) return [];
      this.documentStart = this.lineNumber;
      if (parsesAlone(line)) {
        this.mode = 'ndjson';
        return this.checkDocument(line, this.lineNumber);
      }
      this.mode = 'document';
    }
    this.documentLines.push(line);
    this.documentLength += line.length;
    if (
      !this.laterLineParsesAlone &&
      this.documentLines.length > 1 &&
      line.trimStart().startsWith('{') &&
      parsesAlone(line)
    ) {
      this.laterLineParsesAlone = true;
    }
    if (this.documentLength > MAX_DOCUMENT_LENGTH && this.looksLikeNdjson()) {
      // Far larger than a batch and lines that parse alone: NDJSON with a broken first line.
      // Check what came so far line by line, and stream the rest, rather than hold it all.
      this.mode = 'ndjson';
      return this.checkLinesAlone();
    }
    return [];
  }

  private checkLinesAlone(): ValidationProblem[] {
    const lines = this.documentLines;
    this.documentLines = [];
    return lines.flatMap((line, i) =>
      line.trim() ? this.checkDocument(line, this.documentStart + i) : [],
    );
  }

  /** Ends the input; returns the problems of what was still open. */
  finish(): ValidationProblem[] {
    let problems: ValidationProblem[] = [];
    if (this.mode === 'document') {
      const text = this.documentLines.join('\n');
      if (parsesAlone(text) || !this.looksLikeNdjson()) {
        this.documentLines = [];
        problems = this.checkDocument(text, this.documentStart);
      } else {
        // NDJSON whose first line is broken (e.g. a bare NaN): every line on its own.
        problems = this.checkLinesAlone();
      }
    }
    if (this.totals.batches === 0 && this.totals.messages === 0) {
      problems.push(
        this.count({
          line: this.lineNumber || 1,
          messageIndex: null,
          field: '(input)',
          message: 'holds no publish batch and no message',
        }),
      );
    }
    return problems;
  }

  /** What was seen so far. */
  summary(): ValidationSummary {
    return { ...this.totals };
  }

  /** A line after the first is a whole JSON object (in pretty-printed JSON, rarely one is). */
  private looksLikeNdjson(): boolean {
    return this.laterLineParsesAlone;
  }

  private count(problem: ValidationProblem): ValidationProblem {
    this.totals.problems++;
    return problem;
  }

  /** One JSON document: a batch, a lone message, or an array of them. */
  private checkDocument(text: string, line: number): ValidationProblem[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // The sink's words for text that is not JSON.
      return this.checkBatch(text, line);
    }
    if (Array.isArray(parsed)) {
      return parsed.flatMap(item =>
        this.checkDocument(JSON.stringify(item), line),
      );
    }
    if (isLoneMessage(parsed)) return this.checkLoneMessage(text, line);
    return this.checkBatch(text, line, parsed);
  }

  private checkBatch(
    text: string,
    line: number,
    parsed?: unknown,
  ): ValidationProblem[] {
    this.totals.batches++;
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
    this.totals.messages += Array.isArray(messages) ? messages.length : 0;
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
    if (problems.some(p => p.messageIndex === null))
      this.totals.refusedBatches++;
    else this.totals.refusedMessages += refused.size;
    // In message order (the batch's own problems first); sort is stable within a message.
    problems.sort((a, b) => (a.messageIndex ?? -1) - (b.messageIndex ?? -1));
    return problems.map(p => this.count(p));
  }

  /** A message on its own: checked in a batch of one, so its fields are named without `messages.0`. */
  private checkLoneMessage(text: string, line: number): ValidationProblem[] {
    this.totals.messages++;
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
    if (problems.length > 0) this.totals.refusedMessages++;
    return problems.map(p => this.count(p));
  }
}

function parsesAlone(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
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

/**
 * Validates a whole text at once (tests, small inputs).
 *
 * @example
 * const { problems, summary } = validatePublishText(ndjson);
 */
export function validatePublishText(text: string): {
  problems: ValidationProblem[];
  summary: ValidationSummary;
} {
  const validator = new PublishInputValidator();
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  const problems = lines.flatMap(line => validator.addLine(line));
  problems.push(...validator.finish());
  return { problems, summary: validator.summary() };
}
