/**
 * The layers point down (README, "Architecture"). From the bottom:
 *   base      src/money.ts, src/model-id.ts, src/region.ts, src/errors.ts, src/limits.ts, src/clock.ts,
 *             src/abort.ts, src/sql/
 *   domain    src/domain/          report types, advice, ordering and summary rules
 *   data      src/catalog/, src/usage/, src/pricelist/, src/sample/
 *   replay    src/replay/, src/modes/  prices the usage in every mode: each pricing mode a module (src/modes/registry.ts)
 *   recommend src/recommend/, src/alternatives/, src/forecast/  advice and plans, other models, commitments, as data
 *   engine    src/engine.ts, src/engine-groups.ts  pure: no I/O, no AWS
 *   findings  src/bill/, src/logs/, src/runaway/  the bill reconciled, invocation logs priced, runaway spend watched
 *   report    src/report/          the published view and every renderer (the only place text is made for people)
 *   service   src/service/         orchestration and ports
 *   adapters  src/aws/, src/cli/, functions/
 * Every entry of src/ is in exactly one layer (test/architecture/layers.test.ts checks `LAYERS`).
 * `npm test` runs this through test/architecture/layers.test.ts.
 */
const layer = (name, path) => ({ name, path });
const below = (from, forbidden, comment) => ({
  name: `${from.name}-points-down`,
  comment,
  severity: 'error',
  from: { path: from.path },
  to: { path: forbidden },
});

const base = layer('base', '^src/((money|model-id|errors|limits|clock|region|abort)\\.ts$|sql/)');
const domain = layer('domain', '^src/domain/');
const data = layer('data', '^src/(catalog|usage|pricelist|sample)/');
const replay = layer('replay', '^src/(replay|modes)/');
const recommend = layer('recommend', '^src/(recommend|alternatives|forecast)/');
const engine = layer('engine', '^src/engine(-groups)?\\.ts$');
const findings = layer('findings', '^src/(bill|logs|runaway)/');
const report = layer('report', '^src/report/');
const service = layer('service', '^src/service/');
const adapters = layer('adapters', '^(src/(aws|cli)/|functions/)');
const LAYERS = [base, domain, data, replay, recommend, engine, findings, report, service, adapters];

const ABOVE_DATA = '^src/(replay|modes|recommend|alternatives|forecast|engine(-groups)?\\.ts|bill|logs|runaway|report|service|aws|cli)';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'A cycle means two modules are one; split out what both need.', from: {}, to: { circular: true } },
    below(base, `^src/(domain|catalog|usage|pricelist|sample)/|${ABOVE_DATA}`, 'The base knows nothing above it.'),
    {
      ...below(domain, `^src/(pricelist|sample)|${ABOVE_DATA}`, 'Domain types and rules import only the base (and usage and catalog types, and the bill\'s two vocabularies as types).'),
      to: { path: `^src/(pricelist|sample)|${ABOVE_DATA}`, pathNot: '^src/bill/vocabulary\\.ts$' },
    },
    {
      name: 'domain-uses-bill-vocabulary-types-only',
      comment: "The reconciliation's shape is the domain's (src/domain/reconciliation.ts); it names the bill's token series and categories as types and runs none of the bill's code.",
      severity: 'error',
      from: { path: domain.path },
      to: { path: '^src/bill/vocabulary\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-uses-catalog-types-only',
      comment: "The domain names the catalog's terms (CommitmentTerm) but runs none of its code.",
      severity: 'error',
      from: { path: domain.path },
      to: { path: '^src/catalog/', dependencyTypesNot: ['type-only'] },
    },
    below(data, ABOVE_DATA, 'Prices and usage know nothing of replay, advice or reports (the catalog once imported the usage resolver).'),
    {
      name: 'catalog-not-to-usage',
      comment: 'Prices do not depend on how usage is read: the catalog once imported the usage resolver (rate keys resolve in src/model-id.ts).',
      severity: 'error',
      from: { path: '^src/(catalog|pricelist)/' },
      to: { path: '^src/usage/' },
    },
    below(replay, '^src/(recommend|alternatives|forecast|engine(-groups)?\\.ts|bill|logs|runaway|report|service|aws|cli)', 'Replay and the pricing modes price usage and state each mode\'s advice as data; they never import recommend (replay once did).'),
    below(recommend, '^src/(engine(-groups)?\\.ts|bill|logs|runaway|report|service|aws|cli)', 'Advice is data: recommend makes no presentation and imports none.'),
    below(engine, '^src/(bill|logs|runaway|report|service|aws|cli)', 'The engine is pure.'),
    below(findings, '^src/(report|service|aws|cli)', 'The bill, the invocation logs and the runaway watch state figures and notes: they word nothing and run no AWS call.'),
    below(report, '^src/(replay|modes|recommend|engine(-groups)?\\.ts|service|aws|cli)', 'Renderers read the report, never the engine.'),
    below(service, '^src/(aws|cli)', 'The service runs on ports; adapters plug into them.'),
    {
      name: 'pure-core-no-aws-sdk',
      comment: 'Only adapters (src/aws, src/cli, functions) talk to AWS.',
      severity: 'error',
      from: { path: '^src/(domain|catalog|usage|pricelist|sample|replay|modes|recommend|alternatives|forecast|engine(-groups)?\\.ts|bill|logs|runaway|report|service|sql|money|model-id|region|errors|limits|clock|abort)' },
      to: { path: '(^|/)node_modules/@aws-sdk/' },
    },
    { name: 'src-not-to-functions-or-tests', severity: 'error', from: { path: '^src/' }, to: { path: '^(functions|test|bench|scripts)/' } },
  ],
  layers: LAYERS,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
