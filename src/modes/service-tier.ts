import type { Scenario } from '../domain/report.js';
import { instruction } from '../domain/advice.js';
import { scenarioFromBill } from '../replay/bill.js';
import type { ModeContext, PricingMode } from './mode.js';
import { tokens } from './price-book.js';

/** The Flex and Priority service tiers: their input and output rates; cached tokens at standard rates. */
export const serviceTierMode: PricingMode = {
  id: 'service-tier',
  scenarioModes: ['flex', 'priority'],
  needs: ['tokens'],
  appliesTo: 'token-models',
  scenarios(ctx: ModeContext): Scenario[] {
    const p = ctx.prices.perThousandTokens;
    const u = ctx.usage;
    const out: Scenario[] = [];
    for (const tier of ['flex', 'priority'] as const) {
      const inputKey = tier === 'flex' ? 'flexInput' : 'priorityInput';
      const outputKey = tier === 'flex' ? 'flexOutput' : 'priorityOutput';
      if (!p[inputKey] && !p[outputKey]) continue;
      const bill = ctx.book.bill([
        tokens(inputKey, u.inputTokens, { per1kTokens: inputKey }),
        tokens(outputKey, u.outputTokens, { per1kTokens: outputKey }),
        ...ctx.billed.cacheRead, ...ctx.billed.cacheWrite,
      ]);
      out.push(scenarioFromBill({ mode: tier, label: tier === 'flex' ? 'Flex service tier' : 'Priority service tier' }, bill, [...ctx.common,
        tier === 'flex' ? 'Flex trades latency for price: requests may be queued or slower' : 'Priority buys lower latency at a premium; shown for comparison',
        ...(u.cacheReadInputTokens + u.cacheWriteInputTokens > 0 ? ['cache reads and writes priced at standard rates (tier rates for cached tokens are not published)'] : [])], ctx.monthly));
    }
    return out;
  },
  // Priority costs more by design: only Flex is ever advised.
  adviser: {
    action: 'switch-pricing-mode',
    eligible: (s) => s.mode === 'flex',
    confidence: () => ({ confidence: 'medium', reasons: [{ code: 'flex-latency', confidence: 'medium' }] }),
    title: (_s, where) => `Send ${where} requests with service_tier "flex"`,
    risk: () => ['Flex requests can be delayed when capacity is short'],
    nextSteps: () => [instruction('Set service_tier to "flex" on requests that tolerate queueing')],
  },
};
