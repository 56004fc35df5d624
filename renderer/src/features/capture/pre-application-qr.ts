/**
 * Reading the pre-application number from the QR code of the online pre-application summary. The
 * exact payload is not public: we accept the bare number or any text (a URL, a label) that holds
 * exactly one 10-character token of letters and digits.
 */
const TOKEN = /(?:^|[^A-Z0-9])([A-Z0-9]{10})(?=$|[^A-Z0-9])/g;

export function preApplicationNumberFromQr(payload: string): string | undefined {
  const text = payload.trim().toUpperCase();
  const found = new Set([...text.matchAll(TOKEN)].map((m) => m[1]).filter((t): t is string => !!t));
  // A pre-application number mixes letters and digits; a 10-digit token alone is ambiguous (a date, a phone).
  const candidates = [...found].filter((t) => /[A-Z]/.test(t) && /\d/.test(t));
  return candidates.length === 1 ? candidates[0] : undefined;
}
