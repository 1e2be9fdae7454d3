import { Readable } from 'node:stream';
import { validatePublishInput } from './validate';

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    output: {
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text) },
    },
  };
}

const good = JSON.stringify({
  schemaVersion: 1,
  collector: 'x',
  messages: [{ kind: 'resource', type: 'Service', name: 'payments' }],
});
const bad = good.replace('"payments"', '"payments/api"');

describe('cockpit validate', () => {
  it('exits 0 and says so when everything would land', async () => {
    const { out, output } = capture();

    const code = await validatePublishInput({
      input: Readable.from([`${good}\n${good}\n`]),
      source: 'stdin',
      output,
    });

    expect(code).toBe(0);
    expect(out).toEqual({
      stdout: '',
      stderr:
        'cockpit validate: 2 batches, 2 messages: everything would land\n',
    });
  });

  it('prints each problem with source, line, message and field, and exits 1', async () => {
    const { out, output } = capture();

    const code = await validatePublishInput({
      input: Readable.from([`${good}\n${bad}\n`]),
      source: 'out.ndjson',
      output,
    });

    expect(code).toBe(1);
    expect(out.stdout).toBe(
      'out.ndjson:2: message 0: messages.0.name: a Service is named <service> (each part non-empty, without "/" and without surrounding whitespace), not "payments/api"\n',
    );
    expect(out.stderr).toBe(
      'cockpit validate: 2 batches, 2 messages: 1 problem; 0 batches and 1 message would be refused\n',
    );
  });

  it('prints problems as JSON lines when asked', async () => {
    const { out, output } = capture();

    await validatePublishInput({
      input: Readable.from([bad]),
      source: 'stdin',
      json: true,
      output,
    });

    expect(JSON.parse(out.stdout)).toEqual({
      line: 1,
      messageIndex: 0,
      field: 'messages.0.name',
      message: expect.any(String),
    });
  });
});
