/** The station's side of the counter services: clients, what their answers mean, deferred operations, the e-photo provider. */
export * from './answers';
export * from './client';
export * from './deferred';
export * from './ephoto';
export * from './errors';
export * from './understood';
