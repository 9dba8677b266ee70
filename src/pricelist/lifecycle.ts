import type { LifecycleStatus } from '../catalog/schema.js';

/**
 * Known lifecycle dates, by hand: the Price List carries none. Dates are AWS's model lifecycle page
 * as quoted in public repositories (https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html); the status is derived from them
 * at the catalog's `asOf` date (and again by the engine at run time).
 * `successor` is our choice of a current, priced model of the same family and tier: AWS's lifecycle
 * page recommends a replacement per model, but those recommendations were not captured.
 */
export interface LifecycleDates {
  legacyFrom?: string;
  extendedAccessFrom?: string;
  /** The catalog prices the model at its extended-access rates (a source gives them); else only standard rates are known. */
  extendedAccessRates?: true;
  endOfLife?: string;
  successor?: string;
  /** A reference source ID for the model-wide dates, where not the lifecycle page's (LIFECYCLE_SOURCE_ID). */
  source?: string;
  /** Region by Region, where a source dates the model's life there otherwise (only what it states; `endOfLife: null`: still served). */
  regions?: Readonly<Record<string, RegionLifecycleDates>>;
}

export interface RegionLifecycleDates {
  legacyFrom?: string;
  extendedAccessFrom?: string;
  endOfLife?: string | null;
  /** A reference source ID (src/pricelist/reference-sources.ts). */
  source: string;
}

export const LIFECYCLE_SOURCE_ID = 'aws-model-lifecycle';
const CLAUDE_3_HAIKU_CARD = 'aws-claude-3-haiku-card';
const LEGACY_PAGE = 'aws-model-lifecycle-legacy';

export const LIFECYCLE_TABLE: Readonly<Record<string, LifecycleDates>> = {
  'anthropic.claude-3-5-sonnet-20240620-v1:0': { extendedAccessFrom: '2025-12-01', extendedAccessRates: true, successor: 'anthropic.claude-sonnet-4-6-v1:0' },
  'anthropic.claude-3-5-sonnet-20241022-v2:0': { extendedAccessFrom: '2025-12-01', extendedAccessRates: true, successor: 'anthropic.claude-sonnet-4-6-v1:0' },
  'anthropic.claude-3-7-sonnet-20250219-v1:0': { endOfLife: '2026-04-28', successor: 'anthropic.claude-sonnet-4-6-v1:0' },
  'anthropic.claude-opus-4-20250514-v1:0': { endOfLife: '2026-05-31', successor: 'anthropic.claude-opus-4-6-v1:0' },
  'amazon.titan-image-generator-v2:0': { endOfLife: '2026-06-30', successor: 'amazon.nova-canvas-v1:0' },
  'meta.llama3-2-1b-instruct-v1:0': { endOfLife: '2026-07-07', successor: 'meta.llama4-scout-17b-instruct-v1:0' },
  'meta.llama3-2-3b-instruct-v1:0': { endOfLife: '2026-07-07', successor: 'meta.llama4-scout-17b-instruct-v1:0' },
  'meta.llama3-2-11b-instruct-v1:0': { endOfLife: '2026-07-07', successor: 'meta.llama4-scout-17b-instruct-v1:0' },
  'meta.llama3-2-90b-instruct-v1:0': { endOfLife: '2026-07-07', successor: 'meta.llama4-maverick-17b-instruct-v1:0' },
  // Legacy and public-extended-access dates as AWS's page listed them on 2026-08-19 (quoted in public repositories'
  // model-selection notes of that date; three such quotes agree). No source gives their extended-access rates, so
  // the catalog holds only their standard rates and a report in extended access says the cost shown is a floor.
  // AWS's model card: end of life on 2026-09-10 in most Regions, still served in ca-central-1, eu-central-2 and
  // sa-east-1, and in the Legacy phase in ap-northeast-2 (no date given for any of the four).
  'anthropic.claude-3-haiku-20240307-v1:0': {
    legacyFrom: '2026-03-10', extendedAccessFrom: '2026-06-10', endOfLife: '2026-09-10', successor: 'anthropic.claude-haiku-4-5-20251001-v1:0',
    regions: Object.fromEntries(['ap-northeast-2', 'ca-central-1', 'eu-central-2', 'sa-east-1'].map((r) => [r, { endOfLife: null, source: CLAUDE_3_HAIKU_CARD }])),
  },
  // Nova 2 Pro would be the natural successor but has no price yet; Nova Pro is priced everywhere Premier was.
  'amazon.nova-premier-v1:0': { endOfLife: '2026-09-14', successor: 'amazon.nova-pro-v1:0' },
  'anthropic.claude-sonnet-4-20250514-v1:0': { legacyFrom: '2026-04-14', extendedAccessFrom: '2026-07-14', endOfLife: '2026-10-14', successor: 'anthropic.claude-sonnet-4-6-v1:0' },
  'anthropic.claude-opus-4-1-20250805-v1:0': { legacyFrom: '2026-07-08', extendedAccessFrom: '2026-10-08', endOfLife: '2027-01-08', successor: 'anthropic.claude-opus-4-6-v1:0' },
  // AWS's legacy-models page as public repositories quote it (source LEGACY_PAGE): only the dates a quote states.
  'amazon.nova-canvas-v1:0': { endOfLife: '2026-09-30', source: LEGACY_PAGE },
  'amazon.nova-reel-v1:0': { endOfLife: '2026-09-30', source: LEGACY_PAGE },
  'amazon.nova-sonic-v1:0': { endOfLife: '2026-09-14', source: LEGACY_PAGE },
  'cohere.command-r-v1:0': { endOfLife: '2026-08-19', source: LEGACY_PAGE },
  'cohere.command-r-plus-v1:0': { endOfLife: '2026-08-19', source: LEGACY_PAGE },
  'anthropic.claude-3-5-haiku-20241022-v1:0': { endOfLife: '2026-06-19', source: LEGACY_PAGE },
  'ai21.jamba-1-5-large-v1:0': { legacyFrom: '2026-05-26', endOfLife: '2026-11-26', source: LEGACY_PAGE },
  'ai21.jamba-1-5-mini-v1:0': { legacyFrom: '2026-05-26', endOfLife: '2026-11-26', source: LEGACY_PAGE },
};

/** The status on a given day: past end of life, in extended access, or announced (legacy). */
export function lifecycleStatusOn(dates: LifecycleDates, day: string): LifecycleStatus {
  if (dates.endOfLife !== undefined && dates.endOfLife <= day) return 'end-of-life';
  if (dates.extendedAccessFrom !== undefined && dates.extendedAccessFrom <= day) return 'extended-access';
  if (dates.legacyFrom !== undefined || dates.endOfLife !== undefined || dates.extendedAccessFrom !== undefined) return 'legacy';
  return 'active';
}

/** The catalog's lifecycle entry: the status at `asOf`, model-wide and in each Region a source dates otherwise. */
export function lifecycleEntry(dates: LifecycleDates, asOf: string, source: string) {
  const { regions, source: own, ...modelWide } = dates;
  const inRegion = (r: RegionLifecycleDates) => {
    const { endOfLife, ...merged } = { ...modelWide, ...r };
    return lifecycleStatusOn(endOfLife === null ? merged : { ...merged, endOfLife }, asOf);
  };
  return {
    status: lifecycleStatusOn(modelWide, asOf), ...modelWide, source: own ?? source,
    ...(regions ? { regions: Object.fromEntries(Object.entries(regions).map(([region, r]) => [region, { status: inRegion(r), ...r }])) } : {}),
  };
}
