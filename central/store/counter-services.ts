/**
 * The counter services' records in the central's database (migration 0002): pre-applications,
 * appointments declared on the appointment platform, and the tax-stamp ledger. It answers in the
 * wire's shapes (sync/protocol/counter-services.ts) and owns their states: a pre-application is
 * valid six months after creation unless used; an application id is validated, declared (it holds
 * appointments), consumed (its pre-application was filed) or expired; a stamp is valid, consumed
 * once, or cancelled. The fixed test application ids are seeded by `seedTestFixtures`.
 */
import { randomInt } from 'node:crypto';
import { preApplicationCheckChar, taxStampCheckDigit } from '../../common/domain/counter-numbers';
import {
  type PreApplicationAnswer,
  RDV_TEST_IDS,
  type RdvApplicationStatus,
  type RdvAppointment,
  type TaxStampAnswer,
} from '../../sync/protocol/counter-services';
import type { Db } from '../../sync/store/database';

export type PreApplicationContent = NonNullable<PreApplicationAnswer['application']>;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Six calendar months after `created`. */
export function sixMonthsAfter(created: Date): Date {
  const end = new Date(created);
  end.setUTCMonth(end.getUTCMonth() + 6);
  return end;
}

export function newPreApplicationNumber(): string {
  let body = '';
  for (let i = 0; i < 9; i++) body += ALPHABET[randomInt(36)];
  return body + preApplicationCheckChar(body);
}

export function newTaxStampNumber(): string {
  let body = '';
  for (let i = 0; i < 15; i++) body += String(randomInt(10));
  return body + taxStampCheckDigit(body);
}

interface PreRow {
  number: string;
  created_at: string;
  used_at: string | null;
  content: string;
}

interface StampRow {
  number: string;
  amount_cents: number;
  issued_at: string;
  state: 'valid' | 'consumed' | 'cancelled';
  consumed_at: string | null;
}

const DEFAULT_CONTENT: PreApplicationContent = {
  titleType: 'passport',
  reason: 'first',
  identity: {
    surname: 'MARTIN',
    givenNames: 'Camille Louise',
    birthDate: '1990-04-12',
    sex: 'F',
    birthPlace: 'Lyon (69)',
  },
  address: { line: '12 rue de la République', postcode: '69002', city: 'Lyon' },
};

/** The appointments the duplicate test id holds in other town halls. */
const DUPLICATE_APPOINTMENTS: Omit<RdvAppointment, 'editor_comment'>[] = [
  {
    meeting_point: 'Mairie de Villeurbanne',
    meeting_point_id: '69266',
    appointment_date: '2026-12-18T10:30:00',
    management_url: 'https://rdv.villeurbanne.example/rdv/4711',
  },
  {
    meeting_point: 'Mairie du 3e arrondissement de Lyon',
    meeting_point_id: '69383',
    appointment_date: '2026-12-22T14:00:00',
    management_url: 'https://rdv.lyon.example/rendez-vous/88',
  },
];

export class CounterServicesStore {
  constructor(private readonly db: Db) {}

