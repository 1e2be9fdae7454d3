import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { READING_TYPES } from './readingTypes';
import { withWellKnownTypes, wellKnownTypesMarkdown } from './wellKnownDoc';

const docPath = resolve(__dirname, '../../../docs/writing-a-collector.md');

describe('the well-known types in docs/writing-a-collector.md', () => {
  it('are the generated tables (run generate:docs after changing a well-known type)', () => {
    const doc = readFileSync(docPath, 'utf8');

    expect(withWellKnownTypes(doc)).toBe(doc);
  });

  it('list every well-known reading type with its resource types and required fields', () => {
    const markdown = wellKnownTypesMarkdown();

    for (const [type, known] of Object.entries(READING_TYPES)) {
      expect(markdown).toContain(
        `| \`${type}\` | ${known.resourceTypes.join(', ')} | ${
          known.storageMode
        } |`,
      );
    }
    expect(markdown).toContain(
      '| `ownership` | Service | SNAPSHOT | `team` (non-empty) | `{ team, contacts?: [text] }` |',
    );
  });

  it('refuse a document without the markers, saying which lines to add', () => {
    expect(() => withWellKnownTypes('# no markers')).toThrow(/add the lines/);
  });
});
