/**
 * No raw error text on a screen. A type-aware check (TypeScript's checker over the sources):
 *
 * - renderer/src: no `.message` or `.stack` of an error (a JS `Error` or a contract error payload),
 *   no `String(x)` or `${x}` of an error or of a caught value, anywhere but the one
 *   helper `ui/error-text.ts` (`errorText(payload)`: French message and reference);
 * - main (but its CLI), the hosts (drivers/host, sync/host) and common/: no `.message`/`.stack` of a
 *   JS `Error`, and no `String(x)` or `${x}` of an error or a caught value, in a text that reaches the
 *   UI: the message of a `StationError`, or a `message`/`detail`/`reason` field. Errors
 *   whose message is French by contract (listed below, each with its reason) are allowed.
 *
 * Each rule is also run on a small bad sample, so the check itself is shown to catch what it claims.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Error classes whose `message` is written in French for the agent by the code that throws them. */
const FRENCH_MESSAGE_ERRORS = new Map([
  ['StationError', 'common/errors.ts: its message is the contract’s French text for the agent'],
  [
    'DiskSpaceError',
    'sync/store/disk-space.ts builds the agent’s sentence (free space, reserve, what to do)',
  ],
]);

/** Fields of objects that carry text to a screen. */
const TEXT_FIELDS = new Set(['message', 'detail', 'reason', 'description', 'lastError', 'parkCause']);

function files(dir: string, keep: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) out.push(...files(rel, keep));
    else if (/\.tsx?$/.test(name) && !/\.(test|testing)\.tsx?$|\.d\.ts$/.test(name) && keep(rel))
      out.push(rel);
  }
  return out;
}

interface Finding {
  file: string;
  line: number;
  text: string;
}

function program(paths: string[], extra: Record<string, string> = {}) {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  const exists = host.fileExists.bind(host);
  host.readFile = (f) => extra[f] ?? read(f);
  host.fileExists = (f) => f in extra || exists(f);
  const getSource = host.getSourceFile.bind(host);
  host.getSourceFile = (f, v, onError) =>
    f in extra ? ts.createSourceFile(f, extra[f]!, v) : getSource(f, v, onError);
  return ts.createProgram([...paths.map((p) => join(root, p)), ...Object.keys(extra)], options, host);
}

