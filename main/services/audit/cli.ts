/**
 * `recueil audit verify [--config FILE] [--json]`: verifies the station's audit folder and prints the
 * verdict (French text, or the report as JSON). Exit codes: 0 intact, 1 chain broken, 2 cannot
 * verify (folder unreadable).
 */
import { join } from 'node:path';
import { type VerifyReport, verifyAuditLog } from './verify';

/** The audit folder inside the station's data folder. */
export function auditDir(dataDir: string): string {
  return join(dataDir, 'audit');
}

export interface AuditVerifyCommandOptions {
  json?: boolean;
  anchor?: { seq: number; hash: string };
  /** Output sinks (tests); default process.stdout / process.stderr. */
  out?: (text: string) => void;
  err?: (text: string) => void;
}

export function formatVerifyReport(report: VerifyReport): string {
  const lines: string[] = [];
  if (report.ok) {
    lines.push(
      report.records === 0
        ? "Journal d'audit vide : aucun enregistrement."
        : `Journal d'audit intègre : ${report.records} enregistrement(s) dans ${report.files} fichier(s).`,
    );
    if (report.head) lines.push(`Dernier maillon : n° ${report.head.seq}, ${report.head.hash}`);
  } else if (report.firstBreak) {
    const b = report.firstBreak;
    lines.push("Journal d'audit ALTÉRÉ.");
    lines.push(`Première rupture : ${b.file}${b.line > 0 ? `, ligne ${b.line}` : ''} — ${b.message}.`);
    lines.push(`${report.records} enregistrement(s) vérifié(s) avant la rupture.`);
  }
  for (const w of report.warnings) lines.push(`Avertissement : ${w.file}, ligne ${w.line} — ${w.message}.`);
  return `${lines.join('\n')}\n`;
}

export async function runAuditVerifyCommand(
  dir: string,
  options: AuditVerifyCommandOptions = {},
): Promise<number> {
  const out = options.out ?? ((t: string) => process.stdout.write(t));
  const err = options.err ?? ((t: string) => process.stderr.write(t));
  let report: VerifyReport;
  try {
    report = await verifyAuditLog(dir, options.anchor ? { anchor: options.anchor } : {});
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (options.json) out(`${JSON.stringify({ ok: false, error: message })}\n`);
    else err(`Impossible de vérifier le journal d'audit (${dir}) : ${message}\n`);
    return 2;
  }
  out(options.json ? `${JSON.stringify(report)}\n` : formatVerifyReport(report));
  return report.ok ? 0 : 1;
}
