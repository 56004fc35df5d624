/**
 * The photo the scanner simulator prints when it is given none: a drawn ID portrait laid out as a
 * photographer crops one (35 x 45 mm, eyes at 45 % of the height, head about 75 % of it, plain
 * light background), so a demo or a fresh clone scans a usable board without any real face.
 */
import sharp from 'sharp';

/** PNG bytes of the drawn portrait, `width` x 9/7 `width` pixels. */
export async function samplePortraitPng(width = 700): Promise<Buffer> {
  const W = width;
  const H = Math.round((width * 45) / 35);
  const ied = 0.25 * W;
  const cx = W / 2;
  const cy = 0.45 * H;
  const k = (f: number) => f * ied;
  const eye = (dx: number) => `
    <ellipse cx="${cx + k(dx)}" cy="${cy}" rx="${k(0.21)}" ry="${k(0.1)}" fill="#f2f0ea"/>
    <circle cx="${cx + k(dx)}" cy="${cy}" r="${k(0.09)}" fill="#4a3020"/>
    <circle cx="${cx + k(dx)}" cy="${cy}" r="${k(0.04)}" fill="#0a0a0a"/>
    <path d="M ${cx + k(dx - 0.27)} ${cy - k(0.3)} Q ${cx + k(dx)} ${cy - k(0.4)} ${cx + k(dx + 0.27)} ${cy - k(0.3)}"
      stroke="#2e2018" stroke-width="${k(0.07)}" fill="none"/>`;
  const svg = `<svg width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">
    <defs><radialGradient id="bg" cx="50%" cy="40%" r="70%"><stop offset="0" stop-color="#d4d8dc"/><stop offset="1" stop-color="#bfc4c9"/></radialGradient></defs>
    <rect width="100%" height="100%" fill="url(#bg)"/>
    <path d="M ${cx - k(2.1)} ${H} Q ${cx - k(1.9)} ${cy + k(2.35)} ${cx} ${cy + k(2.25)} Q ${cx + k(1.9)} ${cy + k(2.35)} ${cx + k(2.1)} ${H} Z" fill="#2f3b4c"/>
    <rect x="${cx - k(0.42)}" y="${cy + k(1.5)}" width="${k(0.84)}" height="${k(0.9)}" fill="#cf9f7f"/>
    <ellipse cx="${cx}" cy="${cy - k(0.05)}" rx="${k(1.26)}" ry="${k(1.95)}" fill="#3b2a1e"/>
    <ellipse cx="${cx}" cy="${cy + k(0.35)}" rx="${k(1.05)}" ry="${k(1.62)}" fill="#d8a886"/>
    ${eye(-0.5)}${eye(0.5)}
    <path d="M ${cx - k(0.13)} ${cy + k(0.62)} Q ${cx} ${cy + k(0.74)} ${cx + k(0.13)} ${cy + k(0.62)}" stroke="#a87256" stroke-width="${k(0.05)}" fill="none"/>
    <rect x="${cx - k(0.32)}" y="${cy + k(1.08)}" width="${k(0.64)}" height="${k(0.08)}" rx="${k(0.04)}" fill="#a4544c"/>
  </svg>`;
  return sharp(Buffer.from(svg)).removeAlpha().png().toBuffer();
}
