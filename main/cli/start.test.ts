import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chromiumRefusal } from './start';

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
