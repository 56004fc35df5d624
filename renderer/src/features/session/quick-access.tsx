/**
 * The header's quick access while a session is open: the role (badge) and the agent's name from the
 * card certificate (its pseudonymous id when the certificate has none), "Verrouiller" and
 * "Se déconnecter".
 */
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import type { HeaderProps } from '@codegouvfr/react-dsfr/Header';
import type { JSX } from 'react';
import type { SessionView } from '../../../../main/contract';
import { useCommand } from '../../bridge/context';
import { roleLabels } from './roles';

export function useSessionQuickAccess(
  view: SessionView | undefined,
): (HeaderProps.QuickAccessItem | JSX.Element)[] {
  const invoke = useCommand();
  if (!view?.role || (view.state !== 'open' && view.state !== 'idle-warning')) return [];
  return [
    <div key="role" className="fr-mr-2w recueil-session-role" data-session-role={view.role}>
      <Badge as="span" severity="info" noIcon>
        {roleLabels[view.role]}
      </Badge>
      <span className="fr-text--xs fr-mb-0 fr-ml-1w" data-testid="session-agent">
        {view.agentName ?? view.agentId}
      </span>
    </div>,
    {
      iconId: 'fr-icon-lock-line',
      text: 'Verrouiller',
      buttonProps: { onClick: () => void invoke('session.lock', {}) },
    },
    {
      iconId: 'fr-icon-logout-box-r-line',
      text: 'Se déconnecter',
      buttonProps: { onClick: () => void invoke('session.signOut', {}) },
    },
  ];
}
