/**
 * The application frame: DSFR header and navigation, status banners, and hash-routed pages. Without
 * an open agent session it shows the sign-in screen (or the lock screen); with one, the screens of
 * the session's role only, the idle warning, and user activity reported to postpone the idle lock.
 */
import { Header } from '@codegouvfr/react-dsfr/Header';
import { useEffect, useState } from 'react';
import { useConnectionState, useHosts } from './bridge/context';
import { CapturePage } from './features/capture/CapturePage';
import { CertificationPage } from './features/certification/CertificationPage';
import { DiagnosticsPage } from './features/diagnostics/DiagnosticsPage';
import { HomePage } from './features/home/HomePage';
import { QueuePage } from './features/queue/QueuePage';
import { IdleWarningDialog } from './features/session/IdleWarningDialog';
import { LockScreen } from './features/session/LockScreen';
import { useSessionQuickAccess } from './features/session/quick-access';
import { allowed, landingFor, type ScreenRoute, screensFor } from './features/session/roles';
import { isOpen, SessionProvider, useSession } from './features/session/SessionContext';
import { SignInScreen } from './features/session/SignInScreen';
import { useActivityReporter } from './features/session/useActivityReporter';
import { HostAlerts } from './ui/HostAlerts';

const routes = {
  '#/': { title: 'Accueil', page: HomePage },
  '#/capture': { title: 'Demande de titre', page: CapturePage },
  '#/certification': { title: 'Certification', page: CertificationPage },
  '#/queue': { title: 'Suivi des demandes', page: QueuePage },
  '#/diagnostics': { title: 'Diagnostic', page: DiagnosticsPage },
} as const satisfies Record<ScreenRoute, unknown>;
type Route = keyof typeof routes;

function currentRoute(): Route {
  const hash = window.location.hash || '#/';
  return hash in routes ? (hash as Route) : '#/';
}

export function App() {
  return (
    <SessionProvider>
      <Frame />
    </SessionProvider>
  );
}

function Frame() {
  const [route, setRoute] = useState<Route>(currentRoute);
  const connection = useConnectionState();
  const hosts = useHosts();
  const session = useSession();
  const open = isOpen(session);
  const role = open ? session?.role : undefined;
  const quickAccess = useSessionQuickAccess(session);
  useActivityReporter(open, session?.idleLockMinutes ?? 10);
  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  // A screen the role does not reach leads to the role's first screen.
  useEffect(() => {
    if (!role || allowed(role, route)) return;
    const landing = landingFor(role);
    window.history.replaceState(null, '', landing);
    setRoute(landing);
  }, [role, route]);
  const title = !session || open ? routes[route].title : 'Ouverture de session';
  useEffect(() => {
    document.title = `${title} — Recueil`;
  }, [title]);
  const Page = routes[route].page;
  return (
    <>
      <Header
        brandTop={
          <>
            République
            <br />
            Française
          </>
        }
        serviceTitle="Recueil"
        serviceTagline="Poste de recueil des demandes de titres d’identité"
        homeLinkProps={{ href: role ? landingFor(role) : '#/', title: 'Accueil — Recueil' }}
        quickAccessItems={quickAccess}
        navigation={
          role
            ? screensFor(role).map((href) => ({
                text: routes[href].title,
                linkProps: { href },
                isActive: href === route,
              }))
            : undefined
        }
      />
      <main id="contenu" className="fr-container fr-py-4w" tabIndex={-1}>
        <HostAlerts hosts={hosts} connected={connection === 'open'} />
        {!session ? (
          <p>Connexion au poste…</p>
        ) : session.state === 'locked' ? (
          <LockScreen view={session} />
        ) : !open || !role ? (
          <SignInScreen view={session} />
        ) : allowed(role, route) ? (
          <Page />
        ) : null}
        {session?.state === 'idle-warning' && <IdleWarningDialog locksAt={session.locksAt} />}
      </main>
    </>
  );
}
