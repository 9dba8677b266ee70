import type { Decimal } from 'decimal.js';
import type { CatalogModel, ModelPrices, PriceCatalog } from '../catalog/catalog.js';
import type { Command, Confidence, ConfidenceReason, SavingsFloor } from '../domain/advice.js';
import type { CustomModelReport, ModelReport, ModelUsageSummary, Recommendation, RecommendationAction, RequestQuantities, Scenario, ScenarioMode } from '../domain/report.js';
import type { CustomModelInfo, ProvisionedThroughputInfo } from '../usage/usage.js';
import type { Bill, BlendedRate } from '../replay/bill.js';
import type { LoadProfile, ProfileOptions } from '../replay/load-profile.js';
import type { ModelGroup, ModelReplay } from '../replay/model-replay.js';
import type { CostComponent, PriceBook } from './price-book.js';
import type { ModelPlace, Note, Worded } from '../domain/notes.js';
import type { ReplayShared } from '../replay/shared.js';

/**
 * A pricing mode is one module (src/modes/<mode>.ts), listed in `registry.ts`. It declares the
 * quantities it reads, prices the model's usage as cost components (quantities that name their price;
 * the price book multiplies), and advises on its own scenarios as data: an action, reason codes with
 * figures, and commands. Replay (`replayModel`) and recommend (`recommendForModel`) only walk the
 * registry. README "Architecture" says how to add one.
 */

/** What a mode reads of a model's usage. */
export type Quantity =
  /** Token sums (input, output, cache read and write). */
  | 'tokens'
  /** Images or queries, for models billed per item. */
  | 'items'
  /** The per-minute load profile (peaks, busiest hours). */
  | 'load-profile'
  /** The load by model units at the model's unit capacity (provisioned sizing). */
  | 'unit-histogram'
  /** The overflow above fixed tokens-per-minute levels (Reserved sizing). */
  | 'level-overflow'
  /** What the account holds by the month (custom models kept in storage). */
  | 'inventory'
  /**
   * The requests the invocation logs counted, by class (long context or not, cache TTL, service tier),
   * over the hours they cover (`ModeContext.requests`): exact where CloudWatch sums only bound.
   */
  | 'request-classes';

/** The model's usage as billed today (on demand), in parts other modes reuse: components, not costs. */
export interface AsBilled {
  plainInput: CostComponent[];
  output: CostComponent[];
  cacheRead: CostComponent[];
  cacheWrite: CostComponent[];
  /** Images, rerank queries: what a non-token model bills for. */
  items: CostComponent[];
  /**
   * The requests the invocation logs show above the long-context threshold, as billed (also in the
   * parts above): a what-if with no long-context rate of its own keeps them as billed; one that has
   * them prices them at its own book. Empty without logs.
   */
  longContext: CostComponent[];
  /** Why the model cannot be priced from CloudWatch metrics at all (video seconds are not reported). */
  unpriceable?: Worded;
  assumptions: Worded[];
}

/** Everything a mode may read to price one model group. */
export interface ModeContext {
  group: ModelGroup;
  catalog: PriceCatalog;
  model: CatalogModel | undefined;
  prices: ModelPrices;
  book: PriceBook;
  profile: LoadProfile;
  /**
   * The token sums a what-if prices at its own rates: every token, less the requests the logs show
   * above the long-context threshold (those are `billed.longContext`).
   */
  usage: ModelUsageSummary;
  billed: AsBilled;
  /** What the invocation logs say of this model (`request-classes`), when they cover part of the window or all of it. */
  requests?: LoggedRequests | undefined;
  windowHours: number;
  /** The cache read shares the prompt-cache what-ifs try. */
  cacheReadShares: readonly number[];
  now: Date;
  /** Assumptions every scenario of the model states (the window, the catalog's notes). */
  common: Worded[];
  monthly: (cost: Decimal | null) => Decimal | null;
  /** Today's usage as billed on demand (`billed`, priced), and its cost over the window (null when unpriced). */
  onDemand: Bill;
  onDemandCost: Decimal | null;
  /** Each side's on-demand rate as billed today, for overflow; null when either side is unpriced or the model bills per item. */
  overflowRates: { input: BlendedRate; output: BlendedRate } | null;
  /** `billed`'s parts, each priced on its own: `onDemand` is them in order, and a what-if that keeps a part as billed reuses it. */
  billedParts: BilledParts;
  /** What the analysis's models share in their reports (`ReplayShared`); a mode without it makes its own objects. */
  shared?: ReplayShared;
}

/** The parts of `AsBilled` that are billed today, each priced as a bill of its own. */
export interface BilledParts {
  plainInput: Bill;
  output: Bill;
  cacheRead: Bill;
  cacheWrite: Bill;
  items: Bill;
}

/**
 * The invocation logs' requests of one model, and the usage the logs do not cover: CloudWatch's points
 * outside the covered hours (none when the logs cover the whole window), which keep the bounds.
 */
export interface LoggedRequests {
  quantities: RequestQuantities;
  /** CloudWatch's usage outside the covered hours, and its profile (for the long-context bound); undefined when it holds no token. */
  rest?: { profile: LoadProfile; usage: ModelUsageSummary };
}

