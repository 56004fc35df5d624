/**
 * The central's tus 1.0.0 endpoint (central/server/tus.ts) spoken to directly over mTLS, request by
 * request: discovery, the version check, creation rules, HEAD / PATCH / DELETE, the offset and
 * length checks, the receipt on the completing request, and the newest-request-wins lock that
 * lets a station come back after a broken connection without waiting for a TCP timeout.
 */
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { type Agent, request } from 'node:https';
import { after, before, test } from 'node:test';
import { openStation, type StationContext } from '../../sync/api';
import { createTlsAgent } from '../../sync/client';
import { sealDossier } from '../../sync/crypto/station';
import { syntheticDossier } from '../../sync/demo/synthetic-dossier';
import { uuidV7 as newDossierId } from '../../sync/dossier';
import { RECEIPT_HEADER, UPLOADS_PATH, uploadUrlPath } from '../../sync/protocol/http';
import { type SyncEnv, syncEnv } from './fixtures/sync-env';

let env: SyncEnv;
let station: StationContext;
let agent: Agent;
before(async () => {
  env = await syncEnv();
  station = await openStation(env.demo.stationConfig);
  agent = createTlsAgent(station.material.tls);
});
after(async () => {
  agent.destroy();
  station.close();
  await env.cleanup();
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function call(
  method: string,
  path: string,
  headers: Record<string, string | number> = {},
  body?: Uint8Array,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${env.central.url}${path}`,
      {
        method,
        agent,
        headers: { 'Tus-Resumable': '1.0.0', ...headers, ...(body ? { 'Content-Length': body.length } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const b64 = (text: string) => Buffer.from(text).toString('base64');
const metadata = (id: string, dispatch = 'aaa.bbb.ccc') => `dossier-id ${b64(id)},dispatch ${b64(dispatch)}`;
const OCTETS = { 'Content-Type': 'application/offset+octet-stream' };

async function sealed() {
  const dossier = await syntheticDossier({ stationId: env.demo.stationId, sizeBytes: 200_000 });
  return sealDossier(dossier, station.material.keys, station.material.central);
}

async function create(id: string, size: number, dispatch?: string): Promise<Answer> {
  return call('POST', UPLOADS_PATH, { 'Upload-Length': size, 'Upload-Metadata': metadata(id, dispatch) });
}

test('OPTIONS advertises the version, the extensions and the size limit', async () => {
  const answer = await call('OPTIONS', UPLOADS_PATH);
  assert.equal(answer.status, 204);
  assert.equal(answer.headers['tus-version'], '1.0.0');
  assert.deepEqual(String(answer.headers['tus-extension']).split(','), [
    'creation',
    'creation-with-upload',
    'termination',
  ]);
  assert.equal(Number(answer.headers['tus-max-size']), env.central.config.limits.maxDossierBytes);
});

test('a request without Tus-Resumable 1.0.0 is refused with 412 and the supported version', async () => {
  const answer = await call('HEAD', uploadUrlPath(newDossierId()), { 'Tus-Resumable': '0.2.2' });
  assert.equal(answer.status, 412);
  assert.equal(answer.headers['tus-version'], '1.0.0');
});

test('creation checks its length and metadata', async () => {
  const id = newDossierId();
  const noLength = await call('POST', UPLOADS_PATH, { 'Upload-Metadata': metadata(id) });
  assert.equal(noLength.status, 400);
  assert.match(JSON.parse(noLength.body).message, /Upload-Length/);
  const tooBig = await create(id, env.central.config.limits.maxDossierBytes + 1);
  assert.equal(tooBig.status, 413);
  assert.equal(JSON.parse(tooBig.body).error, 'too-large');
  for (const bad of ['dossier-id !!!', `dossier-id ${b64('not-a-uuid')},dispatch ${b64('a.b.c')}`]) {
    const answer = await call('POST', UPLOADS_PATH, { 'Upload-Length': 10, 'Upload-Metadata': bad });
    assert.equal(answer.status, 400, bad);
  }
  const notJws = await create(id, 10, 'not-a-jws');
  assert.equal(notJws.status, 400);
  const negative = await call('POST', UPLOADS_PATH, { 'Upload-Length': -1, 'Upload-Metadata': metadata(id) });
  assert.equal(negative.status, 400);
  assert.equal((await call('HEAD', uploadUrlPath(id))).status, 404, 'nothing was created');
});

test('HEAD, PATCH and DELETE follow the upload, and refuse a wrong offset, type or length', async () => {
  const id = newDossierId();
  const created = await create(id, 10);
  assert.equal(created.status, 201);
  assert.equal(created.headers.location, uploadUrlPath(id));
  assert.equal(created.headers['upload-offset'], '0');
  let head = await call('HEAD', uploadUrlPath(id));
  assert.equal(head.status, 200);
  assert.equal(head.headers['upload-offset'], '0');
  assert.equal(head.headers['upload-length'], '10');
  assert.equal(head.headers['cache-control'], 'no-store');
  assert.match(String(head.headers['upload-metadata']), new RegExp(`dossier-id ${b64(id)}`));

  const wrongType = await call('PATCH', uploadUrlPath(id), { 'Upload-Offset': 0 }, Buffer.alloc(4));
  assert.equal(wrongType.status, 415);
  const part = await call('PATCH', uploadUrlPath(id), { ...OCTETS, 'Upload-Offset': 0 }, Buffer.alloc(4, 1));
  assert.equal(part.status, 204);
  assert.equal(part.headers['upload-offset'], '4');
  const stale = await call('PATCH', uploadUrlPath(id), { ...OCTETS, 'Upload-Offset': 0 }, Buffer.alloc(4));
  assert.equal(stale.status, 409);
  assert.equal(JSON.parse(stale.body).error, 'offset-mismatch');
  const tooLong = await call('PATCH', uploadUrlPath(id), { ...OCTETS, 'Upload-Offset': 4 }, Buffer.alloc(7));
  assert.equal(tooLong.status, 413);
  head = await call('HEAD', uploadUrlPath(id));
  assert.equal(head.headers['upload-offset'], '4', 'a refused PATCH stores nothing');

  assert.equal((await call('DELETE', uploadUrlPath(id))).status, 204);
  assert.equal((await call('HEAD', uploadUrlPath(id))).status, 404);
  assert.equal((await call('DELETE', uploadUrlPath(id))).status, 404);
  assert.equal((await call('GET', uploadUrlPath(id))).status, 405);
  assert.equal((await call('HEAD', `${UPLOADS_PATH}/..%2fcentral.sqlite`)).status, 404);
});

test('the request that completes an upload carries the signed receipt; the dossier is stored', async () => {
  const dossier = await sealed();
  const id = dossier.dossierId;
  const half = Math.floor(dossier.ciphertext.length / 2);
  const created = await call(
    'POST',
    UPLOADS_PATH,
    {
      ...OCTETS,
      'Upload-Length': dossier.ciphertext.length,
      'Upload-Metadata': metadata(id, dossier.dispatch),
    },
    dossier.ciphertext.subarray(0, half),
  );
  assert.equal(created.status, 201);
  assert.equal(Number(created.headers['upload-offset']), half);
  assert.equal(created.headers[RECEIPT_HEADER.toLowerCase()], undefined);
  const done = await call(
    'PATCH',
    uploadUrlPath(id),
    { ...OCTETS, 'Upload-Offset': half },
    dossier.ciphertext.subarray(half),
  );
  assert.equal(done.status, 204, done.body);
  const receipt = done.headers[RECEIPT_HEADER.toLowerCase()];
  assert.equal(typeof receipt, 'string');
  assert.equal(env.central.store.find(id)?.receipt, receipt);
  assert.equal((await call('HEAD', uploadUrlPath(id))).status, 404, 'the upload area is emptied');
});

test('a newer request for an upload takes it over from a stalled one, which keeps what arrived', async () => {
  const id = newDossierId();
  assert.equal((await create(id, 100_000)).status, 201);
  // A PATCH that sends 30,000 of its announced 60,000 bytes, then stalls (a dead link).
  const stalled = request(`${env.central.url}${uploadUrlPath(id)}`, {
    method: 'PATCH',
    agent: createTlsAgent(station.material.tls),
    headers: { 'Tus-Resumable': '1.0.0', ...OCTETS, 'Upload-Offset': 0, 'Content-Length': 60_000 },
  });
  const closed = new Promise<void>((resolve) => {
    stalled.on('error', () => resolve());
    stalled.on('close', () => resolve());
  });
  stalled.write(Buffer.alloc(30_000, 7));
  await new Promise((r) => setTimeout(r, 300));
  const head = await call('HEAD', uploadUrlPath(id));
  assert.equal(head.status, 200);
  const offset = Number(head.headers['upload-offset']);
  assert.ok(offset > 0 && offset <= 30_000, `offset ${offset}: what arrived is kept`);
  await closed; // the superseded request was cut, not left hanging
  const resumed = await call(
    'PATCH',
    uploadUrlPath(id),
    { ...OCTETS, 'Upload-Offset': offset },
    Buffer.alloc(1000, 7),
  );
  assert.equal(resumed.status, 204);
  assert.equal(Number(resumed.headers['upload-offset']), offset + 1000);
  await call('DELETE', uploadUrlPath(id));
});
