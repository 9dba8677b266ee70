/**
 * Model identity read from the data. A Price List row names its model in one of two ways:
 *  - AmazonBedrock rows carry it in the usagetype, often as the model ID itself
 *    (`USE1-deepseek.v3.2-input-tokens`, `USE1-qwen.qwen3-32b-mantle-input-tokens-standard`) and
 *    otherwise as a CamelCase name (`USE1-NovaMicro-input-tokens`) beside a `model` attribute ("Nova Micro");
 *  - AmazonBedrockFoundationModels rows carry the model's display name in `servicename`
 *    ("Claude Haiku 4.5 (Amazon Bedrock Edition)"), the name ListFoundationModels gives as `modelName`.
 * A model's ID and its name are matched by their *words*, exactly: `anthropic.claude-haiku-4-5-20251001-v1:0`
 * and "Claude Haiku 4.5" are both `claude haiku 4 5` once the provider, release date and version
 * suffix are set aside. Words are never matched approximately (the nearest name is how other
 * catalogs priced Claude 3.5 Sonnet v2 at v1's rate): `claude 3 5 sonnet v 2` is not `claude 3 5 sonnet`.
 * A key two models share identifies neither.
 */

/** " (Amazon Bedrock Edition)" ends every FoundationModels `servicename`. */
const EDITION = /\s*\(Amazon Bedrock Edition\)\s*$/i;
/** Words that say nothing about which model it is. */
const NOISE_WORDS = new Set(['instruct']);

/** The words of a model name, ID or usagetype token, lower case: `Nova2.0Lite` and "Nova 2 Lite" are both `nova 2 lite`. */
export function nameKey(text: string): string {
  return text
    .replace(EDITION, '')
    // "Nova 2.0 Lite" is Nova 2 Lite: a ".0" minor version names nothing.
    .replace(/(\d)\.0(?!\d)/g, '$1')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/(\d)([a-z])/g, '$1 $2')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && !NOISE_WORDS.has(w))
    .join(' ');
}

/** A release date inside an ID (`-20251001`). */
const DATE = /-\d{8}(?=-|:|$)/g;

/**
 * A model ID without its version suffix: `-v1:0`, `:0` and `-1:0` are the first version and
 * Bedrock accepts some IDs with and without them (`nvidia.nemotron-nano-3-30b` and `…:0`,
 * `qwen.qwen3-vl-235b-a22b` and `…-v1:0`). A second version (`-v2:0`) stays: it is another model.
 */
export function idStem(modelId: string): string {
  const versioned = /:\d+$/.test(modelId);
  let stem = modelId.replace(/:\d+$/, '').replace(/-v1$/, '');
  if (versioned) stem = stem.replace(/-1$/, '');
  return stem;
}

/**
 * The keys of a model ID, with and without its provider: `deepseek.v3.2` is `deepseek v 3 2` and
 * `v 3 2`; the release date and first-version suffix are left out.
 */
export function idKeys(modelId: string): string[] {
  const stem = idStem(modelId).replace(DATE, '');
  const dot = stem.indexOf('.');
  const keys = [nameKey(stem)];
  if (dot > 0) keys.push(nameKey(stem.slice(dot + 1)));
  return [...new Set(keys.filter((k) => k !== ''))];
}

/** A usagetype model token that is itself a model ID: `provider.model` in lower case (`deepseek.v3.2`, `google.gemma-3-4b-it`). */
export function looksLikeModelId(token: string): boolean {
  return /^[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9.:-]*$/.test(token);
}

/** One model as a directory knows it: ListFoundationModels (live) or the catalog's model table (bundled). */
export interface DirectoryEntry {
  modelId: string;
  name: string;
  provider?: string;
  /** The model this ID is another spelling of (a catalog alias); the ID itself when absent. */
  canonical?: string;
}

const targetOf = (e: DirectoryEntry): string => e.canonical ?? e.modelId;

/**
 * Model IDs found by stem or by key; a key or stem that two models share is left out, so it
 * identifies neither.
 */
export class ModelDirectory<E extends DirectoryEntry = DirectoryEntry> {
  /**
   * Built on the first look-up, not by the constructor: the catalog's table directory is a module
   * constant (./model-names.ts), and keying its ~170 models (a dozen regex passes each) at load would
   * cost every Lambda's first invocation that loads the module, Price List read or not (bench/cold-init.ts).
   */
  private index?: { byId: Map<string, E>; byStem: Map<string, E | null>; byKey: Map<string, E | null> };

  constructor(private readonly entries: Iterable<E>) {}

  private built(): NonNullable<ModelDirectory<E>['index']> {
    if (this.index) return this.index;
    const index = { byId: new Map<string, E>(), byStem: new Map<string, E | null>(), byKey: new Map<string, E | null>() };
    for (const e of this.entries) {
      index.byId.set(e.modelId, e);
      this.claim(index.byStem, idStem(e.modelId), e);
      for (const key of new Set([...idKeys(e.modelId), nameKey(e.name)])) this.claim(index.byKey, key, e);
    }
    return (this.index = index);
  }

  private claim(map: Map<string, E | null>, key: string, e: E): void {
    if (key === '') return;
    const held = map.get(key);
    map.set(key, held === undefined || (held !== null && targetOf(held) === targetOf(e)) ? (held ?? e) : null);
  }

  /** By the exact ID, or by the ID without its first-version suffix. */
  byModelId(modelId: string): E | undefined {
    const { byId, byStem } = this.built();
    return byId.get(modelId) ?? byStem.get(idStem(modelId)) ?? undefined;
  }

  /** By a display name or usagetype token, word for word. */
  byName(name: string): E | undefined {
    return this.built().byKey.get(nameKey(name)) ?? undefined;
  }

  /** By any key of an ID (with or without the provider, no date, no first-version suffix). */
  byIdKey(modelId: string): E | undefined {
    const { byKey } = this.built();
    for (const key of idKeys(modelId)) {
      const hit = byKey.get(key);
      if (hit) return hit;
    }
    return undefined;
  }
}