function checker(p: ts.Program) {
  const c = p.getTypeChecker();
  const errorSymbol = c.resolveName('Error', undefined, ts.SymbolFlags.Type, false);
  const errorType = errorSymbol ? c.getDeclaredTypeOfSymbol(errorSymbol) : undefined;
  // An Error by descent (class or interface extending Error), not by shape: a session state with a
  // `name` and a `message` is not an error.
  const isJsError = (t: ts.Type, depth = 0): boolean => {
    if (!errorType || depth > 8 || t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
    if (t.isUnion() || t.isIntersection()) return t.types.some((part) => isJsError(part, depth + 1));
    if (t === errorType || t.getSymbol() === errorSymbol) return true;
    const target = (t as ts.TypeReference).target ?? t;
    const classOrInterface =
      target.flags & ts.TypeFlags.Object &&
      (target as ts.ObjectType).objectFlags & ts.ObjectFlags.ClassOrInterface;
    if (!classOrInterface) return false;
    return c.getBaseTypes(target as ts.InterfaceType).some((base) => isJsError(base, depth + 1));
  };
  const isPayload = (t: ts.Type) => {
    const code = c.getPropertyOfType(t, 'code');
    if (!code || !c.getPropertyOfType(t, 'message')) return false;
    const codeType = c.getTypeOfSymbol(code);
    const parts = codeType.isUnion() ? codeType.types : [codeType];
    return parts.some((p) => p.isStringLiteral() && p.value === 'INTERNAL');
  };
  /** A value that was caught: a `catch (e)` variable or the parameter of a `.catch(...)` callback. */
  const isCaught = (node: ts.Expression) => {
    if (!ts.isIdentifier(node)) return false;
    const declaration = c.getSymbolAtLocation(node)?.valueDeclaration;
    if (!declaration) return false;
    if (ts.isVariableDeclaration(declaration) && ts.isCatchClause(declaration.parent)) return true;
    if (!ts.isParameter(declaration)) return false;
    const fn = declaration.parent;
    const call = fn.parent;
    return (
      ts.isCallExpression(call) &&
      ts.isPropertyAccessExpression(call.expression) &&
      call.expression.name.text === 'catch' &&
      call.arguments[0] === fn
    );
  };
  const frenchByContract = (t: ts.Type) =>
    FRENCH_MESSAGE_ERRORS.has(c.getNonNullableType(t).getSymbol()?.getName() ?? '');
  return { c, isJsError, isPayload, isCaught, frenchByContract };
}

function scan(
  p: ts.Program,
  paths: string[],
  rule: (node: ts.Node, k: ReturnType<typeof checker>) => boolean,
): Finding[] {
  const k = checker(p);
  const findings: Finding[] = [];
  for (const path of paths) {
    const source = p.getSourceFile(path.startsWith('/') ? path : join(root, path));
    assert.ok(source, `${path} is part of the program`);
    const visit = (node: ts.Node) => {
      if (rule(node, k)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        findings.push({ file: relative(root, source.fileName), line: line + 1, text: node.getText(source) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return findings;
}

const stringOf = (node: ts.Node): ts.Expression | undefined =>
  ts.isCallExpression(node) &&
  ts.isIdentifier(node.expression) &&
  node.expression.text === 'String' &&
  node.arguments.length === 1
    ? node.arguments[0]
    : undefined;

/** Renderer: any error text at all, outside errorText. */
function rendererRule(node: ts.Node, k: ReturnType<typeof checker>): boolean {
  if (ts.isPropertyAccessExpression(node) && (node.name.text === 'message' || node.name.text === 'stack')) {
    const t = k.c.getTypeAtLocation(node.expression);
    return node.name.text === 'stack' || k.isJsError(t) || k.isPayload(t);
  }
  const arg = stringOf(node) ?? (ts.isTemplateSpan(node) ? node.expression : undefined);
  if (arg) {
    const t = k.c.getTypeAtLocation(arg);
    return k.isCaught(arg) || k.isJsError(t) || k.isPayload(t);
  }
  return false;
}

/** Is `node` inside a text that reaches the UI (StationError message, template, text field)? */
function inUiText(node: ts.Node): boolean {
  for (let at: ts.Node = node; at.parent; at = at.parent) {
    const parent = at.parent;
    if (
      ts.isNewExpression(parent) &&
      ts.isIdentifier(parent.expression) &&
      parent.expression.text === 'StationError' &&
      parent.arguments?.[1] === at
    )
      return true;
    if (ts.isPropertyAssignment(parent) && parent.initializer === at) {
      const name = parent.name;
      return ts.isIdentifier(name) && TEXT_FIELDS.has(name.text);
    }
    if (ts.isStatement(parent) || ts.isFunctionLike(parent)) return false;
  }
  return false;
}

/** Core and hosts: no raw JS error text in what reaches the UI. */
function coreRule(node: ts.Node, k: ReturnType<typeof checker>): boolean {
  if (ts.isPropertyAccessExpression(node) && (node.name.text === 'message' || node.name.text === 'stack')) {
    const t = k.c.getTypeAtLocation(node.expression);
    if (!k.isJsError(t) || (node.name.text === 'message' && k.frenchByContract(t))) return false;
    return inUiText(node);
  }
  const arg = stringOf(node) ?? (ts.isTemplateSpan(node) ? node.expression : undefined);
  if (arg) {
    const t = k.c.getTypeAtLocation(arg);
    return (k.isCaught(arg) || k.isJsError(t)) && inUiText(node);
  }
  return false;
}

/**
 * Hosts: also no error text in any template literal. Their strings all end up in main (the host
 * writes no log of its own), so a sentence built from an error's message is a raw error on its way
 * to a screen (the sync host once built its status text that way).
 */
function hostRule(node: ts.Node, k: ReturnType<typeof checker>): boolean {
  if (coreRule(node, k)) return true;
  if (!ts.isTemplateSpan(node)) return false;
  let found = false;
  const visit = (inner: ts.Node) => {
    if (found) return;
    if (
      ts.isPropertyAccessExpression(inner) &&
      (inner.name.text === 'message' || inner.name.text === 'stack')
    ) {
      const t = k.c.getTypeAtLocation(inner.expression);
      if (k.isJsError(t) && !k.frenchByContract(t)) found = true;
    }
    const arg = stringOf(inner);
    if (arg && (k.isCaught(arg) || k.isJsError(k.c.getTypeAtLocation(arg)))) found = true;
    if (ts.isExpression(inner) && k.isCaught(inner) && inner === node.expression) found = true;
    ts.forEachChild(inner, visit);
  };
  visit(node.expression);
  return found;
}

const rendererFiles = files('renderer/src', (f) => f !== join('renderer/src/ui/error-text.ts'));
/** Core files that write no screen text, with the reason. */
const NOT_UI = new Map([
  ['main/services/logger.ts', 'serialises errors into the log, where technical detail belongs'],
]);
const coreFiles = [
  ...files('main', (f) => !f.startsWith(join('main/cli')) && !NOT_UI.has(f)),
  ...files('common', () => true),
];
const hostFiles = [...files('drivers/host', () => true), ...files('sync/host', () => true)];

const format = (f: Finding[]) => f.map((x) => `${x.file}:${x.line}: ${x.text}`).join('\n');

describe('no raw error text reaches a screen', () => {
  const badRenderer = join(root, 'renderer/src/__bad_sample.tsx');
  const badCore = join(root, 'main/services/__bad_sample.ts');
  const badHost = join(root, 'sync/host/__bad_sample.ts');
  const samples = {
    [badRenderer]: `import type { ErrorPayload } from '../../main/contract';
export function a(e: ErrorPayload) { return e.message; }
export function b(p: Promise<void>) { return p.catch((e) => String(e)); }
export function c(e: Error) { return \`Échec : \${e.stack}\`; }
export function d() { try { return 1; } catch (e) { return \`Échec : \${e}\`; } }
export function fine(state: { name: 'blocked'; message: string }, data: unknown) { return [state.message, String(data)]; }
`,
    [badCore]: `import { StationError } from '../../common/errors';
export function a(e: Error) { throw new StationError('INTERNAL', e.message); }
export function b(p: Promise<unknown>) { return p.catch((e) => ({ detail: \`Indisponible : \${String(e)}\` })); }
export function fine(e: Error) { return { code: e.name, logged: e.message, text: new Error(\`x \${e.message}\`) }; }
`,
    [badHost]: `let problem: string | undefined;
export function open(p: Promise<void>) {
  p.catch((error) => { problem = \`Synchronisation indisponible : \${error instanceof Error ? error.message : String(error)}\`; });
  p.catch((error) => { problem = \`Indisponible : \${error}\`; });
  return problem;
}
`,
  };
  const p = program([...rendererFiles, ...coreFiles, ...hostFiles], samples);

  it('the checks catch each kind of raw error text (bad samples)', () => {
    const renderer = scan(p, [badRenderer], rendererRule);
    assert.deepEqual(
      renderer.map((f) => f.line),
      [2, 3, 4, 5],
      format(renderer),
    );
    const host = scan(p, [badHost], hostRule);
    assert.deepEqual(
      host.map((f) => f.line),
      [3, 4],
      format(host),
    );
    const core = scan(p, [badCore], coreRule);
    assert.deepEqual(
      core.map((f) => f.line),
      [2, 3],
      format(core),
    );
  });

  it('the renderer shows errors only through errorText', () => {
    const findings = scan(p, rendererFiles, rendererRule);
    assert.deepEqual(findings, [], `raw error text in the renderer:\n${format(findings)}`);
  });

  it('the core and the hosts put no raw error text in what reaches the UI', () => {
    const findings = [...scan(p, coreFiles, coreRule), ...scan(p, hostFiles, hostRule)];
    assert.deepEqual(findings, [], `raw error text reaching the UI:\n${format(findings)}`);
  });
});
