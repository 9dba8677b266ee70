import type { FixtureAccount } from './aws-stub.js';

/** Member accounts the multi-account end-to-end tests share (the stub's `memberAccounts`). */

export const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:bedrock-cost-advisor-test-advice';
export const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
export const NOVA = 'amazon.nova-micro-v1:0';
export const A = '111111111111';
export const B = '222222222222';
export const C = '333333333333';
export const role = (account: string) => `arn:aws:iam::${account}:role/BedrockCostAdvisorReadOnly`;

// B runs exactly twice A's Haiku traffic in us-east-1 (same daily shape), so its Haiku line costs
// exactly twice A's: a check that needs no figure computed by the code under test.
export const accountA: FixtureAccount = {
  regions: {
    'us-east-1': { models: [{ modelId: HAIKU, perMinute: { InputTokenCount: 40_000, OutputTokenCount: 4_000, Invocations: 50 } }] },
    'us-west-2': { models: [{ modelId: NOVA, perMinute: { InputTokenCount: 5_000, OutputTokenCount: 1_000, Invocations: 10 } }] },
  },
};
export const accountB: FixtureAccount = {
  regions: {
    'us-east-1': { models: [{ modelId: HAIKU, perMinute: { InputTokenCount: 80_000, OutputTokenCount: 8_000, Invocations: 100 } }] },
    'us-west-2': { models: [] },
  },
};
