/**
 * Model identifiers arrive in many shapes: the CloudWatch `ModelId` dimension holds whatever the
 * caller invoked (a bare model ID, a cross-Region profile ID such as `us.…` or `global.…`, a
 * foundation-model or inference-profile ARN, a provisioned-model ARN) and provisioned-throughput
 * model IDs carry a context-length suffix such as `:24k`. Prices are keyed on the bare base model
 * ID, so every shape is normalised here before usage and prices meet.
 */

/** Where a request is served, which decides its price: global cross-Region is cheaper for newer Claude models. */
export type InferenceScope = 'in-region' | 'geo' | 'global';

export type ModelIdKind =
  | 'model-id'
  | 'foundation-model-arn'
  | 'inference-profile'
  | 'application-inference-profile'
  | 'provisioned-model'
  | 'custom-model'
  | 'custom-model-deployment'
  | 'imported-model';

export interface ParsedModelId {
  /** The identifier exactly as it was seen. */
  raw: string;
  kind: ModelIdKind;
  /**
   * The base model ID prices are keyed on (`anthropic.claude-sonnet-4-5-20250929-v1:0`). For
   * application-inference-profile, provisioned-model and custom-model ARNs this is the ARN's
   * resource ID, which only the Bedrock inventory can resolve to a base model.
   */
  baseModelId: string;
  scope: InferenceScope;
  /** `us`, `eu`, `apac`, `jp`, `au`, `ca`, `us-gov` or `global` when invoked through a system profile. */
  profilePrefix?: string;
  /** `24k`, `128k`, `mm`, `512`, … on provisioned-throughput model IDs. */
  contextSuffix?: string;
  /** Region and account from an ARN. */
  arnRegion?: string;
  arnAccount?: string;
}

/** The system profiles' prefixes (`us.`, `global.`, …) and the scope each is billed in. */
const PROFILE_SCOPES: ReadonlyMap<string, InferenceScope> = new Map<string, InferenceScope>([
  ['global', 'global'], ['us-gov', 'geo'], ['us', 'geo'], ['eu', 'geo'], ['apac', 'geo'], ['jp', 'geo'], ['au', 'geo'], ['ca', 'geo'],
]);
const ARN = /^arn:aws[a-z-]*:bedrock:([a-z0-9-]*):(\d*):([a-z-]+)\/(.+)$/;
/**
 * Context-length suffix (`…-v1:0:24k`, `…-v1:0:200k`, and on IDs without a version,
 * `anthropic.claude-sonnet-4-6:200k`); the version itself stays. Versions are bare numbers, so a
 * number with `k` or `m` is always a context length.
 */
const CONTEXT_SUFFIX = /^(.*?(?::\d+)?):(\d+(?:k|m))$/i;
/**
 * Any other variant after a version: ListFoundationModels lists `amazon.nova-premier-v1:0:mm` and
 * `cohere.embed-english-v3:0:512` beside their base IDs, and a version is one `:<number>`, so a
 * segment after it is never part of the model's ID.
 */
const VARIANT_AFTER_VERSION = /^(.*:\d+):([a-z0-9]+)$/i;

/**
 * A system profile's prefix taken off: what comes before the first dot, when it names one (a model ID's
 * own dot follows its provider, never a prefix). Read once, not tried prefix by prefix: every model
 * line of an analysis is parsed, and one shape of result whatever the ID.
 */
function stripProfilePrefix(id: string): { id: string; prefix: string | undefined; scope: InferenceScope } {
  const dot = id.indexOf('.');
  const prefix = dot > 0 ? id.slice(0, dot) : '';
  const scope = PROFILE_SCOPES.get(prefix);
  return scope === undefined ? { id, prefix: undefined, scope: 'in-region' } : { id: id.slice(dot + 1), prefix, scope };
}

