import { readFileSync } from 'node:fs';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { UsageBuilder, type InferenceProfileInfo, type UsageSnapshot } from '../../src/usage/usage.js';

/**
 * Cost by team: one account whose chat model (the fictional golden catalog's acme.chat-pro, $0.0033 in
 * / $0.0165 out per 1K tokens in us-east-1) is called through two application inference profiles
 * (team-search, team-support) and directly, plus a small model called through the system-defined
 * `us.` cross-Region profile. 24 hours of hourly CloudWatch points, constant per hour, so every figure
 * can be checked by hand.
 */

export const APP_ACCOUNT = '444455556666';
const REGION = 'us-east-1';
const END = Date.parse('2026-11-23T00:00:00Z') / 1000;
export const SEARCH_PROFILE_ARN = `arn:aws:bedrock:${REGION}:${APP_ACCOUNT}:application-inference-profile/srch01`;
export const SUPPORT_PROFILE_ARN = `arn:aws:bedrock:${REGION}:${APP_ACCOUNT}:application-inference-profile/supp02`;

export const goldenCatalog = PriceCatalog.fromDocument(
  JSON.parse(readFileSync(new URL('../fixtures/golden/catalog.json', import.meta.url), 'utf8')),
  'golden catalog',
);

const profiles: InferenceProfileInfo[] = [
  { inferenceProfileArn: SEARCH_PROFILE_ARN, inferenceProfileId: 'srch01', inferenceProfileName: 'team-search', region: REGION, type: 'APPLICATION', modelArns: [`arn:aws:bedrock:${REGION}::foundation-model/acme.chat-pro-v1:0`] },
  { inferenceProfileArn: SUPPORT_PROFILE_ARN, inferenceProfileId: 'supp02', inferenceProfileName: 'team-support', region: REGION, type: 'APPLICATION', modelArns: [`arn:aws:bedrock:${REGION}::foundation-model/acme.chat-pro-v1:0`] },
];

/** Tokens per hour by identifier: input, output. */
const HOURLY: Array<[string, number, number]> = [
  [SEARCH_PROFILE_ARN, 1_000_000, 100_000],
  [SUPPORT_PROFILE_ARN, 500_000, 50_000],
  ['acme.chat-pro-v1:0', 200_000, 20_000],
  ['us.acme.micro-v1:0', 10_000_000, 1_000_000],
];

export function appProfileSnapshot(options: { end?: number; scale?: number } = {}): UsageSnapshot {
  const end = options.end ?? END;
  const scale = options.scale ?? 1;
  const start = end - 24 * 3600;
  const builder = new UsageBuilder();
  for (let h = 0; h < 24; h++) {
    const timestamp = start + h * 3600;
    for (const [modelId, input, output] of HOURLY) {
      builder.add({ region: REGION, modelId, metric: 'InputTokenCount', timestamp, periodSeconds: 3600, value: input * scale });
      builder.add({ region: REGION, modelId, metric: 'OutputTokenCount', timestamp, periodSeconds: 3600, value: output * scale });
      builder.add({ region: REGION, modelId, metric: 'Invocations', timestamp, periodSeconds: 3600, value: 100 * scale });
    }
  }
  return {
    window: { start: new Date(start * 1000).toISOString(), end: new Date(end * 1000).toISOString() },
    models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: profiles, errors: [],
  };
}

/** The day before, with 80% of the traffic: week over week from CloudWatch alone. */
export function appProfilePreviousSnapshot(): UsageSnapshot {
  return appProfileSnapshot({ end: END - 24 * 3600, scale: 0.8 });
}

export const APP_PROFILE_NOW = new Date(END * 1000);
