/**
 * The technician's panel for one device: identity (model, serial, firmware, transport path), status,
 * last error with its protocol code, and the actions self-test, test capture (strokes or image shown,
 * nothing kept), reset and protocol trace (bytes in/out, personal data masked).
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import type {
  DeviceStatus,
  DeviceTrace,
  Result,
  SelfTestReport,
  TestCaptureReport,
} from '../../../../main/contract';
import { useCommand } from '../../bridge/context';
import { ConnectionBadge } from '../../ui/ConnectionBadge';
import { DataTable } from '../../ui/DataTable';
import { errorText } from '../../ui/error-text';

type Busy = 'selfTest' | 'testCapture' | 'reset' | 'trace' | undefined;

function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(svg)))}`;
}

export function DevicePanel({ device }: { device: DeviceStatus }) {
  const invoke = useCommand();
  const [busy, setBusy] = useState<Busy>();
  const [error, setError] = useState<string>();
  const [selfTest, setSelfTest] = useState<SelfTestReport>();
  const [capture, setCapture] = useState<TestCaptureReport>();
  const [trace, setTrace] = useState<DeviceTrace>();

  async function run<T>(what: Busy, action: () => Promise<Result<T>>, done: (value: T) => void) {
    setBusy(what);
    setError(undefined);
    const result = await action();
    setBusy(undefined);
    if (result.ok) done(result.value);
    else setError(errorText(result.error));
  }

  const deviceId = device.id;
  const facts: [string, string | undefined][] = [
    ['Modèle', device.model],
    ['Fabricant', device.vendor],
    ['Numéro de série', device.serialNumber],
    ['Micrologiciel', device.firmware],
    ['Liaison', device.transportPath ?? device.transport],
  ];
  return (
    <section
      aria-labelledby={`panel-${deviceId}`}
      className="fr-card fr-p-3w fr-mb-3w"
      data-panel-device={deviceId}
    >
      <h3 id={`panel-${deviceId}`} className="fr-h5">
        {device.model} <ConnectionBadge connection={device.connection} />
      </h3>
      <dl className="recueil-facts">
        {facts
          .filter(([, value]) => value)
          .map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {device.lastError && (
        <Alert
          className="fr-mb-2w"
          severity="warning"
          small
          description={`Dernière erreur (${new Date(device.lastError.at).toLocaleString('fr-FR')}) : ${device.lastError.code}${
            device.lastError.protocolStatus ? ` [${device.lastError.protocolStatus}]` : ''
          } — ${device.lastError.message}`}
        />
      )}
      {error && <Alert className="fr-mb-2w" severity="error" small description={error} />}
      <div className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
        <Button
          size="small"
          disabled={busy !== undefined}
          onClick={() => run('selfTest', () => invoke('devices.selfTest', { deviceId }), setSelfTest)}
        >
          Auto-test
        </Button>
        <Button
          size="small"
          priority="secondary"
          disabled={busy !== undefined}
          onClick={() => run('testCapture', () => invoke('devices.testCapture', { deviceId }), setCapture)}
        >
          Capture de test
        </Button>
        <Button
          size="small"
          priority="secondary"
          disabled={busy !== undefined}
          onClick={() =>
            run(
              'reset',
              () => invoke('devices.reset', { deviceId }),
              () => undefined,
            )
          }
        >
          Réinitialiser
        </Button>
        <Button
          size="small"
          priority="tertiary"
          disabled={busy !== undefined}
          onClick={() =>
            run('trace', () => invoke('devices.trace', { deviceId, enabled: !trace?.enabled }), setTrace)
          }
        >
          {trace?.enabled ? 'Arrêter la trace' : 'Activer la trace'}
        </Button>
        {trace?.enabled && (
          <Button
            size="small"
            priority="tertiary"
            disabled={busy !== undefined}
            onClick={() => run('trace', () => invoke('devices.trace', { deviceId }), setTrace)}
          >
            Actualiser la trace
          </Button>
        )}
      </div>
      {busy && (
        <p className="fr-text--sm" role="status">
          Opération en cours…
        </p>
      )}
      {selfTest && (
        <div data-testid="self-test" role="status">
          <p className="fr-mb-1w">
            <strong>Auto-test {selfTest.passed ? 'réussi' : 'en échec'}</strong>
          </p>
          <ul>
            {selfTest.checks.map((check) => (
              <li key={check.name}>
                {check.passed ? '✓' : '✗'} {check.name}
                {check.detail ? ` — ${check.detail}` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      {capture && (
        <div data-testid="test-capture">
          <p className="fr-mb-1w">{capture.summary}</p>
          {capture.svg && (
            <img
              src={svgDataUrl(capture.svg)}
              alt="Tracé de la signature de test"
              className="recueil-test-capture"
            />
          )}
          {capture.pngBase64 && (
            <img
              src={`data:image/png;base64,${capture.pngBase64}`}
              alt="Empreinte de test"
              className="recueil-test-capture"
            />
          )}
        </div>
      )}
      {trace?.enabled && (
        <DataTable
          caption={`Trace du protocole (${trace.entries.length} trames)`}
          headers={['Heure', 'Sens', 'Octets']}
          className="fr-table--sm fr-mt-2w"
          testId="trace"
        >
          {trace.entries.slice(-50).map((entry) => (
            <tr key={`${entry.at}-${entry.direction}-${entry.hex.slice(0, 24)}-${entry.length}`}>
              <td>{entry.at.slice(11, 23)}</td>
              <td>{entry.direction === 'out' ? '→ appareil' : '← appareil'}</td>
              <td className="recueil-hex">{entry.hex}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
