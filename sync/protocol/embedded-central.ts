/**
 * The messages between a sync host and the reference central server it runs as a worker thread
 * (url "embedded": demonstration and tests). The central's side is central/embedded.ts, the
 * station's sync/host/embedded-central.ts.
 */
export type EmbeddedCentralMessage =
  | { type: 'listening'; url: string }
  | { type: 'failed'; error: { name: string; code?: string; message: string } };

export type EmbeddedCentralCommand = { type: 'close' };
