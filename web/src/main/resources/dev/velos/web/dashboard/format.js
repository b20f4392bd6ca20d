// SPDX-License-Identifier: Apache-2.0
// How numbers read on the dashboard: the same units as `velos list` (KiB/MiB/GiB, 1h 2m).

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function bytes(n) {
  if (!Number.isFinite(n) || n <= 0) return '0 B';
  let i = 0;
  let v = n;
  while (v >= 1024 && i < UNITS.length - 1) { v /= 1024; i++; }
  return (i === 0 ? String(v) : v.toFixed(v < 10 ? 1 : 0)) + ' ' + UNITS[i];
}

export function duration(ms) {
  if (!Number.isFinite(ms) || ms <= 0) return '–';
  const s = Math.floor(ms / 1000);
  if (s < 60) return s + 's';
  const m = Math.floor(s / 60);
  if (m < 60) return m + 'm ' + (s % 60) + 's';
  const h = Math.floor(m / 60);
  if (h < 24) return h + 'h ' + (m % 60) + 'm';
  return Math.floor(h / 24) + 'd ' + (h % 24) + 'h';
}

export function percent(x) {
  return (Number.isFinite(x) ? x : 0).toFixed(1) + '%';
}

export function clock(ms) {
  const d = new Date(ms);
  return d.toLocaleTimeString([], { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

export function dateTime(ms) {
  return new Date(ms).toLocaleString([], { hour12: false });
}

/** A round upper bound for a chart axis, at least `floor`: 1, 2 or 5 times a power of ten. */
export function niceMax(value, floor) {
  const v = Math.max(value, floor);
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) {
    if (v <= m * p) return m * p;
  }
  return 10 * p;
}
