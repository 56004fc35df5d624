/**
 * The counter services' failures as the station reports them: which service, what kind of failure
 * (`format`/`check` of the number, `offline`, `timeout`, `server-error`, `refused`, `protocol`) and
 * the French sentence the agent reads. Shared by the clients (client.ts) and the answer reader
 * (answers.ts).
 */
export type CounterService = 'pre-application' | 'appointments' | 'tax-stamp' | 'ephoto';
export type CounterFailure =
  | 'format'
  | 'check'
  | 'offline'
  | 'timeout'
  | 'server-error'
  | 'refused'
  | 'protocol';

const SERVICE_NAMES: Record<CounterService, string> = {
  'pre-application': 'Le service des pré-demandes',
  appointments: 'La plateforme de rendez-vous',
  'tax-stamp': 'Le service du timbre fiscal',
  ephoto: 'Le service e-photo',
};

export class CounterServiceError extends Error {
  constructor(
    readonly service: CounterService,
    readonly failure: CounterFailure,
    readonly messageFr: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'CounterServiceError';
  }

  /** No connection at all: the lookup is deferred (typed entry flagged, retried at sync). */
  get offline(): boolean {
    return this.failure === 'offline';
  }
}

export function failureMessage(service: CounterService, failure: CounterFailure, status?: number): string {
  const who = SERVICE_NAMES[service];
  switch (failure) {
    case 'offline':
      if (service === 'ephoto')
        return `${who} est injoignable (pas de connexion au système central) : la photo ne peut pas être récupérée pour l’instant. Réessayez plus tard, ou utilisez la photo papier.`;
      return `${who} est injoignable (pas de connexion au système central) : la saisie est conservée et la vérification sera refaite à la prochaine synchronisation.`;
    case 'timeout':
      return `${who} ne répond pas : vérification impossible pour l’instant. Réessayez dans quelques minutes ; la saisie est conservée.`;
    case 'server-error':
      return `${who} est en erreur (HTTP ${status ?? 500}) : vérification impossible pour l’instant. Réessayez plus tard ; la saisie est conservée.`;
    case 'refused':
      return `${who} a refusé la demande du poste (HTTP ${status ?? 400}). Contactez l’assistance.`;
    default:
      return `${who} a répondu de façon inattendue. Contactez l’assistance si cela persiste.`;
  }
}
