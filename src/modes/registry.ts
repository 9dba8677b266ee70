import type { ModelPrices } from '../catalog/catalog.js';
import type { ScenarioMode } from '../domain/report.js';
import type { ProfileOptions } from '../replay/load-profile.js';
import { batchMode } from './batch.js';
import { globalMode } from './global.js';
import { customModelMode } from './custom-model.js';
import { lifecycleMode } from './lifecycle.js';
import type { InventoryMode, ModeAdviser, ModelAdviceMode, PricingMode } from './mode.js';
import { noCacheMode } from './no-cache.js';
import { onDemandMode } from './on-demand.js';
import { promptCacheMode } from './prompt-cache.js';
import { provisionedMode } from './provisioned.js';
import { reservedMode } from './reserved.js';
import { serviceTierMode } from './service-tier.js';

/**
 * Every pricing mode, in the order a model's scenarios are listed. Adding a mode: write
 * src/modes/<mode>.ts exporting a `PricingMode`, add its scenario mode to `ScenarioMode`
 * (src/domain/report.ts) and the schema, and list it here.
 */
export const PRICING_MODES: readonly PricingMode[] = [
  onDemandMode,
  noCacheMode,
  globalMode,
  promptCacheMode,
  batchMode,
  serviceTierMode,
  reservedMode,
  provisionedMode,
];

/** Modes that advise on a model as a whole after its scenarios are priced (moving off an end-of-life model). */
export const MODEL_ADVICE_MODES: readonly ModelAdviceMode[] = [lifecycleMode];

/** Modes over what the account holds by the month. Custom-model usage is also priced by its mode (`CUSTOM_MODEL_MODE.replayUsage`). */
export const INVENTORY_MODES: readonly InventoryMode[] = [customModelMode];
export const CUSTOM_MODEL_MODE = customModelMode;

const ADVISERS = new Map<ScenarioMode, ModeAdviser>();
for (const mode of PRICING_MODES) {
  if (mode.adviser) for (const m of mode.scenarioModes) ADVISERS.set(m, mode.adviser);
}

/** How a scenario's mode advises, or undefined for a mode that is shown but never advised (on demand, no cache). */
export function adviserFor(mode: ScenarioMode | string): ModeAdviser | undefined {
  return ADVISERS.get(mode as ScenarioMode);
}

/** The pricing modes that ask the profile pass for something, listed once rather than tested every model. */
const PROFILE_MODES: readonly PricingMode[] = PRICING_MODES.filter((mode) => mode.profileOptions !== undefined);

/** What the profile pass must compute for these prices: what each mode asks for, together. */
export function profileOptionsFor(prices: ModelPrices | undefined): ProfileOptions {
  // One object filled in place (asked once a model, in the profile pass): no copy per mode. An index
  // loop over the modes that ask: `for...of` runs the iterator protocol in bytecode for every model.
  const options: ProfileOptions = {};
  for (let i = 0; i < PROFILE_MODES.length; i++) Object.assign(options, PROFILE_MODES[i]!.profileOptions!(prices));
  return options;
}
