/** Public face of the contract: schemas, types, client builder, wire frames. Imports nothing in-repo. */
export * from './api';
export * from './client';
export * from './errors';
export * from './model';
export * from './wire';
