import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chromiumRefusal, ensureRendererBuilt } from './start';

describe('recueil start: opening Chromium', () => {
  it('refuses as root (Chromium would run without its sandbox) and says how to open the URL', () => {
    const refusal = chromiumRefusal(0, true);
    assert.match(
      refusal ?? '',
      /^Le poste tourne sous root : Chromium n’est pas ouvert, car il ne fonctionne alors que sans son bac à sable/,
    );
    assert.match(
      refusal ?? '',
      /ouvrez dans le navigateur d’un compte non privilégié l’adresse de la ligne « ui »/,
    );
  });

  it('says how to open the URL when Chromium is not installed, and opens it otherwise', () => {
    assert.match(
      chromiumRefusal(1000, false) ?? '',
      /^Chromium est introuvable .* ouvrez dans un navigateur l’adresse de la ligne « ui »/,
    );
    assert.equal(chromiumRefusal(1000, true), undefined);
  });
});

describe('recueil start: the renderer', () => {
  const root = mkdtempSync(join(tmpdir(), 'recueil-app-'));
  const index = join(root, 'dist', 'renderer', 'index.html');

  it('is built when missing, once, and not when present', () => {
    let builds = 0;
    const build = () => {
      builds += 1;
      mkdirSync(join(root, 'dist', 'renderer'), { recursive: true });
      writeFileSync(index, '<!doctype html>');
      return { status: 0, stderr: '' };
    };
    ensureRendererBuilt(root, build);
    ensureRendererBuilt(root, build);
    assert.equal(builds, 1);
    rmSync(root, { recursive: true, force: true });
  });

  it('says exactly what to run when the build fails', () => {
    assert.throws(
      () => ensureRendererBuilt(root, () => ({ status: 1, stderr: '' })),
      new RegExp(`run "npm run build:renderer" in ${root}`),
    );
  });
});
