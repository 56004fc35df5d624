/**
 * Static hardening scan of the Electron shell, run in CI without the Electron binary: parses the
 * sources of main/app and main/preload and the esbuild bundles (dist/electron/*.cjs, *.mjs) with the
 * TypeScript parser (comments and prose never match) and reports:
 * - webPreferences that weaken the renderer: nodeIntegration(+InWorker/InSubFrames) true,
 *   contextIsolation / sandbox / webSecurity false, allowRunningInsecureContent / webviewTag /
 *   enableRemoteModule / experimentalFeatures true;
 * - `unsafe-inline` / `unsafe-eval` in any string (the CSP), Chromium switches that disable the
 *   sandbox, web security or certificate checks;
 * - `shell.openExternal(...)` not guarded by an allow-list (an `if` on an identifier naming an
 *   allow-list in the same function);
 * - the `remote` module (`@electron/remote`, `remote` taken from 'electron');
 * - `ipcMain.on/once/handle/handleOnce` handlers that do not check their sender (`isTrustedSender`
 *   or `senderFrame` in the handler body).
 * Each finding names the rule, the file and the line; `scanSource` works on any text, so the tests
 * prove every rule can fail on a fixture.
 */
import ts from 'typescript';

export type HardeningRule =
  | 'insecure-web-preference'
  | 'csp-unsafe'
  | 'insecure-switch'
  | 'open-external-unguarded'
  | 'remote-module'
  | 'ipc-without-sender-check';

export interface HardeningFinding {
  rule: HardeningRule;
  file: string;
  line: number;
  text: string;
}

/** Preference -> the value that is forbidden. */
export const forbiddenPreferences: Readonly<Record<string, boolean>> = {
  nodeIntegration: true,
  nodeIntegrationInWorker: true,
  nodeIntegrationInSubFrames: true,
  contextIsolation: false,
  sandbox: false,
  webSecurity: false,
  allowRunningInsecureContent: true,
  webviewTag: true,
  enableRemoteModule: true,
  experimentalFeatures: true,
};

const insecureSwitches = [
  'no-sandbox',
  'disable-web-security',
  'ignore-certificate-errors',
  'allow-running-insecure-content',
  'disable-site-isolation-trials',
];

const ipcRegistrations = new Set(['on', 'once', 'handle', 'handleOnce', 'addListener', 'prependListener']);

function booleanValue(node: ts.Expression): boolean | undefined {
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  // Minified forms: !0 (true), !1 (false).
  if (
    ts.isPrefixUnaryExpression(node) &&
    node.operator === ts.SyntaxKind.ExclamationToken &&
    ts.isNumericLiteral(node.operand)
  ) {
    return node.operand.text === '0';
  }
  return undefined;
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name))
    return name.text;
  return undefined;
}

function enclosingFunction(node: ts.Node): ts.Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return n;
  return undefined;
}

function containsIdentifier(node: ts.Node, pattern: RegExp): boolean {
  let found = false;
  const visit = (n: ts.Node) => {
    if (found) return;
    if ((ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) && pattern.test(n.text)) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

function guardedByAllowList(call: ts.Node): boolean {
  const fn = enclosingFunction(call);
  if (!fn) return false;
  let guarded = false;
  const visit = (n: ts.Node) => {
    if (guarded) return;
    if (
      ts.isIfStatement(n) &&
      containsIdentifier(n.expression, /allow(ed)?(list|external|url|origin)|isAllowed/i)
    )
      guarded = true;
    else ts.forEachChild(n, visit);
  };
  visit(fn);
  return guarded;
}

function isElectronModule(node: ts.Expression): boolean {
  const text = node.getText();
  return /(^|\W|_)electron\d*$/i.test(text) || /require\(\s*["']electron["']\s*\)$/.test(text);
}

function scriptKind(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.ts') || file.endsWith('.mts') || file.endsWith('.cts')) return ts.ScriptKind.TS;
  return ts.ScriptKind.JS;
}

/** Scans one source text (TypeScript or JavaScript). `file` is used for the parser mode and the report. */
export function scanSource(file: string, text: string): HardeningFinding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
  const findings: HardeningFinding[] = [];
  const report = (rule: HardeningRule, node: ts.Node) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    findings.push({ rule, file, line: line + 1, text: node.getText(source).split('\n')[0]!.slice(0, 160) });
  };

  const visit = (node: ts.Node) => {
    if (ts.isPropertyAssignment(node)) {
      const name = propertyName(node.name);
      const value = booleanValue(node.initializer);
      if (
        name &&
        value !== undefined &&
        Object.hasOwn(forbiddenPreferences, name) &&
        forbiddenPreferences[name] === value
      )
        report('insecure-web-preference', node);
    }
    if (
      ts.isStringLiteralLike(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      const value = node.text;
      if (/unsafe-(inline|eval)|wasm-unsafe-eval|unsafe-hashes/.test(value)) report('csp-unsafe', node);
      if (insecureSwitches.some((s) => value === s || value === `--${s}` || value.startsWith(`--${s}=`)))
        report('insecure-switch', node);
      if (value === '@electron/remote' || value.startsWith('@electron/remote/'))
        report('remote-module', node);
    }
    if (
      ts.isImportDeclaration(node) &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      node.moduleSpecifier.text === 'electron'
    ) {
      const bindings = node.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          if ((element.propertyName ?? element.name).text === 'remote') report('remote-module', element);
        }
      }
    }
    if (ts.isVariableDeclaration(node) && node.initializer && ts.isObjectBindingPattern(node.name)) {
      if (/require\(\s*["']electron["']\s*\)/.test(node.initializer.getText(source))) {
        for (const element of node.name.elements) {
          const name = element.propertyName ?? element.name;
          if (ts.isIdentifier(name) && name.text === 'remote') report('remote-module', element);
        }
      }
    }
    if (
      ts.isPropertyAccessExpression(node) &&
      node.name.text === 'remote' &&
      isElectronModule(node.expression)
    ) {
      report('remote-module', node);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const target = node.expression.expression.getText(source);
      if (method === 'openExternal' && !guardedByAllowList(node)) report('open-external-unguarded', node);
      if (ipcRegistrations.has(method) && /(^|\.)ipcMain\d*$/.test(target)) {
        const handler = node.arguments[1];
        const checked =
          handler !== undefined &&
          (ts.isFunctionExpression(handler) || ts.isArrowFunction(handler)) &&
          containsIdentifier(handler.body, /^(isTrustedSender|senderFrame)$/);
        if (!checked) report('ipc-without-sender-check', node);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

/** CSP meta tags of an HTML document that allow inline or eval'd code. */
export function scanHtml(file: string, html: string): HardeningFinding[] {
  const findings: HardeningFinding[] = [];
  const metas = html.matchAll(/<meta[^>]+http-equiv=["']?content-security-policy["']?[^>]*>/gi);
  for (const match of metas) {
    if (/unsafe-(inline|eval)/.test(match[0])) {
      const line = html.slice(0, match.index).split('\n').length;
      findings.push({ rule: 'csp-unsafe', file, line, text: match[0].slice(0, 160) });
    }
  }
  return findings;
}
