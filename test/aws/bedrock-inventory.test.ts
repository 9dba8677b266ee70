import {
  BedrockClient,
  ListCustomModelsCommand,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
  ListProvisionedModelThroughputsCommand,
  type InferenceProfileSummary,
  type ListInferenceProfilesCommandInput,
} from '@aws-sdk/client-bedrock';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { BedrockInventoryReader } from '../../src/aws/bedrock-inventory.js';
import { parseModelId } from '../../src/model-id.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const HAIKU_ARN = `arn:aws:bedrock:${REGION}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0`;
const SONNET_ID = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const APP_PROFILE_ARN = `arn:aws:bedrock:${REGION}:${ACCOUNT}:application-inference-profile/k2x9q0abcd12`;

const bedrock = mockClient(BedrockClient);

function profile(overrides: Partial<InferenceProfileSummary> & { inferenceProfileArn: string }): InferenceProfileSummary {
  return {
    inferenceProfileName: 'p',
    inferenceProfileId: overrides.inferenceProfileArn.split('/').pop()!,
    models: [],
    status: 'ACTIVE',
    type: 'SYSTEM_DEFINED',
    ...overrides,
  };
}

/** Stubs every list with one empty page; tests override what they look at. */
function emptyInventory(): void {
  bedrock.on(ListProvisionedModelThroughputsCommand).resolves({ provisionedModelSummaries: [] });
  bedrock.on(ListCustomModelsCommand).resolves({ modelSummaries: [] });
  bedrock.on(ListInferenceProfilesCommand).resolves({ inferenceProfileSummaries: [] });
  bedrock.on(ListFoundationModelsCommand).resolves({ modelSummaries: [] });
}

function reader(): BedrockInventoryReader {
  return new BedrockInventoryReader({ client: new BedrockClient({ region: REGION }), region: REGION });
}

beforeEach(() => {
  bedrock.reset();
  emptyInventory();
});

