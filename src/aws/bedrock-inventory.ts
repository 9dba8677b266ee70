import {
  BedrockClient,
  ListFoundationModelsCommand,
  paginateListCustomModels,
  paginateListInferenceProfiles,
  paginateListProvisionedModelThroughputs,
  type BedrockClientConfig,
  type CustomModelSummary,
  type InferenceProfileSummary,
  type ProvisionedModelSummary,
} from '@aws-sdk/client-bedrock';
import { abortable, awsClientConfig, type AdvisorClientOptions } from './client-config.js';
import type { CustomModelInfo, InferenceProfileInfo, ProvisionedThroughputInfo } from '../usage/usage.js';

/**
 * Reads the Bedrock control-plane inventory of one Region: provisioned throughputs (with their
 * commitments), custom models, inference profiles (system-defined and application) and foundation models.
 */

export interface FoundationModelInfo {
  modelId: string;
  modelArn: string;
  /** `modelName` and `providerName` ("Claude Haiku 4.5", "Anthropic"): the names the Price List prices models by. */
  modelName?: string;
  providerName?: string;
  /** `ON_DEMAND`, `PROVISIONED`, and in live responses also `INFERENCE_PROFILE` (callable only through a profile). */
  inferenceTypesSupported: string[];
  /** `modelLifecycle.status`: `ACTIVE` or `LEGACY` (legacy models are headed for end of life). */
  lifecycleStatus?: string;
}

export interface BedrockInventory {
  provisionedThroughputs: ProvisionedThroughputInfo[];
  customModels: CustomModelInfo[];
  inferenceProfiles: InferenceProfileInfo[];
  foundationModels: FoundationModelInfo[];
}

export interface BedrockInventoryReaderOptions {
  client: BedrockClient;
  region: string;
}

type SendOptions = ReturnType<typeof abortable>;

/** Profile types read separately: the API filters by one type at a time, and application profiles must resolve too. */
const INFERENCE_PROFILE_TYPES = ['SYSTEM_DEFINED', 'APPLICATION'] as const;

export class BedrockInventoryReader {
  private readonly client: BedrockClient;
  private readonly region: string;

  constructor(opts: BedrockInventoryReaderOptions) {
    this.client = opts.client;
    this.region = opts.region;
  }

  /** `signal` cancels every call in flight (a deadline); `read` then rejects with its reason. */
  async read(signal?: AbortSignal): Promise<BedrockInventory> {
    const send = abortable(signal);
    const [provisionedThroughputs, customModels, inferenceProfiles, foundationModels] = await Promise.all([
      this.readProvisionedThroughputs(send),
      this.readCustomModels(send),
      this.readInferenceProfiles(send),
      this.readFoundationModels(send),
    ]);
    return { provisionedThroughputs, customModels, inferenceProfiles, foundationModels };
  }

  private async readProvisionedThroughputs(send: SendOptions): Promise<ProvisionedThroughputInfo[]> {
    const out: ProvisionedThroughputInfo[] = [];
    for await (const page of paginateListProvisionedModelThroughputs({ client: this.client }, {}, send)) {
      for (const summary of page.provisionedModelSummaries ?? []) out.push(this.toProvisionedThroughput(summary));
    }
    return out;
  }

  private toProvisionedThroughput(s: ProvisionedModelSummary): ProvisionedThroughputInfo {
    return {
      provisionedModelArn: s.provisionedModelArn ?? '',
      provisionedModelName: s.provisionedModelName ?? '',
      region: this.region,
      modelArn: s.modelArn ?? '',
      ...(s.foundationModelArn ? { foundationModelArn: s.foundationModelArn } : {}),
      modelUnits: s.modelUnits ?? 0,
      status: s.status ?? 'Unknown',
      // Absent commitmentDuration means no commitment (hourly, no-commit pricing).
      ...(s.commitmentDuration ? { commitmentDuration: s.commitmentDuration } : {}),
      ...(s.commitmentExpirationTime ? { commitmentExpirationTime: s.commitmentExpirationTime.toISOString() } : {}),
      ...(s.creationTime ? { creationTime: s.creationTime.toISOString() } : {}),
    };
  }

  private async readCustomModels(send: SendOptions): Promise<CustomModelInfo[]> {
    const out: CustomModelInfo[] = [];
    for await (const page of paginateListCustomModels({ client: this.client }, {}, send)) {
      for (const summary of page.modelSummaries ?? []) out.push(this.toCustomModel(summary));
    }
    return out;
  }

  private toCustomModel(s: CustomModelSummary): CustomModelInfo {
    return {
      modelArn: s.modelArn ?? '',
      modelName: s.modelName ?? '',
      region: this.region,
      ...(s.baseModelArn ? { baseModelArn: s.baseModelArn } : {}),
      ...(s.customizationType ? { customizationType: s.customizationType } : {}),
      ...(s.creationTime ? { creationTime: s.creationTime.toISOString() } : {}),
    };
  }

  /**
   * Application inference profiles are how on-demand usage gets cost-allocation tags; CloudWatch may
   * report their ARN as the ModelId, and only their `models[].modelArn` says which base model to price.
   */
  private async readInferenceProfiles(send: SendOptions): Promise<InferenceProfileInfo[]> {
    const byArn = new Map<string, InferenceProfileInfo>();
    for (const typeEquals of INFERENCE_PROFILE_TYPES) {
      for await (const page of paginateListInferenceProfiles({ client: this.client }, { typeEquals }, send)) {
        for (const summary of page.inferenceProfileSummaries ?? []) {
          const profile = this.toInferenceProfile(summary, typeEquals);
          byArn.set(profile.inferenceProfileArn, profile);
        }
      }
    }
    return [...byArn.values()];
  }

  private toInferenceProfile(s: InferenceProfileSummary, requestedType: InferenceProfileInfo['type']): InferenceProfileInfo {
    return {
      inferenceProfileArn: s.inferenceProfileArn ?? '',
      inferenceProfileId: s.inferenceProfileId ?? '',
      ...(s.inferenceProfileName ? { inferenceProfileName: s.inferenceProfileName } : {}),
      region: this.region,
      type: s.type === 'APPLICATION' || s.type === 'SYSTEM_DEFINED' ? s.type : requestedType,
      modelArns: (s.models ?? []).map((m) => m.modelArn).filter((arn): arn is string => Boolean(arn)),
    };
  }

  /** ListFoundationModels has no pagination: one call returns the Region's whole catalog. */
  private async readFoundationModels(send: SendOptions): Promise<FoundationModelInfo[]> {
    const page = await this.client.send(new ListFoundationModelsCommand({}), send);
    return (page.modelSummaries ?? []).map((s) => ({
      modelId: s.modelId ?? '',
      modelArn: s.modelArn ?? '',
      ...(s.modelName ? { modelName: s.modelName } : {}),
      ...(s.providerName ? { providerName: s.providerName } : {}),
      inferenceTypesSupported: [...(s.inferenceTypesSupported ?? [])],
      ...(s.modelLifecycle?.status ? { lifecycleStatus: s.modelLifecycle.status } : {}),
    }));
  }
}

export { createBedrockClient } from './region-clients.js';
