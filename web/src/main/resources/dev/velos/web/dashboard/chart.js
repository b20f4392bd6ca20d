// SPDX-License-Identifier: Apache-2.0
// Line charts of one app's CPU and memory, drawn as inline SVG (no chart library, no inline styles:
// the look comes from app.css, which the Content-Security-Policy allows).

const NS = 'http://www.w3.org/2000/svg';
const W = 300;
const H = 100;

function el(name, attrs) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/**
 * Draws `samples` ({t, value}) of the last `windowMs` into `svg`, newest at the right edge, scaled
 * to `max`. Gaps (no samples yet) stay empty rather than being drawn as zero.
 */
export function draw(svg, samples, windowMs, max, cls) {
  svg.replaceChildren();
  for (const f of [0.25, 0.5, 0.75]) {
    svg.append(el('line', { x1: 0, x2: W, y1: H * f, y2: H * f, class: 'grid-line' }));
  }
  const now = Date.now();
  const pts = samples.filter(s => now - s.t <= windowMs).map(s => {
    const x = W - ((now - s.t) / windowMs) * W;
    const y = H - Math.min(1, s.value / max) * (H - 2) - 1;
    return [x.toFixed(1), y.toFixed(1)];
  });
  if (pts.length === 0) return;
  if (pts.length === 1) pts.unshift([Math.max(0, Number(pts[0][0]) - 2).toFixed(1), pts[0][1]]);
  const line = pts.map(p => p.join(',')).join(' ');
  svg.append(el('polygon', { points: line + ` ${pts[pts.length - 1][0]},${H} ${pts[0][0]},${H}`, class: 'area ' + cls }));
  svg.append(el('polyline', { points: line, class: cls }));
}
