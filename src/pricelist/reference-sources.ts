import type { CatalogSource } from '../catalog/schema.js';

/**
 * Sources for the catalog's non-price facts (prompt caching, batch and PT support, long context,
 * lifecycle) and for the derivation rules. Price sources come with the Price List pages themselves.
 */
export const REFERENCE_SOURCES: Readonly<Record<string, CatalogSource>> = {
  'aws-prompt-caching': {
    title: 'Amazon Bedrock User Guide: Prompt caching for faster model inference',
    url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html',
    readOn: '2026-11-24',
    reliability: 'AWS',
    note: 'Supported models, TTLs (1h for Claude Opus 4.5, Sonnet 4.5, Haiku 4.5) and minimum tokens per checkpoint. Claude 3.5 Haiku minimum (2,048) is from Portkey docs [3P].',
  },
  'aws-batch-supported': {
    title: 'Amazon Bedrock User Guide: Supported Regions and models for batch inference',
    url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference-supported.html',
    readOn: '2026-11-24',
    reliability: 'AWS',
  },
  'aws-pt-supported': {
    title: 'Amazon Bedrock User Guide: Supported Regions and models for Provisioned Throughput',
    url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/prov-thru-supported.html',
    readOn: '2026-11-24',
    reliability: 'AWS',
    note: 'Stored copy: Nova, Titan, Claude 3 Haiku, Claude 3.5 Sonnet v1/v2 (us-west-2), Llama 3.1/3.2 (us-west-2), Cohere Embed; no Claude 3.7/4.x.',
  },
  'aws-pricing-page': {
    title: 'Amazon Bedrock pricing page',
    url: 'https://aws.amazon.com/bedrock/pricing/',
    readOn: '2026-11-24',
    reliability: 'AWS',
    note: 'Provisioned Throughput offered for Titan Text Express and Lite (the worked example and the custom-model tables).',
  },
  'aws-long-context': {
    title: 'Long-context billing: Claude Sonnet 4 / 4.5 above 200K input tokens; OpenAI GPT-5.6 above 272K',
    url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/service-tiers-inference.html',
    readOn: '2026-11-24',
    reliability: '3P',
    note: 'Thresholds from the AWS pricing page https://aws.amazon.com/bedrock/pricing/ (Claude Sonnet 4 / 4.5 above 200K input tokens) and pydantic/genai-prices aws.yml price_comments (GPT-5.6, citing AWS What\'s New 2026-08).',
  },
  'aws-gpt-6-astra-card': {
    title: 'GPT-6 Astra long-context threshold: the AWS model card\'s "Short Context Window (272K)" and "Long Context Window (1.05M)" tables, as quoted in a public note',
    url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-openai-gpt-6-astra.html',
    readOn: '2026-12-06',
    reliability: '3P',
    note: 'A public research note of 2026-09-27 (read through the code index on 2026-12-06) quotes the AWS model card: Geo CRIS $11.00 input, $13.75 30-minute cache write, $1.10 cache read, $55.00 output per 1M in the Short Context Window (272K) table, and $22.00, $27.50, $2.20, $82.50 in the Long Context Window (1.05M) table, Standard tier only. Its four short-context and its long-context input and output figures equal the us-west-2 offer file rows the catalog reads. OpenAI states the same line for its own API (LiteLLM\'s Day 0 post https://docs.litellm.ai/blog/gpt_6_astra: "the long-context pricing tier above 272K input tokens"). So a request above 272,000 input tokens is billed at the long-context rates.',
  },
  'aws-gpt-5-4-card': {
    title: 'GPT-5.4 long-context threshold: the AWS model card\'s "short context (272K input tokens or fewer)" pricing table, as quoted in a public test fixture',
    url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-openai-gpt-54.html',
    readOn: '2026-12-06',
    reliability: '3P',
    note: 'A public test suite of an AWS model-card reader (read through the code index on 2026-12-06; its fixtures are excerpts of the markdown model cards fetched 2026-10-01 and 2026-10-04) quotes the GPT-5.4 card\'s pricing heading "Commercial Regions — short context (272K input tokens or fewer)" over an In-Region row of $2.75 input, no 30-minute cache write, $0.275 cache read and $16.50 output per 1M, the in-Region figures the catalog reads from the agreement-offer rate card, and the card\'s "Context window: 1,050,000 tokens". Copies of the card from June 2026 gave a 272K context window, so no request could pass the threshold before the window grew. The same suite quotes GPT-6 Astra\'s and GPT-6.1 Sol\'s cards with the same heading and "Long-context rates apply to the full request when input exceeds 272,000 tokens". So a GPT-5.4 request above 272,000 input tokens is billed at the long-context rates. No quote of the GPT-5.5 card\'s pricing was found.',
  },
  'aws-model-lifecycle': {
    title: 'Amazon Bedrock model lifecycle (legacy, extended access and end-of-life dates), as quoted in public repositories',
    url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html',
    readOn: '2026-11-24',
    reliability: '3P',
    note: 'AWS model lifecycle page https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html, as quoted in public repositories. Dates given there as approximate are recorded as given. The legacy and public-extended-access dates of Claude 3 Haiku, Sonnet 4 and Opus 4.1 are the page\'s table as of 2026-08-19, quoted in public model-selection notes of that date (three quotes agree); none gives their extended-access rates, so only Claude 3.5 Sonnet carries extendedAccessRates.',
  },
  'aws-claude-3-haiku-card': {
    title: 'Amazon Bedrock User Guide: Claude 3 Haiku model card (end of life by Region), read in its Traditional Chinese translation',
    url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-3-haiku.html',
    readOn: '2026-12-06',
    reliability: 'AWS',
    note: 'Read as AWS\'s machine translation https://docs.aws.amazon.com/zh_tw/bedrock/latest/userguide/model-card-anthropic-claude-3-haiku.md (the English page was not in the copy searched; the translation says the English version prevails). Its notice reads: "在大多數 區域中，Claude 3 Haiku 已於 2026 年 9 月 10 日結束生命週期，其中請求現在在 `ResourceNotFoundException: This model version has reached the end of its life.` `ca-central-1`（加拿大）、`eu-central-2`（蘇黎世） 和 `sa-east-1`（聖保羅） 仍然可用，且位於 `ap-northeast-2`（首爾） 的 Legacy 階段。" In English: in most Regions Claude 3 Haiku reached end of life on 2026-09-10 and requests now fail with that ResourceNotFoundException; it is still available in ca-central-1 (Canada), eu-central-2 (Zurich) and sa-east-1 (Sao Paulo), and in the Legacy phase in ap-northeast-2 (Seoul). Its details list "Model EOL date: 2026-09-10" and "Model lifecycle: EOL: 2026-09-10 (specific Regions)". No date is given for the four Regions, so the catalog carries no end of life there; the legacy and extended-access dates stay the model-wide ones.',
  },
  'aws-model-lifecycle-legacy': {
    title: 'Amazon Bedrock legacy models page (model-wide end-of-life and legacy dates), as quoted in public repositories',
    url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle-legacy.html',
    readOn: '2026-12-06',
    reliability: '3P',
    note: 'Read through the code index on 2026-12-06: public files that link this page and give its dates. (1) A Japanese review record checked on 2026-10-03 (AWS table fetched 2026-10-03 14:26:54 UTC) lists "Nova Reel v1:0/v1:1 ... 2026-09-30", "Nova Canvas v1:0 / 2026-09-30" ("AWS 表に期日が残る": the date is still in AWS\'s table) and "Nova Sonic v1:0 / 2026-09-14", and re-reads Claude 3 Haiku\'s row (3/10 Legacy, 6/10 extended access, 9/10 EOL, as the catalog has it). (2) A promptfoo example: "Nova Reel reached end of life on September 30, 2026". (3) A project note: "Nova Canvas is closed to new customers and reaches end of life on 2026-09-30". (4) A Rust model catalog citing the page: "all Nova Canvas/Reel variants reached EOL on 2026-09-30", and retirement_date "2026-08-19" for cohere.command-r-v1:0 and cohere.command-r-plus-v1:0. (5) A model registry document (undated; its Bedrock section gives the Converse contract "as of 2026-09-12" and says "every current Legacy/EOL table are on model-lifecycle-legacy.html"): "ai21.jamba-1-5-*" legacy, "shutdown 2026-11-26", "ai21.jamba-1-5-large-v1:0 and ai21.jamba-1-5-mini-v1:0. Legacy since 2026-05-26" (its extended-access date is cut off, so none is taken); "amazon.nova-sonic-v1:0" "shutdown 2026-09-14"; "amazon.nova-reel-v1:*" and "amazon.nova-canvas-v1:0" "shutdown 2026-09-30"; "anthropic.claude-3-5-haiku-20241022-v1:0" retired, "AWS EOL date 2026-06-19"; "cohere.command-r-*" retired, "shutdown 2026-08-19". Jamba 1.5 and Claude 3.5 Haiku rest on (5) alone. None of them gives an extended-access date or rate for these models. Twelve Labs Marengo Embed 2.7 ("Legacy since 2026-05-29", "shutdown 2026-11-30" in (5)) has no model-table entry, so no lifecycle is carried for it.',
  },
  'price-list-cache-rows': {
    title: 'Prompt caching offered: the Price List has cache read/write rows for the model',
    url: 'https://aws.amazon.com/bedrock/pricing/',
    readOn: '2026-11-24',
    reliability: 'PL',
    note: 'For models newer than the stored copy of the prompt-caching page (Claude Opus 4.7+, Sonnet 5+, Fable 5), and Claude 3.5 Sonnet v2, whose extended-access row on the pricing page gives a cache write and a cache read (page claude-3-5-sonnet-extended-access). Minimum tokens per checkpoint not known.',
  },
  'batch-half-on-demand': {
    title: 'Derived: batch at half the on-demand rate, for models AWS lists as taking batch',
    url: 'https://aws.amazon.com/bedrock/pricing/',
    readOn: '2026-11-24',
    reliability: 'derived',
    note: 'The pricing page: batch inference at a 50% lower price than on-demand for the models that offer it; which models take batch is the batch-inference page (https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference-supported.html). Every batch price the recorded Price List rows give is half its on-demand rate, exactly or rounded to the cent per 1M (the offer files round some, so the rule can differ from the billed price by up to half a cent per 1M). Applied in us-east-1 only, and only where no batch row was read.',
  },
  'us-west-2-parity': {
    title: 'Derived: us-west-2 assumed equal to us-east-1',
    url: 'https://aws.amazon.com/bedrock/pricing/',
    readOn: '2026-11-24',
    reliability: 'derived',
    note: 'The pricing page lists US East (N. Virginia) and US West (Oregon) together for on-demand rates; applied only to models with no us-west-2 row of their own that AWS lists in us-west-2 (ListFoundationModels / ListInferenceProfiles as recorded in koyakimu/aws-bedrock-quick-reference data/models.json at commit 020f84b, src/catalog/data/list-foundation-models-us-west-2.json), never to commitments.',
  },
};
