/**
 * The layers point down (README, "Architecture"). From the bottom:
 *   base      src/money.ts, src/model-id.ts, src/region.ts, src/errors.ts, src/limits.ts, src/clock.ts
 *   domain    src/domain/          report types, advice, ordering and summary rules
 *   data      src/catalog/, src/usage/, src/pricelist/, src/sample/
 *   replay    src/replay/, src/modes/  prices the usage in every mode: each pricing mode a module (src/modes/registry.ts)
 *   recommend src/recommend/       advice and plans, as data
 *   engine    src/engine.ts        pure: no I/O, no AWS
 *   report    src/report/          the published view and every renderer (the only place text is made for people)
 *   service   src/service/         orchestration and ports
 *   adapters  src/aws/, src/cli/, functions/
 * `npm test` runs this through test/architecture.test.ts.
 */
const layer = (name, path) => ({ name, path });
const below = (from, forbidden, comment) => ({
  name: `${from.name}-points-down`,
  comment,
  severity: 'error',
  from: { path: from.path },
  to: { path: forbidden },
});

const base = layer('base', '^src/(money|model-id|errors|limits|clock|region)\\.ts$');
const domain = layer('domain', '^src/domain/');
const data = layer('data', '^src/(catalog|usage|pricelist|sample)/');
const replay = layer('replay', '^src/(replay|modes)/');
const recommend = layer('recommend', '^src/recommend/');
const engine = layer('engine', '^src/engine\\.ts$');
const report = layer('report', '^src/report/');
const service = layer('service', '^src/service/');

const ABOVE_DATA = '^src/(replay|modes|recommend|engine\\.ts|report|service|aws|cli)';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'A cycle means two modules are one; split out what both need.', from: {}, to: { circular: true } },
    below(base, '^src/(domain|catalog|usage|pricelist|sample|replay|modes|recommend|engine\\.ts|report|service|aws|cli)/?', 'The base knows nothing above it.'),
    below(domain, `^src/(pricelist|sample)|${ABOVE_DATA}`, 'Domain types and rules import only the base (and usage and catalog types).'),
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
    below(replay, '^src/(recommend|engine\\.ts|report|service|aws|cli)', 'Replay and the pricing modes price usage and state each mode\'s advice as data; they never import recommend (replay once did).'),
    below(recommend, '^src/(engine\\.ts|report|service|aws|cli)', 'Advice is data: recommend makes no presentation and imports none.'),
    below(engine, '^src/(report|service|aws|cli)', 'The engine is pure.'),
    below(report, '^src/(replay|modes|recommend|engine\\.ts|service|aws|cli)', 'Renderers read the report, never the engine.'),
    below(service, '^src/(aws|cli)', 'The service runs on ports; adapters plug into them.'),
    {
      name: 'pure-core-no-aws-sdk',
      comment: 'Only adapters (src/aws, src/cli, functions) talk to AWS.',
      severity: 'error',
      from: { path: '^src/(domain|catalog|usage|replay|modes|recommend|engine\\.ts|report|service|money|model-id|region|errors|limits)' },
      to: { path: '(^|/)node_modules/@aws-sdk/' },
    },
    { name: 'src-not-to-functions-or-tests', severity: 'error', from: { path: '^src/' }, to: { path: '^(functions|test|bench|scripts)/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
