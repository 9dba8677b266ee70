import type { LineDimension, PriceAdjustment, PriceCitation, PriceOrigin } from '../domain/lines.js';

/** Where a price comes from, in words: the JSON report's `prices[].source`, and the start of every citation. */
export function originText(origin: PriceOrigin): string {
  return origin.cites === 'rates-file' ? `your rates file ${origin.file}` : origin.title;
}

/** A rule the catalog applied to a price, in words. */
function adjustmentText(a: PriceAdjustment): string {
  return a.rule === 'discount' ? `list price less ${a.percent}%` : `$${a.perHour} per 1K TPM per hour x ${a.hours} hours a month`;
}

/**
 * A price's citation in words (the JSON report's `lines[].source`, the lines tables, the FOCUS export's
 * x_PriceSource): "<source title> [<id>, usagetype <usage type>]; derived (<rule>), unverified; <note>".
 */
export function citationText(c: PriceCitation | PriceOrigin): string {
  if (c.cites !== 'price') return originText(c);
  const usageType = c.usageType ? `, usagetype ${c.usageType}` : '';
  const derived = c.derived ? `; derived${c.derived.from ? ` (${c.derived.from})` : ''}, unverified` : '';
  const note = [c.note, ...(c.adjustments ?? []).map(adjustmentText)].filter(Boolean).map((n) => `; ${n}`).join('');
  return `${originText(c.origin)} [${c.id}${usageType}]${derived}${note}`;
}

/**
 * A priced line's dimension in words: the lines table, the JSON report's `lines[].dimension` and the
 * FOCUS export read it from here, and nowhere else.
 */
export function lineText(d: LineDimension): string {
  switch (d.code) {
    case 'input-with-cached':
      return 'input (cached tokens billed as input)';
    case 'cache-write-at-input':
      return 'cacheWrite (at the input rate)';
    case 'global':
      return `global ${d.rate}`;
    case 'image':
      return d.tier ? `image ${d.tier}` : 'image';
    case 'rerank-queries':
      return 'rerank queries';
    case 'custom-model':
      return `custom-model ${d.side}`;
    case 'custom-model-storage':
      return 'custom model storage';
    case 'model-unit-hours':
      return `model-unit hours (${d.term})`;
    case 'overflow-on-demand':
      return `${d.side} overflow on demand`;
    case 'reserved-tpm':
      return `reserved ${d.side} TPM (${d.term})`;
    case 'above-reservation':
      return d.side === 'input' ? 'input + cacheWrite above the reservation (Standard)' : 'output above the reservation (Standard)';
    case 'cold-cache-write':
      return `cacheWrite${d.ttl} (cold cache)`;
    case 'cache-write-ttl-unknown':
      return `${d.longContext ? 'longContextCacheWrite5m' : 'cacheWrite5m'} (TTL not in the log: no body delivered)`;
    case 'unknown-tier':
      return `${d.tier}${d.side === 'input' ? 'Input' : 'Output'}`;
    default:
      // A catalog token rate reads as its own name.
      return d.code;
  }
}
