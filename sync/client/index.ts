/** Public surface of the upload client (used by sync/engine). */
export { CAUSE_MESSAGES, DeliveryFailure, type FailureCause, type FailureScope } from './causes';
export { classifyNetworkError, classifyResponse } from './classify';
export { type DeliveryJob, type DeliveryOptions, deliverDossier } from './deliver';
export { type Reachability, tcpReachability, watchLinkUp } from './reachability';
export { createTlsAgent, fetchField, probeCentral, requestRaw } from './transport';
