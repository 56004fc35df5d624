/** The station's side of the counter services: clients, what their answers mean, deferred operations. */
export * from './client';
export * from './deferred';
export * from './understood';