describe('BedrockInventoryReader', () => {
  it('reads every page of provisioned throughputs, with commitment terms and dates as ISO strings', async () => {
    // Prepare: two pages.
    const created = new Date('2026-01-10T08:00:00Z');
    const expires = new Date('2026-07-10T08:00:00Z');
    bedrock
      .on(ListProvisionedModelThroughputsCommand)
      .resolvesOnce({
        provisionedModelSummaries: [{
          provisionedModelName: 'pt-committed', provisionedModelArn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:provisioned-model/aaa111`,
          modelArn: HAIKU_ARN, desiredModelArn: HAIKU_ARN, foundationModelArn: HAIKU_ARN, modelUnits: 2, desiredModelUnits: 2,
          status: 'InService', commitmentDuration: 'SixMonths', commitmentExpirationTime: expires, creationTime: created, lastModifiedTime: created,
        }],
        nextToken: 'page-2',
      })
      .resolvesOnce({
        provisionedModelSummaries: [{
          provisionedModelName: 'pt-hourly', provisionedModelArn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:provisioned-model/bbb222`,
          modelArn: HAIKU_ARN, desiredModelArn: HAIKU_ARN, foundationModelArn: HAIKU_ARN, modelUnits: 1, desiredModelUnits: 1,
          status: 'InService', creationTime: created, lastModifiedTime: created,
        }],
      });

    // Act
    const inventory = await reader().read();

    // Assess
    expect(bedrock).toHaveReceivedCommandTimes(ListProvisionedModelThroughputsCommand, 2);
    expect(bedrock).toHaveReceivedNthCommandWith(ListProvisionedModelThroughputsCommand, 2, { nextToken: 'page-2' });
    expect(inventory.provisionedThroughputs).toEqual([
      {
        provisionedModelArn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:provisioned-model/aaa111`, provisionedModelName: 'pt-committed',
        region: REGION, modelArn: HAIKU_ARN, foundationModelArn: HAIKU_ARN, modelUnits: 2, status: 'InService',
        commitmentDuration: 'SixMonths', commitmentExpirationTime: '2026-07-10T08:00:00.000Z', creationTime: '2026-01-10T08:00:00.000Z',
      },
      {
        provisionedModelArn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:provisioned-model/bbb222`, provisionedModelName: 'pt-hourly',
        region: REGION, modelArn: HAIKU_ARN, foundationModelArn: HAIKU_ARN, modelUnits: 1, status: 'InService',
        creationTime: '2026-01-10T08:00:00.000Z',
      },
    ]);
    expect(inventory.provisionedThroughputs[1]).not.toHaveProperty('commitmentDuration');
  });

  it('reads every page of custom models', async () => {
    const created = new Date('2026-02-01T00:00:00Z');
    bedrock
      .on(ListCustomModelsCommand)
      .resolvesOnce({
        modelSummaries: [{ modelArn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:custom-model/one`, modelName: 'one', creationTime: created, baseModelArn: HAIKU_ARN, baseModelName: 'Claude 3 Haiku', customizationType: 'FINE_TUNING' }],
        nextToken: 't2',
      })
      .resolvesOnce({
        modelSummaries: [{ modelArn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:custom-model/two`, modelName: 'two', creationTime: created, baseModelArn: HAIKU_ARN, baseModelName: 'Claude 3 Haiku', customizationType: 'DISTILLATION' }],
      });

    const inventory = await reader().read();

    expect(bedrock).toHaveReceivedCommandWith(ListCustomModelsCommand, { nextToken: 't2' });
    expect(inventory.customModels.map((m) => [m.modelName, m.customizationType, m.baseModelArn, m.region, m.creationTime])).toEqual([
      ['one', 'FINE_TUNING', HAIKU_ARN, REGION, '2026-02-01T00:00:00.000Z'],
      ['two', 'DISTILLATION', HAIKU_ARN, REGION, '2026-02-01T00:00:00.000Z'],
    ]);
  });

  it('reads system-defined and application inference profiles, every page of each', async () => {
    // Prepare: system profiles over two pages, one application profile.
    const systemArn = (id: string) => `arn:aws:bedrock:${REGION}:${ACCOUNT}:inference-profile/${id}`;
    bedrock.on(ListInferenceProfilesCommand).callsFake((input: ListInferenceProfilesCommandInput) => {
      if (input.typeEquals === 'SYSTEM_DEFINED' && !input.nextToken) {
        return { inferenceProfileSummaries: [profile({ inferenceProfileArn: systemArn(`us.${SONNET_ID}`), models: [{ modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${SONNET_ID}` }, { modelArn: `arn:aws:bedrock:us-west-2::foundation-model/${SONNET_ID}` }] })], nextToken: 's2' };
      }
      if (input.typeEquals === 'SYSTEM_DEFINED') {
        return { inferenceProfileSummaries: [profile({ inferenceProfileArn: systemArn('us.anthropic.claude-3-haiku-20240307-v1:0'), models: [{ modelArn: HAIKU_ARN }] })] };
      }
      if (input.typeEquals === 'APPLICATION') {
        return { inferenceProfileSummaries: [profile({ inferenceProfileArn: APP_PROFILE_ARN, inferenceProfileId: 'k2x9q0abcd12', type: 'APPLICATION', models: [{ modelArn: HAIKU_ARN }] })] };
      }
      throw new Error(`unexpected ListInferenceProfiles input ${JSON.stringify(input)}`);
    });

    // Act
    const inventory = await reader().read();

    // Assess
    expect(bedrock).toHaveReceivedCommandWith(ListInferenceProfilesCommand, { typeEquals: 'SYSTEM_DEFINED', nextToken: 's2' });
    expect(bedrock).toHaveReceivedCommandWith(ListInferenceProfilesCommand, { typeEquals: 'APPLICATION' });
    expect(inventory.inferenceProfiles.map((p) => [p.inferenceProfileId, p.type])).toEqual([
      [`us.${SONNET_ID}`, 'SYSTEM_DEFINED'],
      ['us.anthropic.claude-3-haiku-20240307-v1:0', 'SYSTEM_DEFINED'],
      ['k2x9q0abcd12', 'APPLICATION'],
    ]);
    expect(inventory.inferenceProfiles[0]!.modelArns).toHaveLength(2);
  });

  it('gives what resolves an application-inference-profile ModelId to its foundation model', async () => {
    // Prepare: CloudWatch reported the application profile ARN as the ModelId.
    bedrock.on(ListInferenceProfilesCommand, { typeEquals: 'APPLICATION' }).resolves({
      inferenceProfileSummaries: [profile({ inferenceProfileArn: APP_PROFILE_ARN, inferenceProfileId: 'k2x9q0abcd12', type: 'APPLICATION', models: [{ modelArn: HAIKU_ARN }] })],
    });

    // Act
    const inventory = await reader().read();

    // Assess: the profile found by the ARN routes to Claude 3 Haiku.
    const seen = parseModelId(APP_PROFILE_ARN);
    const match = inventory.inferenceProfiles.find((p) => p.inferenceProfileArn === seen.raw || p.inferenceProfileId === seen.baseModelId);
    expect(match?.type).toBe('APPLICATION');
    expect(match?.region).toBe(REGION);
    expect(match?.modelArns.map((arn) => parseModelId(arn).baseModelId)).toEqual(['anthropic.claude-3-haiku-20240307-v1:0']);
  });

  it('lists a profile once when both type filters return it', async () => {
    bedrock.on(ListInferenceProfilesCommand).resolves({
      inferenceProfileSummaries: [profile({ inferenceProfileArn: APP_PROFILE_ARN, type: 'APPLICATION', models: [{ modelArn: HAIKU_ARN }] })],
    });

    const inventory = await reader().read();

    expect(inventory.inferenceProfiles).toHaveLength(1);
  });

  it('reads foundation models with the inference types they support in one unpaginated call', async () => {
    bedrock.on(ListFoundationModelsCommand).resolves({
      modelSummaries: [
        { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', modelArn: HAIKU_ARN, inferenceTypesSupported: ['ON_DEMAND', 'PROVISIONED'] },
        // Live responses carry INFERENCE_PROFILE although the SDK enum does not list it.
        { modelId: SONNET_ID, modelArn: `arn:aws:bedrock:${REGION}::foundation-model/${SONNET_ID}`, inferenceTypesSupported: ['INFERENCE_PROFILE' as 'ON_DEMAND'] },
      ],
    });

    const inventory = await reader().read();

    expect(bedrock).toHaveReceivedCommandTimes(ListFoundationModelsCommand, 1);
    expect(inventory.foundationModels).toEqual([
      { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', modelArn: HAIKU_ARN, inferenceTypesSupported: ['ON_DEMAND', 'PROVISIONED'] },
      { modelId: SONNET_ID, modelArn: `arn:aws:bedrock:${REGION}::foundation-model/${SONNET_ID}`, inferenceTypesSupported: ['INFERENCE_PROFILE'] },
    ]);
  });

  it('fails when a list is denied, naming the error', async () => {
    bedrock.on(ListCustomModelsCommand).rejects(Object.assign(new Error('User is not authorized to perform bedrock:ListCustomModels'), { name: 'AccessDeniedException' }));

    await expect(reader().read()).rejects.toThrow(/ListCustomModels/);
  });
});
