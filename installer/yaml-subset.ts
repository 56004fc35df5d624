/**
 * A strict parser for the small YAML subset `electron-builder.yml` is written in, so the packaging
 * configuration is validated without a YAML dependency (neither `yaml` nor `js-yaml` is installed):
 * block mappings, block sequences (of scalars or of mappings), plain / single-quoted / double-quoted
 * scalars, `true`/`false`/`null`/numbers, simple flow sequences `[a, b]`, and comments.
 *
 * Anything outside the subset (anchors, aliases, tags, block scalars, flow mappings, tabs, several
 * documents) is refused with the line number, so the file can never be read differently from the way
 * electron-builder's real YAML parser reads it: it simply fails here first.
 */

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

export class YamlSubsetError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'YamlSubsetError';
  }
}

interface Line {
  number: number;
  indent: number;
  text: string;
}

/** Removes a trailing comment (` #...`) outside quotes. */
function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      // A quote opens a quoted scalar only at the start of a value; inside a plain scalar it is text.
      const before = text.slice(0, i).trimEnd();
      if (
        before === '' ||
        before.endsWith(':') ||
        before.endsWith('-') ||
        before.endsWith('[') ||
        before.endsWith(',')
      )
        quote = c;
    } else if (c === '#' && (i === 0 || text[i - 1] === ' ')) {
      return text.slice(0, i).trimEnd();
    }
  }
  return text.trimEnd();
}

function toLines(source: string): Line[] {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, index) => {
    const number = index + 1;
    if (/^\s*\t/.test(raw)) throw new YamlSubsetError(number, 'tab indentation is not allowed');
    if (/^(---|\.\.\.)(\s|$)/.test(raw))
      throw new YamlSubsetError(number, 'document markers are not supported');
    if (/^%/.test(raw)) throw new YamlSubsetError(number, 'directives are not supported');
    const text = stripComment(raw);
    if (text.trim() === '') return;
    const indent = text.length - text.trimStart().length;
    lines.push({ number, indent, text: text.trimStart() });
  });
  return lines;
}

function parseDoubleQuoted(text: string, line: number): string {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'string') return value;
  } catch {
    // fall through
  }
  throw new YamlSubsetError(line, `unsupported double-quoted scalar ${text}`);
}

function splitFlow(inner: string, line: number): string[] {
  const items: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const c of inner) {
    if (quote) {
      current += c;
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
      current += c;
    } else if (c === ',') {
      items.push(current.trim());
      current = '';
    } else if (c === '[' || c === ']' || c === '{' || c === '}') {
      throw new YamlSubsetError(line, 'nested flow collections are not supported');
    } else current += c;
  }
  if (quote) throw new YamlSubsetError(line, 'unterminated quoted scalar');
  if (current.trim() !== '' || items.length > 0) items.push(current.trim());
  return items;
}