function stripContextSuffix(id: string): { id: string; suffix?: string } {
  const match = CONTEXT_SUFFIX.exec(id) ?? VARIANT_AFTER_VERSION.exec(id);
  return match ? { id: match[1] as string, suffix: (match[2] as string).toLowerCase() } : { id };
}

/**
 * The other ARNs the advisor reads, one pattern each (a Bedrock model ARN is read by `parseModelId`):
 * an IAM role (its account in group 1), an SNS topic (Region, account, name) and a Step Functions
 * state machine. Names follow each service's limits: IAM role paths and names up to 512 characters,
 * SNS topic names up to 256, state machine names up to 80.
 */
/** A 12-digit AWS account ID, as ARNs, events and files carry it. */
export const ACCOUNT_ID = /^\d{12}$/;

export const ARN_PATTERNS = {
  iamRole: /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/,
  snsTopic: /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256})$/,
  stateMachine: /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/,
  /**
   * A CloudWatch Logs log group, with an optional trailing `:*`: partition, Region, account, name. Region
   * and account are captured loosely so the caller can say which part is wrong; names are 1 to 512 of
   * `[.-_/#A-Za-z0-9]` (CloudWatch Logs CreateLogGroup, logGroupName).
   */
  logGroup: /^arn:(aws[a-z-]*):logs:([^:]*):([^:]*):log-group:([.\-_/#A-Za-z0-9]{1,512})(:\*)?$/,
} as const;

/** An IAM or STS identity ARN without its `arn:<partition>:<iam|sts>::<account>:` prefix (`assumed-role/name/session`); other text as it is. */
export function identityOfArn(arn: string): string {
  return arn.replace(/^arn:aws[a-z-]*:(sts|iam)::\d{12}:/, '');
}

/** The partition of any ARN (`aws`, `aws-us-gov`, `aws-cn`); undefined when it is not an ARN. */
export function partitionOfArn(arn: string | undefined): string | undefined {
  return /^arn:([^:]+):/.exec(arn ?? '')?.[1];
}

/** The 12-digit account of any AWS ARN (`arn:aws:<service>:<region>:<account>:…`); undefined when it has none. */
export function accountOfArn(arn: string | undefined): string | undefined {
  return /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/.exec(arn ?? '')?.[1];
}

/** The version part of a Bedrock model ID (the FOCUS export's ModelVersion) (`20250929-v1:0`, `v1:0`), when it has one. */
export function modelVersionOf(modelId: string): string | null {
  return /(?:-(\d{8}))?-(v\d+(?::\d+)?)$/.exec(modelId)?.slice(1).filter(Boolean).join('-') ?? null;
}

export function parseModelId(raw: string): ParsedModelId {
  const trimmed = raw.trim();
  const arn = ARN.exec(trimmed);
  if (arn) {
    const [, region, account, resourceType, resourceId] = arn as unknown as [string, string, string, string, string];
    const arnParts = {
      ...(region ? { arnRegion: region } : {}),
      ...(account ? { arnAccount: account } : {}),
    };
    switch (resourceType) {
      case 'foundation-model': {
        const { id, suffix } = stripContextSuffix(resourceId);
        return { raw, kind: 'foundation-model-arn', baseModelId: id, scope: 'in-region', ...(suffix ? { contextSuffix: suffix } : {}), ...arnParts };
      }
      case 'inference-profile': {
        const profile = stripProfilePrefix(resourceId);
        const { id, suffix } = stripContextSuffix(profile.id);
        return {
          raw, kind: 'inference-profile', baseModelId: id, scope: profile.scope,
          ...(profile.prefix ? { profilePrefix: profile.prefix } : {}),
          ...(suffix ? { contextSuffix: suffix } : {}), ...arnParts,
        };
      }
      case 'application-inference-profile':
        return { raw, kind: 'application-inference-profile', baseModelId: resourceId, scope: 'in-region', ...arnParts };
      case 'provisioned-model':
        return { raw, kind: 'provisioned-model', baseModelId: resourceId, scope: 'in-region', ...arnParts };
      case 'custom-model':
        return { raw, kind: 'custom-model', baseModelId: resourceId, scope: 'in-region', ...arnParts };
      // On-demand deployments of custom models, and Custom Model Import: neither is a foundation model.
      case 'custom-model-deployment':
        return { raw, kind: 'custom-model-deployment', baseModelId: resourceId, scope: 'in-region', ...arnParts };
      case 'imported-model':
        return { raw, kind: 'imported-model', baseModelId: resourceId, scope: 'in-region', ...arnParts };
      default:
        return { raw, kind: 'model-id', baseModelId: resourceId, scope: 'in-region', ...arnParts };
    }
  }
  const profile = stripProfilePrefix(trimmed);
  const { id, suffix } = stripContextSuffix(profile.id);
  return {
    raw, kind: profile.prefix ? 'inference-profile' : 'model-id', baseModelId: id, scope: profile.scope,
    ...(profile.prefix ? { profilePrefix: profile.prefix } : {}),
    ...(suffix ? { contextSuffix: suffix } : {}),
  };
}

/**
 * The source Regions each geographic profile can be called from: a `us.` profile from the US
 * Regions, `eu.` from the EU Regions, and so on ("Supported Regions and models for inference
 * profiles", https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html).
 * A `global.` profile is callable from any commercial Region.
 */
const PROFILE_SOURCE_REGIONS: Record<string, RegExp> = {
  'us-gov': /^us-gov-/,
  us: /^us-(east|west)-\d+$/,
  eu: /^eu-/,
  apac: /^ap-/,
  jp: /^ap-northeast-[13]$/,
  au: /^ap-southeast-[24]$/,
  ca: /^ca-/,
  global: /^(?!us-gov-|cn-)/,
};

/**
 * Why a model identifier cannot have been called in `region`, or undefined when it can: an ARN names
 * its own Region, and a geographic profile is callable only from its geography's Regions.
 */
export function regionConflict(parsed: ParsedModelId, region: string): string | undefined {
  if (parsed.arnRegion && parsed.arnRegion !== region) return `its ARN is in ${parsed.arnRegion}, not ${region}`;
  const allowed = parsed.profilePrefix ? PROFILE_SOURCE_REGIONS[parsed.profilePrefix] : undefined;
  if (allowed && !allowed.test(region)) return `a "${parsed.profilePrefix}." inference profile cannot be called from ${region}`;
  return undefined;
}

/** Identifiers only the Bedrock inventory can turn into a model (a profile's routes, a provisioned or custom model's base). */
const NEEDS_INVENTORY: ReadonlySet<ModelIdKind> = new Set(['application-inference-profile', 'provisioned-model', 'custom-model', 'custom-model-deployment', 'imported-model']);

/**
 * The foundation model an identifier bills as, when the identifier alone says so (a bare ID, a
 * foundation-model ARN, a system profile): its catalog ID and scope. Undefined when only the inventory
 * can tell (usage/resolve.ts resolves those).
 */
export function foundationModelOf(parsed: ParsedModelId, canonicalId: (modelId: string) => string): { baseModelId: string; scope: InferenceScope } | undefined {
  return NEEDS_INVENTORY.has(parsed.kind) ? undefined : { baseModelId: canonicalId(parsed.baseModelId), scope: parsed.scope };
}

/**
 * A rates-file model key as the model it means: `us.`/`global.` profile IDs, ARNs, context suffixes and
 * aliases normalised like usage. A `global.` key prices the global profile; other keys keep the scope
 * the row names (every scope when none).
 */
export function resolveRateKey(key: string, canonicalId: (modelId: string) => string): { modelId: string; scope?: InferenceScope } {
  const model = foundationModelOf(parseModelId(key), canonicalId);
  if (!model) return { modelId: key };
  return { modelId: model.baseModelId, ...(model.scope === 'global' ? { scope: 'global' as const } : {}) };
}