  /** The fixed test application ids (RDV_TEST_IDS): their pre-applications and appointments. */
  seedTestFixtures(now = new Date()): void {
    const longAgo = new Date(now);
    longAgo.setUTCMonth(longAgo.getUTCMonth() - 7);
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO pre_applications (number, created_at, used_at, content) VALUES (?, ?, ?, ?)',
    );
    const content = JSON.stringify(DEFAULT_CONTENT);
    const recent = new Date(now.getTime() - 10 * 24 * 3600 * 1000).toISOString();
    this.db.transaction(() => {
      insert.run(RDV_TEST_IDS.duplicate, recent, null, content);
      insert.run(RDV_TEST_IDS.consumed, recent, recent, content);
      insert.run(RDV_TEST_IDS.expired, longAgo.toISOString(), null, content);
      insert.run(RDV_TEST_IDS.serverError, recent, null, content);
      insert.run(RDV_TEST_IDS.timeout, recent, null, content);
      for (const a of DUPLICATE_APPOINTMENTS)
        this.db
          .prepare(
            `INSERT OR IGNORE INTO rdv_appointments
             (application_id, meeting_point, meeting_point_id, appointment_date, management_url, editor_comment, declared_at)
             VALUES (?, ?, ?, ?, ?, NULL, ?)`,
          )
          .run(
            RDV_TEST_IDS.duplicate,
            a.meeting_point,
            a.meeting_point_id,
            a.appointment_date,
            a.management_url,
            0,
          );
    })();
  }

  /** What `addPreApplication` fills in when the caller gives nothing. */
  preApplicationTemplate(): PreApplicationContent {
    return structuredClone(DEFAULT_CONTENT);
  }

  addPreApplication(
    options: { state?: 'valid' | 'expired' | 'used'; content?: Partial<PreApplicationContent> } = {},
    now = new Date(),
  ): PreApplicationAnswer {
    const number = newPreApplicationNumber();
    const created = new Date(now);
    if (options.state === 'expired') created.setUTCMonth(created.getUTCMonth() - 7);
    const content = { ...DEFAULT_CONTENT, ...options.content };
    this.db
      .prepare('INSERT INTO pre_applications (number, created_at, used_at, content) VALUES (?, ?, ?, ?)')
      .run(
        number,
        created.toISOString(),
        options.state === 'used' ? now.toISOString() : null,
        JSON.stringify(content),
      );
    return this.preApplication(number, now);
  }

  preApplication(number: string, now = new Date()): PreApplicationAnswer {
    const row = this.db.prepare('SELECT * FROM pre_applications WHERE number = ?').get(number) as
      | PreRow
      | undefined;
    if (!row) return { number, state: 'unknown' };
    const expiresAt = sixMonthsAfter(new Date(row.created_at));
    const state = row.used_at ? 'used' : expiresAt.getTime() <= now.getTime() ? 'expired' : 'valid';
    return {
      number,
      state,
      createdAt: row.created_at,
      expiresAt: expiresAt.toISOString(),
      ...(row.used_at ? { usedAt: row.used_at } : {}),
      application: JSON.parse(row.content) as PreApplicationContent,
    };
  }

  /** Files the pre-application (at submit): used from now on; a second call changes nothing. */
  consumePreApplication(number: string, now = new Date()): PreApplicationAnswer {
    this.db
      .prepare('UPDATE pre_applications SET used_at = ? WHERE number = ? AND used_at IS NULL')
      .run(now.toISOString(), number);
    return this.preApplication(number, now);
  }

  rdvStatus(applicationId: string, now = new Date()): RdvApplicationStatus {
    const appointments = (
      this.db
        .prepare(
          `SELECT meeting_point, meeting_point_id, appointment_date, management_url, editor_comment
           FROM rdv_appointments WHERE application_id = ? ORDER BY appointment_date`,
        )
        .all(applicationId) as RdvAppointment[]
    ).map((a) => ({
      ...a,
      meeting_point_id: a.meeting_point_id ?? null,
      editor_comment: a.editor_comment ?? null,
    }));
    const pre = this.preApplication(applicationId, now);
    const status =
      pre.state === 'used'
        ? 'consumed'
        : pre.state === 'expired'
          ? 'expired'
          : pre.state === 'unknown'
            ? 'unknown'
            : appointments.length > 0
              ? 'declared'
              : 'validated';
    return { status, appointments };
  }

  /** Declares an appointment; false when the application id cannot take one (unknown, consumed, expired). */
  declareAppointment(
    applicationId: string,
    appointment: Omit<RdvAppointment, 'editor_comment'> & { editor_comment?: string | null },
    now = Date.now(),
  ): boolean {
    const { status } = this.rdvStatus(applicationId);
    if (status !== 'validated' && status !== 'declared') return false;
    this.db
      .prepare(
        `INSERT INTO rdv_appointments
         (application_id, meeting_point, meeting_point_id, appointment_date, management_url, editor_comment, declared_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (application_id, management_url) DO UPDATE SET meeting_point = excluded.meeting_point,
           meeting_point_id = excluded.meeting_point_id, appointment_date = excluded.appointment_date`,
      )
      .run(
        applicationId,
        appointment.meeting_point,
        appointment.meeting_point_id ?? null,
        appointment.appointment_date,
        appointment.management_url,
        appointment.editor_comment ?? null,
        now,
      );
    return true;
  }

  /** Deletes the appointments matching the application id, place and date; the number deleted. */
  deleteAppointment(applicationId: string, meetingPoint: string, appointmentDate: string): number {
    return this.db
      .prepare(
        'DELETE FROM rdv_appointments WHERE application_id = ? AND meeting_point = ? AND appointment_date = ?',
      )
      .run(applicationId, meetingPoint, appointmentDate).changes;
  }

  issueTaxStamp(
    amountCents: number,
    state: 'valid' | 'consumed' | 'cancelled' = 'valid',
    now = new Date(),
  ): TaxStampAnswer {
    const number = newTaxStampNumber();
    this.db
      .prepare(
        'INSERT INTO tax_stamps (number, amount_cents, issued_at, state, consumed_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(number, amountCents, now.toISOString(), state, state === 'consumed' ? now.toISOString() : null);
    return this.taxStamp(number);
  }

  taxStamp(number: string): TaxStampAnswer {
    const row = this.db.prepare('SELECT * FROM tax_stamps WHERE number = ?').get(number) as
      | StampRow
      | undefined;
    if (!row) return { number, state: 'unknown' };
    return {
      number,
      state: row.state,
      amountCents: row.amount_cents,
      issuedAt: row.issued_at,
      ...(row.consumed_at ? { consumedAt: row.consumed_at } : {}),
    };
  }

  /** Consumes a valid stamp once; the answer says what the stamp is afterwards and whether this call consumed it. */
  consumeTaxStamp(
    number: string,
    stationId: string,
    now = new Date(),
  ): { consumed: boolean; stamp: TaxStampAnswer } {
    const changes = this.db
      .prepare(
        "UPDATE tax_stamps SET state = 'consumed', consumed_at = ?, consumed_by = ? WHERE number = ? AND state = 'valid'",
      )
      .run(now.toISOString(), stationId, number).changes;
    return { consumed: changes === 1, stamp: this.taxStamp(number) };
  }
}
