import { MAX_BATCH_BYTES } from '@cockpit/plugin-cockpit-common';
import {
  checkDocument,
  ValidationProblem,
  ValidationSummary,
} from './publishDocument';

export type { ValidationProblem, ValidationSummary } from './publishDocument';

/**
 * A multi-line document is held whole until it ends; past this many characters (64 times a
 * batch) with lines that parse alone it is taken for NDJSON instead, so memory stays flat.
 */
const MAX_DOCUMENT_LENGTH = 64 * MAX_BATCH_BYTES;

/**
 * Checks publish batches or lone messages, JSON or NDJSON, against everything the sink and the
 * SDK enforce: the sink's own parse, then the SDK's rules of the well-known types, and the size
 * SNS allows a batch (each document by {@link checkDocument}). Fed line by line so that inputs
 * of any size stream through: this class only frames the lines into documents.
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

  private checkDocument(text: string, line: number): ValidationProblem[] {
    return checkDocument(text, line, this.totals);
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
