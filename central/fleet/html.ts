/**
 * The fleet report as one self-contained HTML page (`recueil central fleet --html FILE`): French,
 * inline CSS and inline SVG charts (availability per day against the 99.7 % target, minutes lost per
 * cause), no script, no font, no external resource — it opens from a file on a closed network.
 */
import { causeLabels } from '../../common/domain/availability';
import type { FleetReport } from './report';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (x: number | null, digits = 2) =>
  x === null
    ? '—'
    : `${(x * 100).toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits })} %`;
const int = (n: number) => n.toLocaleString('fr-FR');
const frDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

const GOOD = '#18753c';
const BAD = '#ce0500';
const BLUE = '#000091';

/** Availability per day: one bar per day, the y axis from a floor under the lowest day to 100 %. */
function availabilityChart(report: FleetReport): string {
  const days = report.perDay.filter((d) => d.availability !== null);
  if (days.length === 0) return '<p>Aucun résumé journalier sur la période.</p>';
  const W = 760;
  const H = 260;
  const left = 56;
  const bottom = 36;
  const top = 16;
  const lowest = Math.min(report.target, ...days.map((d) => d.availability!));
  const floor = Math.max(0, Math.floor((lowest - 0.005) * 100) / 100);
  const y = (v: number) => top + ((1 - v) / (1 - floor)) * (H - top - bottom);
  const slot = (W - left - 8) / days.length;
  const bars = days
    .map((d, i) => {
      const x = left + i * slot + slot * 0.15;
      const v = d.availability!;
      const colour = v >= report.target ? GOOD : BAD;
      const label =
        days.length <= 31 || i % Math.ceil(days.length / 15) === 0 ? frDate(d.date).slice(0, 5) : '';
      return `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${(H - bottom - y(v)).toFixed(1)}" fill="${colour}"><title>${frDate(d.date)} : ${pct(v)} (${d.stations} poste${d.stations > 1 ? 's' : ''})</title></rect>${
        label
          ? `<text x="${(x + slot * 0.35).toFixed(1)}" y="${H - bottom + 16}" text-anchor="middle" font-size="11">${label}</text>`
          : ''
      }`;
    })
    .join('');
  const ticks = [floor, (floor + 1) / 2, 1]
    .map(
      (v) =>
        `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11">${pct(v, 1)}</text>`,
    )
    .join('');
  const target = `<line x1="${left}" x2="${W - 8}" y1="${y(report.target).toFixed(1)}" y2="${y(report.target).toFixed(1)}" stroke="${BLUE}" stroke-dasharray="6 4" stroke-width="1.5"/><text x="${W - 8}" y="${(y(report.target) - 5).toFixed(1)}" text-anchor="end" font-size="11" fill="${BLUE}">objectif ${pct(report.target, 1)}</text>`;
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-labelledby="chart-days-title"><title id="chart-days-title">Disponibilité du parc par jour</title><line x1="${left}" x2="${left}" y1="${top}" y2="${H - bottom}" stroke="#666"/><line x1="${left}" x2="${W - 8}" y1="${H - bottom}" y2="${H - bottom}" stroke="#666"/>${ticks}${bars}${target}</svg>`;
}

/** Minutes lost (down) and degraded per cause, one horizontal bar pair per cause. */
function causesChart(report: FleetReport): string {
  const causes = report.causes.slice(0, 10);
  if (causes.length === 0) return '<p>Aucune minute perdue ni dégradée sur la période.</p>';
  const W = 760;
  const row = 34;
  const labelW = 300;
  const H = causes.length * row + 24;
  const max = Math.max(...causes.map((c) => c.minutesLost + c.minutesDegraded), 1);
  const scale = (W - labelW - 90) / max;
  const rows = causes
    .map((c, i) => {
      const yy = 8 + i * row;
      const lost = c.minutesLost * scale;
      const degraded = c.minutesDegraded * scale;
      return `<text x="${labelW - 8}" y="${yy + 17}" text-anchor="end" font-size="12">${esc(causeLabels[c.cause])}</text><rect x="${labelW}" y="${yy + 4}" width="${lost.toFixed(1)}" height="18" fill="${BAD}"><title>${int(c.minutesLost)} min perdues</title></rect><rect x="${(labelW + lost).toFixed(1)}" y="${yy + 4}" width="${degraded.toFixed(1)}" height="18" fill="#fc5d00"><title>${int(c.minutesDegraded)} min dégradées</title></rect><text x="${(labelW + lost + degraded + 6).toFixed(1)}" y="${yy + 17}" font-size="12">${int(c.minutesLost)} / ${int(c.minutesDegraded)} min</text>`;
    })
    .join('');
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-labelledby="chart-causes-title"><title id="chart-causes-title">Minutes perdues et dégradées par cause</title>${rows}</svg><p class="legend"><span class="swatch" style="background:${BAD}"></span> minutes perdues (poste indisponible) <span class="swatch" style="background:#fc5d00"></span> minutes dégradées (saisie encore possible)</p>`;
}

