-- Bedrock model invocation logs summed per hour x account x Region x model x caller x requestMetadata
-- x class: the one query both readers run, DuckDB over local .json.gz files (src/logs/read-invocation-logs.ts)
-- and Athena over the log bucket. Record fields as AWS documents them
-- (https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html): schemaType
-- "ModelInvocationLog", schemaVersion "1.0", timestamp, accountId, region, requestId, operation,
-- modelId, identity.arn, requestMetadata, inferenceRegion, errorCode, input.{inputTokenCount,
-- cacheReadInputTokenCount, cacheWriteInputTokenCount}, output.outputTokenCount.
--
-- The SQL is Athena's (Trino) dialect; DuckDB runs it with the macros regexp_like, bitwise_or_agg and
-- bit_count(x, bits) defined by the reader (DUCKDB_TRINO_MACROS). {{name}} placeholders are filled by
-- src/logs/logs-sql.ts, never from user text except {{source}}, a quoted file list or table name:
--   {{source}}             "database"."table" in Athena; in DuckDB, read_json([...]) with the record's
--                          fields as typed columns (below)
--   {{file}}               the column naming a record's file
--   {{fields}}             every value read out of a record, each `AS` its name here
--   {{long_context_band}}  CASE over the catalog's long-context thresholds: the largest one the
--                          request's input (uncached + cache read + cache write) is above, else 0
--   {{record_objects}}     in Athena, a WHERE keeping the objects of the bucket's layout that hold
--                          records (src/logs/log-object.ts): the table's location also holds the
--                          permission-check object and the bodies delivered apart; in DuckDB nothing,
--                          as the reader lists only those objects
--
-- One difference between the engines: where a scalar is expected and the record holds an object or
-- an array, DuckDB's json_extract_string gives its JSON text (refused by the checks below) and
-- Athena's json_extract_scalar gives NULL (read as missing). Bedrock never writes one there.
--
-- Output rows are of two kinds, from one read of the records:
--   'hour'       one aggregate (every token count an exact integer sum); `duplicates` counts records
--                whose requestId was already read, counted once (delivery is at least once)
--   'invalid'    records that fail a check, by file and the first field that failed (the reader then
--                names the line)
--
-- The 5-minute / 1-hour cache-write split is in the response body only, in one of three shapes:
--   InvokeModel (Anthropic)    usage.cache_creation.ephemeral_5m_input_tokens / ephemeral_1h_input_tokens
--   a streamed list            its first element, message_start, has message.usage.cache_creation
--   Converse                   usage.cacheDetails[{ttl: "5m"|"1h", inputTokens}] (up to 4 entries)
-- (https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html). Without a body the
-- split is unknown and the tokens are summed as cache_write_unsplit.
-- Each record is parsed once: {{fields}} reads every value below out of it (src/logs/logs-sql.ts lists
-- their JSON paths). On Athena, one json_extract_scalar per path (json_format(json_extract(...)) for the
-- requestMetadata map); on DuckDB, read_json parses each record straight into columns of those paths,
-- every value as text, skipping the rest (the request and response text), and one json_extract_string
-- reads the response body's few paths (it is an object or a streamed list). Copying each whole
-- line out and parsing it again for a list of paths took twice as long (1M records).
WITH fields AS (
  SELECT
    {{file}} AS file,
    {{fields}}
  FROM {{source}}
  {{record_objects}}
),
raw AS (
  SELECT
    file, schema_type, schema_version, ts, account_id, region, request_id, operation, model_id, caller, tags, inference_region, error_code,
    input_text, cache_read_text, cache_write_text, output_text,
    lower(coalesce(request_tier, response_tier, 'standard')) AS tier_text,
    coalesce(body_5m_text, CASE WHEN first_chunk_type = 'message_start' THEN streamed_5m_text END) AS anthropic_5m_text,
    coalesce(body_1h_text, CASE WHEN first_chunk_type = 'message_start' THEN streamed_1h_text END) AS anthropic_1h_text,
    cd0_ttl, cd0_text, cd1_ttl, cd1_text, cd2_ttl, cd2_text, cd3_ttl, cd3_text
  FROM fields
),
-- The checks are regexp_like where a pattern is needed: in DuckDB it was the cheapest test measured
-- (all the checks took 0.05 s of CPU at 100,000 records, idle, one regexp about 0.07 s per 1M values;
-- a length test with ltrim or translate of the digits took 3-4 times as long, and one regexp over
-- the fields concatenated cost as much as the separate ones).
checked AS (
  SELECT
    raw.*,
    CASE
      WHEN schema_type IS NULL OR schema_type <> 'ModelInvocationLog' THEN 'schemaType'
      WHEN schema_version IS NULL OR schema_version <> '1.0' THEN 'schemaVersion'
      WHEN ts IS NULL OR NOT regexp_like(ts, '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$') THEN 'timestamp'
      WHEN account_id IS NULL OR NOT regexp_like(account_id, '^[0-9]{12}$') THEN 'accountId'
      WHEN region IS NULL OR NOT regexp_like(region, {{region_pattern}}) THEN 'region'
      WHEN request_id IS NULL OR request_id = '' THEN 'requestId'
      WHEN operation IS NULL OR operation = '' THEN 'operation'
      WHEN model_id IS NULL OR model_id = '' THEN 'modelId'
      WHEN caller IS NULL OR caller = '' THEN 'identity.arn'
      WHEN tags IS NOT NULL AND tags <> 'null' AND NOT regexp_like(tags, '^\{') THEN 'requestMetadata'
      WHEN input_text IS NULL AND error_code IS NULL THEN 'input.inputTokenCount'
      WHEN input_text IS NOT NULL AND NOT regexp_like(input_text, '^[0-9]{1,12}$') THEN 'input.inputTokenCount'
      WHEN cache_read_text IS NOT NULL AND NOT regexp_like(cache_read_text, '^[0-9]{1,12}$') THEN 'input.cacheReadInputTokenCount'
      WHEN cache_write_text IS NOT NULL AND NOT regexp_like(cache_write_text, '^[0-9]{1,12}$') THEN 'input.cacheWriteInputTokenCount'
      WHEN output_text IS NULL AND error_code IS NULL THEN 'output.outputTokenCount'
      WHEN output_text IS NOT NULL AND NOT regexp_like(output_text, '^[0-9]{1,12}$') THEN 'output.outputTokenCount'
      WHEN anthropic_5m_text IS NOT NULL AND NOT regexp_like(anthropic_5m_text, '^[0-9]{1,12}$') THEN 'output.outputBodyJson usage.cache_creation.ephemeral_5m_input_tokens'
      WHEN anthropic_1h_text IS NOT NULL AND NOT regexp_like(anthropic_1h_text, '^[0-9]{1,12}$') THEN 'output.outputBodyJson usage.cache_creation.ephemeral_1h_input_tokens'
      WHEN (cd0_ttl IS NOT NULL AND (cd0_ttl NOT IN ('5m', '1h') OR cd0_text IS NULL OR NOT regexp_like(cd0_text, '^[0-9]{1,12}$')))
        OR (cd1_ttl IS NOT NULL AND (cd1_ttl NOT IN ('5m', '1h') OR cd1_text IS NULL OR NOT regexp_like(cd1_text, '^[0-9]{1,12}$')))
        OR (cd2_ttl IS NOT NULL AND (cd2_ttl NOT IN ('5m', '1h') OR cd2_text IS NULL OR NOT regexp_like(cd2_text, '^[0-9]{1,12}$')))
        OR (cd3_ttl IS NOT NULL AND (cd3_ttl NOT IN ('5m', '1h') OR cd3_text IS NULL OR NOT regexp_like(cd3_text, '^[0-9]{1,12}$')))
        THEN 'output.outputBodyJson usage.cacheDetails'
      ELSE NULL
    END AS bad_field
  FROM raw
),
-- A bad record goes on with its checks' verdict, keyed by its file and field instead of its requestId:
-- the records are read once, for the aggregates and the refusals alike.
typed AS (
  SELECT
    CASE WHEN bad_field IS NULL THEN request_id ELSE concat('invalid|', file, '|', bad_field) END AS request_id,
    CASE WHEN bad_field IS NULL THEN NULL ELSE file END AS bad_file,
    bad_field,
    -- The hour as the number YYYYMMDDHH and the minute as a bit: the numbering of copies below moves
    -- every column of every record, and numbers cost it far less than text (the hour's text is made
    -- once per output row, at the end).
    CASE WHEN bad_field IS NULL THEN CAST(concat(substr(ts, 1, 4), substr(ts, 6, 2), substr(ts, 9, 2), substr(ts, 12, 2)) AS BIGINT) END AS hour_number,
    -- The request's minute of its hour as one bit of a 60-bit mask: OR-ed per hour, its bits count the active minutes.
    CASE WHEN bad_field IS NULL THEN CAST(power(2, CAST(substr(ts, 15, 2) AS INTEGER)) AS BIGINT) ELSE 0 END AS minute_bit,
    account_id, region, model_id, caller,
    CASE WHEN tags IS NULL OR tags = 'null' THEN '{}' ELSE tags END AS tags,
    coalesce(inference_region, region) AS inference_region,
    CASE WHEN tier_text IN ('default', 'standard') THEN 'standard' ELSE tier_text END AS tier,
    CASE WHEN operation IN ('InvokeModelWithResponseStream', 'ConverseStream') THEN 1 ELSE 0 END AS streaming,
    CASE WHEN error_code IS NULL THEN 0 ELSE 1 END AS errored,
    coalesce(TRY_CAST(input_text AS BIGINT), 0) AS input_tokens,
    coalesce(TRY_CAST(cache_read_text AS BIGINT), 0) AS cache_read_tokens,
    coalesce(TRY_CAST(cache_write_text AS BIGINT), 0) AS cache_write_tokens,
    coalesce(TRY_CAST(output_text AS BIGINT), 0) AS output_tokens,
    CASE
      WHEN anthropic_5m_text IS NOT NULL OR anthropic_1h_text IS NOT NULL THEN coalesce(TRY_CAST(anthropic_5m_text AS BIGINT), 0)
      WHEN cd0_ttl IS NOT NULL THEN
        CASE WHEN cd0_ttl = '5m' THEN TRY_CAST(cd0_text AS BIGINT) ELSE 0 END
        + CASE WHEN cd1_ttl = '5m' THEN TRY_CAST(cd1_text AS BIGINT) ELSE 0 END
        + CASE WHEN cd2_ttl = '5m' THEN TRY_CAST(cd2_text AS BIGINT) ELSE 0 END
        + CASE WHEN cd3_ttl = '5m' THEN TRY_CAST(cd3_text AS BIGINT) ELSE 0 END
    END AS split_5m,
    CASE
      WHEN anthropic_5m_text IS NOT NULL OR anthropic_1h_text IS NOT NULL THEN coalesce(TRY_CAST(anthropic_1h_text AS BIGINT), 0)
      WHEN cd0_ttl IS NOT NULL THEN
        CASE WHEN cd0_ttl = '1h' THEN TRY_CAST(cd0_text AS BIGINT) ELSE 0 END
        + CASE WHEN cd1_ttl = '1h' THEN TRY_CAST(cd1_text AS BIGINT) ELSE 0 END
        + CASE WHEN cd2_ttl = '1h' THEN TRY_CAST(cd2_text AS BIGINT) ELSE 0 END
        + CASE WHEN cd3_ttl = '1h' THEN TRY_CAST(cd3_text AS BIGINT) ELSE 0 END
    END AS split_1h
  FROM checked
),
-- One row per requestId: a record delivered twice is the same request. Its fields are taken whole
-- from one copy (the smallest by hour and minute, then model, then the counts, so the choice does not
-- depend on read order). A window numbering the copies, not a GROUP BY of per-field min_by states: the window
-- sorts and can spill to disk, where a million string aggregate states could not (the 1M-record bench).
-- The count of copies is over the same window (its whole partition as the frame): a count over
-- PARTITION BY request_id alone is another window, and DuckDB sorted every record twice (its window
-- operator took 0.99 s in DuckDB's profile at 100,000 records, 0.37 s with the one window).
-- Measured again on DuckDB 1.5 (2026-12-06, 100,000 bench records, one thread, over the records
-- already typed: the window and the GROUP BY after it took 0.15-0.16 s of CPU on an idle machine,
-- 0.06 s without the window) and kept, as nothing cheaper gives these rows from one read of them:
--   a GROUP BY request_id keeping min_by(ROW(every field), ROW(the ordering)) took 0.22-0.24 s idle
--   (min(ROW(the ordering, every field)) was no cheaper than the window on a busy machine);
--   a first GROUP BY request_id HAVING count(*) > 1 is cheap (under 0.02 s), but numbering only those
--   copies reads the records twice: Athena would scan the bucket twice, and DuckDB materialized them
--   (0.50 s in its profile on a busy machine, where the window took 0.38-0.44 s);
--   the ordering key's width is not the cost: ordering by hour_number alone (a bound, not a rule that
--   keeps the same copy) instead of the ten columns, or row_number alone without the count, changed
--   nothing beyond the noise (the sort carries every column).
numbered AS (
  SELECT
    typed.*,
    row_number() OVER (PARTITION BY request_id ORDER BY hour_number, minute_bit, model_id, caller, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, tier, tags) AS copy,
    count(*) OVER (PARTITION BY request_id ORDER BY hour_number, minute_bit, model_id, caller, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, tier, tags
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) - 1 AS extra_copies
  FROM typed
),
deduped AS (
  SELECT * FROM numbered WHERE copy = 1
),
classed AS (
  SELECT
    deduped.*,
    input_tokens + cache_read_tokens + cache_write_tokens AS all_input,
    {{long_context_band}} AS long_context_band,
    -- The body's split is used only when it accounts for every cache-write token the record counts.
    CASE WHEN split_5m IS NOT NULL AND split_5m + split_1h = cache_write_tokens THEN split_5m ELSE 0 END AS cache_write_5m,
    CASE WHEN split_5m IS NOT NULL AND split_5m + split_1h = cache_write_tokens THEN split_1h ELSE 0 END AS cache_write_1h,
    CASE WHEN split_5m IS NOT NULL AND split_5m + split_1h = cache_write_tokens THEN 0 ELSE cache_write_tokens END AS cache_write_unsplit
  FROM deduped
)
-- One GROUP BY, to the hour: active minutes are the bits set in the OR of the requests' minute bits,
-- a fixed-size state (a count of DISTINCT minutes keeps a set per group, and a first GROUP BY per minute
-- kept a row per minute and class, millions at 10M records).
SELECT
  CASE WHEN bad_field IS NULL THEN 'hour' ELSE 'invalid' END AS kind,
  CASE WHEN hour_number IS NOT NULL THEN concat(substr(CAST(hour_number AS VARCHAR), 1, 4), '-', substr(CAST(hour_number AS VARCHAR), 5, 2), '-', substr(CAST(hour_number AS VARCHAR), 7, 2), 'T', substr(CAST(hour_number AS VARCHAR), 9, 2)) END AS hour,
  account_id, region, model_id, caller, tags, long_context_band, tier, inference_region, streaming, errored,
  CAST(CASE WHEN bad_field IS NULL THEN count(*) ELSE count(*) + sum(extra_copies) END AS VARCHAR) AS requests,
  CAST(bit_count(bitwise_or_agg(minute_bit), 64) AS VARCHAR) AS active_minutes,
  CAST(sum(input_tokens) AS VARCHAR) AS input_tokens,
  CAST(sum(cache_read_tokens) AS VARCHAR) AS cache_read_tokens,
  CAST(sum(cache_write_5m) AS VARCHAR) AS cache_write_5m_tokens,
  CAST(sum(cache_write_1h) AS VARCHAR) AS cache_write_1h_tokens,
  CAST(sum(cache_write_unsplit) AS VARCHAR) AS cache_write_unsplit_tokens,
  CAST(sum(output_tokens) AS VARCHAR) AS output_tokens,
  CAST(sum(CAST(all_input AS DOUBLE) * CAST(all_input AS DOUBLE)) AS VARCHAR) AS all_input_squared,
  CAST(CASE WHEN bad_field IS NULL THEN sum(extra_copies) ELSE 0 END AS VARCHAR) AS duplicates,
  bad_file AS file,
  bad_field
FROM classed
GROUP BY hour_number, account_id, region, model_id, caller, tags, long_context_band, tier, inference_region, streaming, errored, bad_file, bad_field
