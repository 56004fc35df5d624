/** The application frame: DSFR header and navigation, status banners, and hash-routed pages. */
import { Header } from '@codegouvfr/react-dsfr/Header';
import { useEffect, useState } from 'react';
import { useConnectionState, useHosts } from './bridge/context';
import { CapturePage } from './features/capture/CapturePage';
import { CertificationPage } from './features/certification/CertificationPage';
import { DiagnosticsPage } from './features/diagnostics/DiagnosticsPage';
import { HomePage } from './features/home/HomePage';
import { QueuePage } from './features/queue/QueuePage';
import { HostAlerts } from './ui/HostAlerts';

const routes = {
  '#/': { title: 'Accueil', page: HomePage },
  '#/capture': { title: 'Demande de titre', page: CapturePage },
  '#/certification': { title: 'Certification', page: CertificationPage },
  '#/queue': { title: 'File d’attente', page: QueuePage },
  '#/diagnostics': { title: 'Diagnostic', page: DiagnosticsPage },
} as const;
type Route = keyof typeof routes;

function currentRoute(): Route {
  const hash = window.location.hash || '#/';
  return hash in routes ? (hash as Route) : '#/';
}

export function App() {
  const [route, setRoute] = useState<Route>(currentRoute);
  const connection = useConnectionState();
  const hosts = useHosts();
  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = `${routes[route].title} — Recueil`;
  }, [route]);
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
        homeLinkProps={{ href: '#/', title: 'Accueil — Recueil' }}
        navigation={Object.entries(routes).map(([href, r]) => ({
          text: r.title,
          linkProps: { href },
          isActive: href === route,
        }))}
      />
      <main id="contenu" className="fr-container fr-py-4w" tabIndex={-1}>
        <HostAlerts hosts={hosts} connected={connection === 'open'} />
        <Page />
      </main>
    </>
  );
}
