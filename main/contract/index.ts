/** Public face of the contract: schemas, types, client builder, wire frames. Imports nothing in-repo. */
export * from './api';
export * from './application';
export * from './certification';
export * from './client';
export * from './errors';
export * from './model';
export * from './session';
export * from './wire';
