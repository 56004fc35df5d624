/**
 * docs/authorization.md says, for every command, the action it needs and the roles holding it: the
 * table must say what the code does (command-access.ts and the role permissions).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sessionRoles } from '../../common/domain';
import { commandNames } from '../contract/api';
import { permissions } from './agent-session-permissions';
import { commandAccess } from './command-access';

const doc = readFileSync(new URL('../../docs/authorization.md', import.meta.url), 'utf8');

describe('docs/authorization.md', () => {
  it('has one row per command with its action and roles, as the code decides them', () => {
    const rows = new Map<string, [string, string]>();
    for (const match of doc.matchAll(/^\|\s*`([a-zA-Z.]+)`\s*\|\s*(.+?)\s*\|\s*(.+?)\s*\|$/gm))
      rows.set(match[1]!, [match[2]!.replaceAll('`', ''), match[3]!]);
    assert.deepEqual([...rows.keys()].sort(), [...commandNames].sort());
    for (const name of commandNames) {
      const access = commandAccess[name];
      const roles =
        access === 'open'
          ? 'anyone (no session)'
          : sessionRoles.filter((role) => permissions[role].has(access)).join(', ');
      assert.deepEqual(rows.get(name), [access, roles], name);
    }
  });
});
