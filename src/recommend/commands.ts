import { bedrockCall, type AwsCliCommand } from '../domain/advice.js';
import type { CommitmentTerm } from '../catalog/schema.js';
import { PROVISIONED_TERMS } from '../catalog/terms.js';

/**
 * The Bedrock calls advice names, as data: one builder per call, so a recommendation and a plan that
 * ask for the same change ask for it in the same words.
 */

/**
 * The model ID `create-provisioned-model-throughput` needs: AWS requires the context-length variant
 * (`amazon.nova-2-lite-v1:0:256k`) for base models that have them.
 */
export function provisionedModelIdFor(modelId: string, contextVariants: readonly string[] | undefined): string {
  const variant = contextVariants?.[0];
  return variant ? `${modelId}:${variant}` : modelId;
}

/** Buy `units` model units at `term` (no `--commitment-duration` for no commitment). */
export function createProvisionedThroughput(modelId: string, contextVariants: readonly string[] | undefined, units: number, term: CommitmentTerm): AwsCliCommand {
  const duration = PROVISIONED_TERMS[term].apiDuration;
  return bedrockCall('create-provisioned-model-throughput', {
    'model-id': provisionedModelIdFor(modelId, contextVariants), 'model-units': units,
    ...(duration ? { 'commitment-duration': duration } : {}), 'provisioned-model-name': '<name>',
  });
}

export function deleteProvisionedThroughput(provisionedModelArn: string, notBefore?: string): AwsCliCommand {
  return bedrockCall('delete-provisioned-model-throughput', { 'provisioned-model-id': provisionedModelArn }, notBefore);
}

export function resizeProvisionedThroughput(provisionedModelArn: string, units: number): AwsCliCommand {
  return bedrockCall('update-provisioned-model-throughput', { 'provisioned-model-id': provisionedModelArn, 'desired-model-units': units });
}

export function deleteCustomModel(modelArn: string): AwsCliCommand {
  return bedrockCall('delete-custom-model', { 'model-identifier': modelArn });
}
