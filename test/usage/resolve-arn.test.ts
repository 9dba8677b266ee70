import { describe, expect, it } from 'vitest';
import { ARN_PATTERNS, parseModelId, partitionOfArn } from '../../src/model-id.js';
import { ModelResolver } from '../../src/usage/resolve.js';

/**
 * Inventory ARNs are read by the one model-ID parser: a usage series that names a custom model or a
 * provisioned throughput by an ARN spelled otherwise (another partition or account in its prefix)
 * still finds it by its resource ID, the part `parseModelId` reads. The resolver once keyed custom
 * models by the ARN's last `/` segment, which a custom model ARN's resource ID
 * (`<base model>:<context>/<id>`) never equals, so such usage was never matched.
 */
const BASE = 'amazon.nova-micro-v1:0';
const CUSTOM = `arn:aws:bedrock:us-east-1:111122223333:custom-model/${BASE}:128k/abc123`;
const PROVISIONED = 'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/pt0001';

const resolver = new ModelResolver({
  customModels: [{ modelArn: CUSTOM, modelName: 'tuned', region: 'us-east-1', baseModelArn: `arn:aws:bedrock:us-east-1::foundation-model/${BASE}` }],
  provisionedThroughputs: [{
    provisionedModelArn: PROVISIONED, provisionedModelName: 'pt', modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${BASE}`,
    modelUnits: 1, region: 'us-east-1', status: 'InService',
  } as never],
  inferenceProfiles: [],
});

describe('inventory ARNs through parseModelId', () => {
  it('finds a custom model named by an ARN of another account by its resource ID', () => {
    const elsewhere = CUSTOM.replace('111122223333', '444455556666');
    expect(resolver.resolve(elsewhere)).toMatchObject({ kind: 'custom', modelArn: CUSTOM, baseModelId: BASE, imported: false });
  });

  it('finds a provisioned throughput named by an ARN of another partition by its resource ID', () => {
    expect(resolver.resolve(PROVISIONED.replace('arn:aws:', 'arn:aws-us-gov:'))).toMatchObject({ kind: 'provisioned', provisionedModelArn: PROVISIONED });
  });

  it('reads the resource ID and the other ARNs one way each', () => {
    expect(parseModelId(CUSTOM).baseModelId).toBe(`${BASE}:128k/abc123`);
    expect(ARN_PATTERNS.iamRole.exec('arn:aws:iam::123456789012:role/path/Reader')?.[1]).toBe('123456789012');
    expect(ARN_PATTERNS.snsTopic.exec('arn:aws:sns:eu-west-1:123456789012:advice')?.slice(1)).toEqual(['eu-west-1', '123456789012', 'advice']);
    expect(ARN_PATTERNS.snsTopic.test(`arn:aws:sns:eu-west-1:123456789012:${'a'.repeat(257)}`)).toBe(false);
    expect(partitionOfArn('arn:aws-us-gov:iam::123456789012:role/x')).toBe('aws-us-gov');
    expect(partitionOfArn('not-an-arn')).toBeUndefined();
  });
});
