/**
 * Agent roles and how an agent certificate carries them.
 *
 * The role is an Extended Key Usage purpose OID in the certificate (not a subject field): EKU is
 * covered by the CA's signature like the subject, but it is a machine-readable purpose list that
 * certificate tooling already shows and filters on, it does not depend on how a CA spells its
 * distinguished names, and it cannot be confused with a display name. The OIDs sit under the
 * project's UUID-based arc (ITU-T X.667, `2.25.<uuid>`, needs no registration):
 *
 *   2.25.318405404080282369696705370654672107981.1.1  agent                (captures applications)
 *   2.25.318405404080282369696705370654672107981.1.2  agent-certificateur  (also certifies identities)
 *   2.25.318405404080282369696705370654672107981.1.3  technicien           (diagnostics, configuration)
 *
 * A certificate must carry exactly one of them; none or several is refused. The subject OU repeats
 * the role for people reading the certificate, and is ignored by the station.
 */

export const agentRoles = ['agent', 'agent-certificateur', 'technicien'] as const;
export type AgentRole = (typeof agentRoles)[number];

export const recueilOidArc = '2.25.318405404080282369696705370654672107981';

export const roleOids: Record<AgentRole, string> = {
  agent: `${recueilOidArc}.1.1`,
  'agent-certificateur': `${recueilOidArc}.1.2`,
  technicien: `${recueilOidArc}.1.3`,
};

export function roleFromOids(oids: readonly string[]): AgentRole | 'none' | 'ambiguous' {
  const found = agentRoles.filter((role) => oids.includes(roleOids[role]));
  if (found.length === 0) return 'none';
  if (found.length > 1) return 'ambiguous';
  return found[0]!;
}

/** French label for the UI. */
export const roleLabels: Record<AgentRole, string> = {
  agent: 'Agent',
  'agent-certificateur': 'Agent certificateur',
  technicien: 'Technicien',
};
