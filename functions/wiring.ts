import { createSnsClient, SnsDigestPublisher, type PublishResult } from '../src/aws/sns-publisher.js';
import { type AccountsSpec, type AccountTarget } from '../src/aws/account-targets.js';
import { assumedRoleSources, createStsClient } from '../src/aws/accounts.js';
import { createOrganizationsClient, OrganizationAccountLister, resolveAccountTargets } from '../src/aws/organization-accounts.js';
import { awsRegionSources, memoizeByRegion } from '../src/aws/sources.js';
import type { AccountAnalysisDeps, AccountAnalysisRequest, AccountAnalysisResult } from '../src/service/analyze-account.js';
import type { RegionSources, ReportPublisher } from '../src/service/ports.js';
import type { PriceReadBounds, SharedCatalog } from '../src/service/price-source.js';
import { systemClock, type Clock } from '../src/clock.js';
import { runPrices } from './prices.js';
import { loadConfig, type AdvisorConfig } from './config.js';
import { memoize } from './memoize.js';
import { createObservability, type Observability } from './middleware.js';

/** What every handler runs on in Lambda; tests build their own. */
export interface HandlerDeps {
  config: AdvisorConfig;
  /** Usage and inventory of the advisor's own account, per Region. */
  sources: RegionSources;
  /** Usage and inventory of another account, through its assumed role (clients cached per account). */
  accountSources: (target: AccountTarget) => RegionSources;
  /** Lists the organization's active accounts (only called in organization mode). */
  organization: () => OrganizationAccountLister;
  /**
   * The prices for one run: the Price List read once (or the bundled catalog; see PRICE_SOURCE), as data
   * a fan-out can hand on. `bounds` (the run's deadline and signal) cap the wait: past it, bundled prices.
   */
  prices: (regions: string[], bounds?: PriceReadBounds) => Promise<SharedCatalog>;
  publisher: () => ReportPublisher<PublishResult>;
  observability: Observability;
  /** The run's clock: the system clock in Lambda, a pinned one in tests. */
  clock: Clock;
}

/**
 * Called at module scope, i.e. at cold start: configuration is checked once, so a misconfigured
 * function fails at init; SDK clients are built once per Region, on first use. The bundled catalog is
 * not built here: a run reads the Price List (PRICE_SOURCE=live, the default) and builds it only when
 * it falls back or PRICE_SOURCE=bundled; the shipped document is checked on every CI run
 * (test/catalog/), and building it at init was about 10 ms of every cold start (bench/cold-init.ts).
 */
export function createLambdaDeps(): HandlerDeps {
  const config = loadConfig();
  const observability = createObservability();
  // The stack's own resources (bucket, state machine, table) are in the function's Region.
  const ownRegion = process.env.AWS_REGION ?? config.topicRegion;
  const prices = runPrices(config, observability);
  const publisher = memoizeByRegion((region) => new SnsDigestPublisher({ client: createSnsClient(region), topicArn: config.topicArn }));
  return {
    config,
    prices,
    sources: awsRegionSources(),
    accountSources: assumedRoleSources(memoize(() => createStsClient(ownRegion))),
    organization: memoize(() => new OrganizationAccountLister(createOrganizationsClient())),
    publisher: () => publisher(config.topicRegion),
    observability,
    clock: systemClock,
  };
}


/**
 * One run over the advisor's own account, or over the configured accounts (listed roles, or the
 * organization's active accounts), each through its assumed role.
 */
export async function runConfiguredAnalysis<TPublished>(
  deps: Pick<HandlerDeps, 'sources' | 'accountSources' | 'organization'>,
  accounts: AccountsSpec | undefined,
  request: AccountAnalysisRequest,
  rest: Omit<AccountAnalysisDeps<TPublished>, 'sources'>,
): Promise<AccountAnalysisResult<TPublished>> {
  // The service (and the engine under it) loads on the first run, not at cold init (bench/cold-init.ts).
  if (!accounts) return (await import('../src/service/analyze-account.js')).runAccountAnalysis(request, { sources: deps.sources, ...rest });
  const targets = await resolveAccountTargets(accounts, deps.organization, 'aws', undefined, request.signal);
  return (await import('../src/service/analyze-accounts.js')).runAccountsAnalysis(request, { ...rest, accounts: targets, sourcesFor: deps.accountSources });
}
