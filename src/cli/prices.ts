import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { bundledCatalogDocument } from '../catalog/bundled-document.js';
import { PriceCatalog } from '../catalog/catalog.js';
import type { CatalogFile } from '../catalog/schema.js';
import { ConfigurationError, InputError } from '../errors.js';
import { describeChanges, diffCatalogs } from '../pricelist/diff.js';
import { describeProblems } from '../pricelist/build.js';
import { catalogForRun, PRICE_SOURCES, readLiveCatalog, type PriceSourceKind } from '../service/price-source.js';
import type { Clock } from '../clock.js';
import { REGION_EXAMPLE, isRegionCode } from '../region.js';

/**
 * `bedrock-cost-advisor prices refresh` and the `analyze` flags that choose a price source
 * (`--catalog FILE`, `--prices live|bundled`). The AWS SDK is loaded only when the Price List is read.
 */
export const PRICES_HELP = `bedrock-cost-advisor prices refresh: reads the AWS Price List (GetProducts, both Bedrock
service codes) and writes a catalog file in the bundled catalog's format, then prints what changed
against the bundled catalog and every Price List row that could not be mapped or classified.

Usage:
  bedrock-cost-advisor prices refresh [--region R ...] [--out FILE] [--profile P]

  --region R     Region to price (repeatable; default us-east-1 and us-west-2)
  --out FILE     where to write the catalog (default bedrock-prices.json)
  --profile P    AWS shared-config profile (the role needs pricing:GetProducts)

Use the file with: bedrock-cost-advisor analyze --catalog FILE ...
`;

const DEFAULT_REGIONS = ['us-east-1', 'us-west-2'];

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** When the Price List is read: its source's "read on" date. */
  clock: Clock;
}

async function reader(profile: string | undefined) {
  const { priceListReader } = await import('./price-list-path.js');
  return priceListReader(profile);
}

export async function runPrices(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '-h' || sub === '--help') {
    io.stdout(PRICES_HELP);
    return sub ? 0 : 2;
  }
  if (sub !== 'refresh') throw new ConfigurationError(`unknown prices command "${sub}"; try "bedrock-cost-advisor prices --help"`);
  let values: { region?: string[]; out?: string; profile?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: { region: { type: 'string', multiple: true }, out: { type: 'string' }, profile: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    throw new ConfigurationError(`${(error as Error).message}; see "prices --help"`);
  }
  if (values.help) {
    io.stdout(PRICES_HELP);
    return 0;
  }
  const regions = [...new Set(values.region ?? DEFAULT_REGIONS)];
  for (const r of regions) if (!isRegionCode(r)) throw new ConfigurationError(`--region "${r}" is not ${REGION_EXAMPLE}`);
  const out = values.out ?? 'bedrock-prices.json';

  let live;
  try {
    live = await readLiveCatalog(await reader(values.profile), regions, io.clock.now());
  } catch (error) {
    throw new InputError(`cannot read the AWS Price List: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
  await writeFile(out, `${JSON.stringify(live.document, null, 2)}\n`);
  const priced = new Set(live.document.prices.map((r) => r.model)).size;
  io.stdout(`wrote ${out}: ${priced} models priced in ${regions.join(', ')}, ${live.document.prices.length} price rows, as of ${live.document.asOf}\n`);
  for (const call of live.calls) io.stdout(`  ${call}\n`);

  // Compare only the Regions read: the rest of the bundled catalog was not asked about.
  const bundled = bundledCatalogDocument();
  const changes = diffCatalogs({ ...bundled, prices: bundled.prices.filter((r) => regions.includes(r.region)) }, live.document);
  io.stdout(`\nchanges against the bundled catalog (as of ${bundled.asOf}): ${changes.length}\n`);
  for (const line of describeChanges(changes)) io.stdout(`  ${line}\n`);
  // Models the table does not know are priced all the same, identified from their rows: named, so a person can add their facts.
  const identified = live.document.models.filter((m) => m.identity !== undefined);
  io.stdout(`\nmodels identified from the Price List rows alone (no facts in src/pricelist/model-names.ts): ${identified.length}\n`);
  for (const m of identified) io.stdout(`  ${m.modelId} (${m.name}): ${IDENTITY_WORDING[m.identity!]}\n`);
  const byKind = new Map<string, number>();
  for (const p of live.problems) byKind.set(p.kind, (byKind.get(p.kind) ?? 0) + 1);
  const kinds = [...byKind].map(([kind, n]) => `${kind} ${n}`).join(', ');
  io.stdout(`\nPrice List rows not priced (not mapped to a model or not classified): ${live.problems.length}${kinds ? ` (${kinds})` : ''}\n`);
  for (const line of describeProblems(live.problems)) io.stdout(`  ${line}\n`);
  return 0;
}

const IDENTITY_WORDING: Record<NonNullable<CatalogFile['models'][number]['identity']>, string> = {
  'usagetype-model-id': 'by the model ID in its usagetype',
  'price-list-name': 'by its Price List name (usage finds it by the same words in the model ID)',
  'account-directory': "by the account's ListFoundationModels",
};

/** The `analyze` price-source flags, checked before anything is read. */
export function priceSourceFlag(prices: string | undefined, catalogFile: string | undefined): PriceSourceKind | 'file' {
  if (prices !== undefined && !(PRICE_SOURCES as readonly string[]).includes(prices)) throw new ConfigurationError(`--prices must be live or bundled, not "${prices}"`);
  if (catalogFile !== undefined && prices !== undefined) throw new ConfigurationError('give --catalog FILE or --prices, not both');
  return catalogFile !== undefined ? 'file' : ((prices as PriceSourceKind | undefined) ?? 'bundled');
}

/** The catalog `analyze` prices with: bundled, a file written by `prices refresh`, or the live Price List. */
export async function catalogForAnalyze(
  source: PriceSourceKind | 'file',
  args: { catalogFile?: string; regions: string[]; profile?: string; now: Date; deadline?: number },
  io: Pick<Io, 'stderr'>,
): Promise<PriceCatalog> {
  if (source === 'file') {
    const file = args.catalogFile!;
    let document: unknown;
    try {
      document = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new InputError(`cannot read --catalog ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const catalog = PriceCatalog.fromDocument(document, file, { kind: 'file', name: file });
    // Prices dated after today cannot have been read yet: a typo or a forged file, never current prices.
    const tomorrow = new Date(args.now.getTime() + 86_400_000).toISOString().slice(0, 10);
    if (catalog.asOf > tomorrow) throw new ConfigurationError(`--catalog ${file}: asOf ${catalog.asOf} is in the future (today is ${args.now.toISOString().slice(0, 10)}); prices cannot be dated after they were read`);
    return catalog;
  }
  const profile = args.profile;
  const live = source === 'live' ? await reader(profile) : undefined;
  return catalogForRun(source, () => live!, args.regions, args.now, (message) => io.stderr(`warning: ${message}\n`), args.deadline !== undefined ? { deadline: args.deadline } : {});
}
