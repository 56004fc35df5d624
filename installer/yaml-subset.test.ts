import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseYamlSubset, YamlSubsetError } from './yaml-subset';

describe('YAML subset parser', () => {
  it('reads maps, sequences of scalars and of maps, quoting and comments', () => {
    const doc = [
      '# comment',
      'a: 1',
      'b: text with spaces # trailing comment',
      "c: 'it''s'",
      'd: "!quoted # not a comment"',
      'e:',
      '  - x',
      '  - from: src',
      '    to: dst',
      '    filter:',
      '      - "*.onnx"',
      '  - [p, "q r"]',
      'f:',
      '- same-indent item',
      'g: true',
      'h: null',
      "i: l'apostrophe inside",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: electron-builder macros, not JS placeholders
      'j: ${productName}-${version}.${ext}',
    ].join('\n');
    assert.deepEqual(parseYamlSubset(doc), {
      a: 1,
      b: 'text with spaces',
      c: "it's",
      d: '!quoted # not a comment',
      e: ['x', { from: 'src', to: 'dst', filter: ['*.onnx'] }, ['p', 'q r']],
      f: ['same-indent item'],
      g: true,
      h: null,
      i: "l'apostrophe inside",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: electron-builder macros, not JS placeholders
      j: '${productName}-${version}.${ext}',
    });
  });

  it('refuses what it does not understand, with the line', () => {
    const bad: [string, RegExp][] = [
      ['a: &anchor 1', /line 1: unsupported YAML construct/],
      ['a: *alias', /unsupported/],
      ['a: !tag x', /unsupported/],
      ['a: |\n  block', /unsupported/],
      ['a: {b: 1}', /unsupported/],
      ['a: yes', /ambiguous boolean/],
      ['a: 1\na: 2', /line 2: duplicate key a/],
      ['a:\n\t- x', /tab/],
      ['---\na: 1', /document markers/],
      ['a: 1\n   b: 2', /line 2: unexpected indentation/],
      ['a: b: c', /quote it/],
    ];
    for (const [text, message] of bad) {
      assert.throws(
        () => parseYamlSubset(text),
        (e: unknown) => e instanceof YamlSubsetError && message.test(e.message),
        text,
      );
    }
  });
});