export function parseScalar(text: string, line: number): YamlValue {
  const t = text.trim();
  if (t.startsWith('"')) {
    if (!t.endsWith('"') || t.length < 2) throw new YamlSubsetError(line, `unterminated string ${t}`);
    return parseDoubleQuoted(t, line);
  }
  if (t.startsWith("'")) {
    if (!t.endsWith("'") || t.length < 2) throw new YamlSubsetError(line, `unterminated string ${t}`);
    const inner = t.slice(1, -1);
    if (/(^|[^'])'([^']|$)/.test(inner)) throw new YamlSubsetError(line, `unescaped quote in ${t}`);
    return inner.replace(/''/g, "'");
  }
  if (t.startsWith('[')) {
    if (!t.endsWith(']')) throw new YamlSubsetError(line, `unterminated flow sequence ${t}`);
    return splitFlow(t.slice(1, -1), line).map((item) => parseScalar(item, line));
  }
  if (/^[{&*!|>%@`?]/.test(t)) throw new YamlSubsetError(line, `unsupported YAML construct ${t}`);
  if (/:\s|:$/.test(t)) throw new YamlSubsetError(line, `plain scalar with ": " (quote it): ${t}`);
  if (t === '' || t === '~' || t === 'null') return null;
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (/^(yes|no|on|off|y|n)$/i.test(t))
    throw new YamlSubsetError(line, `ambiguous boolean ${t} (use true/false)`);
  if (/^[-+]?\d+$/.test(t)) return Number(t);
  if (/^[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  return t;
}

const keyPattern = /^([A-Za-z0-9_$][A-Za-z0-9_$.\-/]*|"[^"]*"|'[^']*'):(\s+(.*))?$/;

class Parser {
  #i = 0;
  constructor(readonly lines: Line[]) {}

  parseDocument(): YamlValue {
    if (this.lines.length === 0) return null;
    const first = this.lines[0]!;
    if (first.indent !== 0) throw new YamlSubsetError(first.number, 'the document must start at column 0');
    const value = this.parseBlock(0);
    const rest = this.lines[this.#i];
    if (rest) throw new YamlSubsetError(rest.number, 'unexpected indentation');
    return value;
  }

  parseBlock(indent: number): YamlValue {
    const line = this.lines[this.#i];
    if (!line) return null;
    if (line.text === '-' || line.text.startsWith('- ')) return this.parseSequence(indent);
    return this.parseMapping(indent);
  }

  parseSequence(indent: number): YamlValue[] {
    const items: YamlValue[] = [];
    for (let line = this.lines[this.#i]; line && line.indent === indent; line = this.lines[this.#i]) {
      if (!(line.text === '-' || line.text.startsWith('- '))) break;
      const rest = line.text === '-' ? '' : line.text.slice(2).trimStart();
      if (rest === '') {
        this.#i++;
        const next = this.lines[this.#i];
        items.push(next && next.indent > indent ? this.parseBlock(next.indent) : null);
      } else if (keyPattern.test(rest) || rest.startsWith('- ')) {
        // "- key: value" opens a mapping (or "- - x" a sequence) whose column is that of its first key.
        const column = indent + (line.text.length - rest.length);
        this.lines[this.#i] = { number: line.number, indent: column, text: rest };
        items.push(this.parseBlock(column));
      } else {
        this.#i++;
        items.push(parseScalar(rest, line.number));
      }
    }
    return items;
  }

  parseMapping(indent: number): { [key: string]: YamlValue } {
    const map: { [key: string]: YamlValue } = {};
    for (let line = this.lines[this.#i]; line && line.indent === indent; line = this.lines[this.#i]) {
      if (line.text.startsWith('- '))
        throw new YamlSubsetError(line.number, 'sequence item inside a mapping');
      const match = keyPattern.exec(line.text);
      if (!match) throw new YamlSubsetError(line.number, `expected "key: value", got ${line.text}`);
      const rawKey = match[1]!;
      const key = rawKey.startsWith('"') || rawKey.startsWith("'") ? rawKey.slice(1, -1) : rawKey;
      if (Object.hasOwn(map, key)) throw new YamlSubsetError(line.number, `duplicate key ${key}`);
      if (key === '__proto__' || key === '<<')
        throw new YamlSubsetError(line.number, `unsupported key ${key}`);
      const rest = match[3]?.trim() ?? '';
      this.#i++;
      if (rest !== '') {
        map[key] = parseScalar(rest, line.number);
        continue;
      }
      const next = this.lines[this.#i];
      if (next && next.indent > indent) map[key] = this.parseBlock(next.indent);
      else if (next && next.indent === indent && (next.text === '-' || next.text.startsWith('- ')))
        map[key] = this.parseSequence(indent);
      else map[key] = null;
    }
    const stray = this.lines[this.#i];
    if (stray && stray.indent > indent) throw new YamlSubsetError(stray.number, 'unexpected indentation');
    return map;
  }
}

/** Parses a document of the subset; throws YamlSubsetError (with the line) on anything else. */
export function parseYamlSubset(source: string): YamlValue {
  return new Parser(toLines(source)).parseDocument();
}
