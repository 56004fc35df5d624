/** Home: the station's identity, its online state, live device status, and the three roles' entries. */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Tile } from '@codegouvfr/react-dsfr/Tile';
import { useEffect, useState } from 'react';
import type { EnrollmentView } from '../../../../main/contract';
import { useCommand, useDevices, useStationInfo, useSyncState } from '../../bridge/context';
import { DeviceStatusTable } from '../../ui/DeviceStatusTable';
import { syncDetailText } from '../../ui/error-text';

const roles = [
  {
    title: 'Demande de titre',
    desc: 'Passeport ou carte d’identité : photo, empreintes, signature.',
    href: '#/capture',
  },
  {
    title: 'Certification France Identité',
    desc: 'Comparer les empreintes du citoyen à celles de sa carte d’identité.',
    href: '#/certification',
  },
  {
    title: 'Diagnostic technicien',
    desc: 'État des périphériques et des processus, tests et simulation.',
    href: '#/diagnostics',
  },
];

export function HomePage() {
  const info = useStationInfo();
  const sync = useSyncState();
  const devices = useDevices();
  const invoke = useCommand();
  const [enrollment, setEnrollment] = useState<EnrollmentView>();
  useEffect(() => {
    void invoke('station.enrollment', {}).then((result) => result.ok && setEnrollment(result.value));
  }, [invoke]);
  return (
    <>
      <h1>Poste de recueil</h1>
      {enrollment && !enrollment.enrolled && (
        <Alert
          className="fr-mb-3w"
          severity="error"
          as="h2"
          title="Poste non enrôlé : aucune demande ne peut être recueillie"
          description={enrollment.reason ?? 'Faites enrôler le poste par un technicien (recueil enroll).'}
        />
      )}
      {enrollment?.warning && (
        <Alert className="fr-mb-3w" severity="warning" small description={enrollment.warning} />
      )}
      <section aria-labelledby="identite" className="fr-mb-4w">
        <h2 id="identite" className="fr-h4">
          Identité du poste
        </h2>
        {info ? (
          <ul className="fr-raw-list">
            <li>
              <strong>{info.townHall.name}</strong> (code INSEE {info.townHall.inseeCode})
            </li>
            <li>
              Poste <span data-testid="station-id">{info.stationId}</span> — version {info.version}
              {info.simulatedDevices && ' — périphériques simulés'}
            </li>
            <li className="fr-mt-1w">
              {sync ? (
                <>
                  <Badge severity={sync.online ? 'success' : 'warning'}>
                    {sync.online ? 'En ligne' : 'Hors ligne'}
                  </Badge>
                  {syncDetailText(sync) && <span className="fr-ml-1w">{syncDetailText(sync)}</span>}
                </>
              ) : (
                'État du réseau en cours de lecture…'
              )}
            </li>
          </ul>
        ) : (
          <p>Lecture de l’identité du poste…</p>
        )}
      </section>
      <section aria-labelledby="peripheriques" className="fr-mb-4w">
        <h2 id="peripheriques" className="fr-h4">
          Périphériques
        </h2>
        <DeviceStatusTable devices={devices} caption="État des périphériques" />
      </section>
      <section aria-labelledby="parcours">
        <h2 id="parcours" className="fr-h4">
          Parcours
        </h2>
        <div className="fr-grid-row fr-grid-row--gutters">
          {roles.map((role) => (
            <div key={role.href} className="fr-col-12 fr-col-md-4">
              <Tile
                title={role.title}
                titleAs="h3"
                desc={role.desc}
                linkProps={{ href: role.href }}
                enlargeLinkOrButton
              />
            </div>
          ))}
        </div>
      </section>
    </>
  );
}