function table(caption: string, head: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `<h2>${esc(caption)}</h2><p>${esc(empty)}</p>`;
  return `<h2>${esc(caption)}</h2><table><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

export function fleetHtml(report: FleetReport, generatedAt: Date): string {
  const f = report.fleet;
  const ok = f.availability !== null && f.availability >= report.target;
  const stations = report.stations.map((s) => [
    esc(s.stationId),
    `<span class="${s.meetsTarget === false ? 'bad' : s.meetsTarget ? 'good' : ''}">${pct(s.availability)}</span>`,
    int(s.days),
    int(s.down),
    int(s.degraded),
    s.lastSummary ? frDate(s.lastSummary) : 'jamais',
    s.configVersion === null ? 'inconnue' : `v${s.configVersion}`,
  ]);
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Disponibilité du parc de postes — ${frDate(report.from)} au ${frDate(report.to)}</title>
<style>
body{font-family:Marianne,Arial,sans-serif;margin:0;color:#161616;background:#f6f6f6}
header{background:${BLUE};color:#fff;padding:16px 32px}header h1{margin:0;font-size:1.5rem}header p{margin:4px 0 0}
main{max-width:960px;margin:0 auto;padding:16px 32px 48px}
.tiles{display:flex;gap:16px;flex-wrap:wrap}.tile{background:#fff;border-bottom:4px solid ${BLUE};padding:12px 16px;flex:1;min-width:180px}
.tile .v{font-size:1.8rem;font-weight:700}.good{color:${GOOD}}.bad{color:${BAD}}
section,.panel{background:#fff;padding:12px 16px;margin-top:16px}h2{font-size:1.2rem;margin:8px 0}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #ddd}th{background:#eee}
.legend{font-size:.85rem}.swatch{display:inline-block;width:12px;height:12px;vertical-align:middle;margin-left:12px}
footer{font-size:.8rem;color:#555;margin-top:24px}
</style></head><body>
<header><h1>Disponibilité du parc de postes</h1><p>Du ${frDate(report.from)} au ${frDate(report.to)} — objectif ${pct(report.target, 1)}</p></header>
<main>
<div class="tiles">
<div class="tile"><div>Disponibilité du parc</div><div class="v ${ok ? 'good' : 'bad'}">${pct(f.availability)}</div><div>${ok ? 'objectif atteint' : 'sous l’objectif'}</div></div>
<div class="tile"><div>Postes à l’objectif</div><div class="v">${f.meetingTarget} / ${f.stations}</div></div>
<div class="tile"><div>Minutes perdues</div><div class="v">${int(f.down)}</div><div>sur ${int(f.openingMinutes)} minutes d’ouverture</div></div>
<div class="tile"><div>Postes silencieux</div><div class="v ${report.silent.length ? 'bad' : ''}">${report.silent.length}</div></div>
</div>
<section><h2>Disponibilité par jour</h2>${availabilityChart(report)}</section>
<section><h2>Causes d’indisponibilité</h2>${causesChart(report)}</section>
<section>${table('Postes', ['Poste', 'Disponibilité', 'Jours', 'Min. perdues', 'Min. dégradées', 'Dernier résumé', 'Configuration'], stations, 'Aucun poste connu.')}</section>
<section>${table(
    'Postes silencieux',
    ['Poste', 'Dernier résumé', 'Jours sans résumé'],
    report.silent.map((s) => [
      esc(s.stationId),
      s.lastSummary ? frDate(s.lastSummary) : 'jamais',
      s.silentDays === null ? '—' : int(s.silentDays),
    ]),
    'Tous les postes ont envoyé leur résumé récemment.',
  )}</section>
<section>${table(
    'Versions de configuration en vigueur',
    ['Version', 'Postes'],
    report.configVersions.map((v) => [
      v.version === null ? 'inconnue' : `v${v.version}`,
      esc(v.stations.join(', ')),
    ]),
    'Aucune version connue.',
  )}</section>
<section>${table(
    'Certificats expirant bientôt',
    ['Poste', 'Expiration', 'Jours restants'],
    report.certificatesExpiring.map((c) => [
      esc(c.stationId),
      frDate(c.expiresAt.slice(0, 10)),
      `<span class="${c.daysLeft < 0 ? 'bad' : ''}">${c.daysLeft < 0 ? 'expiré' : int(c.daysLeft)}</span>`,
    ]),
    'Aucun certificat de poste n’expire prochainement.',
  )}</section>
<footer>Généré par le système central de référence le ${esc(generatedAt.toLocaleString('fr-FR', { timeZone: 'Europe/Paris' }))} à partir des résumés journaliers des postes.</footer>
</main></body></html>
`;
}
