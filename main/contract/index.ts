/**
 * Public face of the contract for the renderer: the station API's schemas and types, the client
 * builder and wire frames, with the ground-floor vocabulary (common/) they are made of.
 */
export * from '../../common/domain';
export * from '../../common/errors';
export * from '../../common/signature/drawing';
export * from './api';
export * from './application';
export * from './certification';
export * from './client';
export * from './counter';
export * from './model';
export * from './session';
export * from './wire';