/** What a mode adds to the model's report besides its scenarios. */
export type ModelNotes = Pick<ModelReport, 'reservedBreakEven'>;

/** What the advice of a mode may read. */
export interface AdviceContext {
  replay: Pick<ModelReplay, 'report' | 'profile' | 'model' | 'logged'>;
  windowHours: number;
  cacheReadShares: readonly number[];
}

/** What a step that stacks on another reads: the model's own row (`prices`) and the catalog (another row). */
export interface StackContext extends AdviceContext {
  replay: Pick<ModelReplay, 'report' | 'profile' | 'model' | 'prices' | 'logged'>;
  catalog: PriceCatalog;
}

/**
 * How a mode's step composes with other modes' steps in one plan. A step on one layer changes one
 * thing about how the same usage is billed, so steps on different layers compose: `routing` prices the
 * quantities at another row (the global cross-Region profile), `quantities` changes what is billed
 * (prompt caching turns input into cache reads and writes). The combination is priced once, by the
 * price book: the quantities step's components (or the usage as billed) at the routing step's book (or
 * the model's own). A mode with no layer (batch, Flex, Priority, provisioned, Reserved) changes the rate
 * column itself and stays an alternative: two of those exclude each other.
 */
export type StackLayer =
  | { layer: 'routing'; book(ctx: StackContext): PriceBook | undefined }
  | { layer: 'quantities'; components(scenario: Scenario, ctx: StackContext): CostComponent[] | undefined };

/** How a mode advises on one of its scenarios: data, worded by the title and by the renderers. */
export interface ModeAdviser {
  action: RecommendationAction;
  /** It buys capacity for the on-demand traffic (acts on the same tokens as shedding existing units). */
  buysCapacity?: boolean;
  /** An upper bound (every token priced as if it could move): kept apart from the savings as "up to". */
  upperBound?: boolean;
  /** The layer its step changes, when it composes with steps on other layers (see `StackLayer`). */
  stack?: StackLayer;
  /** Whether this feasible scenario may be advised at all (besides saving money). */
  eligible?(scenario: Scenario, ctx: AdviceContext): boolean;
  /** The confidence the mode sets, with its reason codes (a short window lowers it after). */
  confidence(scenario: Scenario, ctx: AdviceContext): { confidence: Confidence; reasons: ConfidenceReason[] };
  /** What to do for the model `where` names; the recommendation adds the savings. */
  title(scenario: Scenario, where: ModelPlace): Note;
  risk?(scenario: Scenario): Worded[];
  nextSteps(scenario: Scenario, ctx: AdviceContext): Command[];
}

export interface PricingMode {
  /** The module's name (its file). */
  readonly id: string;
  /** The scenario modes it emits. */
  readonly scenarioModes: readonly ScenarioMode[];
  readonly needs: readonly Quantity[];
  /** Models billed per token only (not image or rerank models), or every priced model. */
  readonly appliesTo: 'token-models' | 'all-models';
  /** What it asks of the profile pass (`needs` unit-histogram or level-overflow). */
  profileOptions?(prices: ModelPrices | undefined): ProfileOptions;
  /** Its scenarios for one model, priced; empty when the mode does not apply. */
  scenarios(ctx: ModeContext, notes: (notes: ModelNotes) => void): Scenario[];
  readonly adviser?: ModeAdviser;
}

/** The usage window a report covers (ISO timestamps, end exclusive). */
export interface UsageWindow {
  start: string;
  end: string;
}

/** What a model-wide mode (lifecycle migration) may read: one model's replay, the catalog and the window. */
export interface ModelAdviceContext {
  replay: Pick<ModelReplay, 'report' | 'model' | 'logged'>;
  group: ModelGroup;
  catalog: PriceCatalog;
  windowHours: number;
  now: Date;
  window?: UsageWindow;
  /** `modelLifecycle.status` as ListFoundationModels reported it for this model and Region. */
  apiLifecycleStatus?: string;
}

/**
 * A mode that advises on a model as a whole, beside its pricing scenarios (moving off an end-of-life
 * model): it prices the same quantities at another model's prices through the price book.
 */
export interface ModelAdviceMode {
  readonly id: string;
  readonly needs: readonly Quantity[];
  /** Notes it adds to the model's report (`lifecycle`, an assumption on the as-billed scenario), and its advice. */
  advise(ctx: ModelAdviceContext): Recommendation[];
}

/** What an inventory mode reads: what the account holds, and the usage recorded against it. */
export interface InventoryContext {
  catalog: PriceCatalog;
  windowHours: number;
  now: Date;
  expiryWarningDays: number;
  floor: SavingsFloor;
  customModels: CustomModelInfo[];
  provisionedThroughputs: ProvisionedThroughputInfo[];
  /** Invocations recorded against each custom model ARN in the window. */
  invocationsOf(modelArn: string): number;
}

/** A mode over what the account holds and pays for by the month (custom model storage). */
export interface InventoryMode {
  readonly id: string;
  readonly needs: readonly Quantity[];
  review(ctx: InventoryContext): { customModels: CustomModelReport[]; recommendations: Recommendation[] };
}
