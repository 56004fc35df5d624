/** The ground-floor vocabulary: the domain terms every layer names the same way. */

export * from './application-reason';
export * from './availability';
export * from './certification';
export * from './config-document';
export * from './counter-numbers';
export * from './daily-summary';
export * from './devices';
export * from './dossier-status';
export * from './ephoto-code';
export * from './fingers';
export * from './health';
export * from './portrait';
export * from './progress';
export * from './session';
export * from './signature';
export * from './sync';
export * from './thresholds';
export * from './title-fees';
