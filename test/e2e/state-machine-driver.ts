import { GetQueryExecutionCommand, StartQueryExecutionCommand, type AthenaClient } from '@aws-sdk/client-athena';
import type { Context } from 'aws-lambda';
import { lambdaContext } from './harness.js';

/**
 * Runs the fan-out's Amazon States Language definition in-process, as Step Functions would, for the
 * parts the definition uses: a Map state whose ItemReader reads a JSON array from S3 (here the loopback
 * stub's object store), its ItemSelector, each child's `arn:aws:states:::lambda:invoke` Task with
 * `Payload.$` and `OutputPath: $.Payload`, Retry on `States.TaskFailed`/`States.ALL`/the error's
 * name (without the waits), MaxConcurrency, ToleratedFailurePercentage, ResultWriter and ResultPath;
 * then the next Task. Choice states with `IsPresent` rules; Pass states (Parameters or Result, at ResultPath); `arn:aws:states:::athena:startQueryExecution.sync`
 * Tasks sent to Athena (the loopback stub) and awaited as Step Functions does (GetQueryExecution until
 * the query ends; a FAILED or CANCELLED query is `States.TaskFailed` with the execution as its cause),
 * with ResultSelector and Catch. The functions are the real handlers, mapped from the definition's `${...}` ARN
 * placeholders. A step the definition uses that this driver does not know fails the run, so a changed
 * definition cannot pass unexercised.
 */

type Json = Record<string, unknown>;
type Handler = (event: unknown, context: Context) => Promise<unknown>;

interface State {
  Type: string;
  Next?: string;
  End?: boolean;
  Resource?: string;
  Parameters?: Json;
  OutputPath?: string;
  ResultPath?: string | null;
  Retry?: Array<{ ErrorEquals: string[]; MaxAttempts?: number }>;
  ItemReader?: { Resource: string; ReaderConfig?: { InputType?: string }; Parameters: Json };
  ItemSelector?: Json;
  ItemProcessor?: { ProcessorConfig?: Json; StartAt: string; States: Record<string, State> };
  MaxConcurrency?: number;
  ToleratedFailurePercentage?: number;
  ResultWriter?: { Resource: string; Parameters: Json };
  ResultSelector?: Json;
  Catch?: Array<{ ErrorEquals: string[]; ResultPath?: string; Next: string }>;
  Choices?: Array<{ Variable: string; IsPresent?: boolean; Next: string }>;
  Default?: string;
  /** A Pass state's fixed result. */
  Result?: unknown;
}

export interface Definition {
  StartAt: string;
  States: Record<string, State>;
}

export interface DriverOptions {
  /** `${Placeholder}` (as in the definition's FunctionName) -> the handler that answers it. */
  functions: Record<string, Handler>;
  /** The S3 store the ItemReader and ResultWriter use, by `<bucket>/<key>`. */
  objects: Map<string, string>;
  /** Athena for the `startQueryExecution.sync` Tasks (a client of the loopback stub). */
  athena?: AthenaClient;
}

/** A Task's failure as Step Functions names it (Catch matches `error`). */
class StatesError extends Error {
  constructor(readonly error: string, readonly causeText: string) {
    super(`${error}: ${causeText}`);
  }
}

export interface MapRun {
  items: number;
  succeeded: number;
  failed: Array<{ item: unknown; error: string }>;
}

/** `$`, `$.a.b` against the state input, `$$.Map.Item.Value` / `$$.Map.Item.Index` against the context. */
function readPath(path: string, input: unknown, context: Json): unknown {
  const [root, rest] = path.startsWith('$$') ? [context, path.slice(2)] : [input, path.slice(1)];
  if (rest === '') return root;
  if (!rest.startsWith('.')) throw new Error(`driver: unsupported path ${path}`);
  let at: unknown = root;
  for (const part of rest.slice(1).split('.')) {
    if (at === null || typeof at !== 'object' || !(part in (at as Json))) throw new Error(`States.Runtime: path ${path} not found in its input`);
    at = (at as Json)[part];
  }
  return at;
}

/** A Parameters/ItemSelector template: `key.$` fields are paths, the others literals. */
function fill(template: Json, input: unknown, context: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) out[key.slice(0, -2)] = readPath(value as string, input, context);
    else out[key] = value !== null && typeof value === 'object' && !Array.isArray(value) ? fill(value as Json, input, context) : value;
  }
  return out;
}

/** `startQueryExecution.sync`: starts the query, polls it to its end, answers GetQueryExecution's output. */
async function runAthenaTask(state: State, input: unknown, options: DriverOptions): Promise<unknown> {
  if (!options.athena) throw new Error('driver: an Athena Task needs options.athena');
  const p = fill(state.Parameters ?? {}, input, {}) as { QueryString: string; QueryExecutionContext?: { Database?: string }; WorkGroup?: string; ResultConfiguration?: { OutputLocation?: string } };
  const started = await options.athena.send(new StartQueryExecutionCommand({
    QueryString: p.QueryString,
    ...(p.QueryExecutionContext ? { QueryExecutionContext: { Database: p.QueryExecutionContext.Database } } : {}),
    ...(p.WorkGroup ? { WorkGroup: p.WorkGroup } : {}),
    ...(p.ResultConfiguration ? { ResultConfiguration: { OutputLocation: p.ResultConfiguration.OutputLocation } } : {}),
  }));
  for (;;) {
    const execution = await options.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: started.QueryExecutionId }));
    const state = execution.QueryExecution?.Status?.State;
    if (state === 'SUCCEEDED') return JSON.parse(JSON.stringify({ QueryExecution: execution.QueryExecution })) as unknown;
    if (state === 'FAILED' || state === 'CANCELLED') throw new StatesError('States.TaskFailed', JSON.stringify({ QueryExecution: execution.QueryExecution }));
  }
}

async function runTask(state: State, input: unknown, options: DriverOptions): Promise<{ output: unknown; next: string | undefined }> {
  const next = state.End ? undefined : state.Next;
  if (state.Resource !== 'arn:aws:states:::athena:startQueryExecution.sync') return { output: await invoke(state, input, {}, options), next };
  try {
    const raw = await runAthenaTask(state, input, options);
    const result = state.ResultSelector ? fill(state.ResultSelector, raw, {}) : raw;
    return { output: withResult(input, state.ResultPath, result), next };
  } catch (error) {
    const caught = error instanceof StatesError ? state.Catch?.find((c) => c.ErrorEquals.includes(error.error) || c.ErrorEquals.includes('States.ALL')) : undefined;
    if (!caught || !(error instanceof StatesError)) throw error;
    return { output: withResult(input, caught.ResultPath, { Error: error.error, Cause: error.causeText }), next: caught.Next };
  }
}

function choose(state: State, input: unknown): string {
  for (const rule of state.Choices ?? []) {
    if (rule.IsPresent === undefined) throw new Error(`driver: unsupported Choice rule ${JSON.stringify(rule)}`);
    let present = true;
    try {
      readPath(rule.Variable, input, {});
    } catch {
      present = false;
    }
    if (present === rule.IsPresent) return rule.Next;
  }
  if (!state.Default) throw new Error('States.NoChoiceMatched');
  return state.Default;
}

function withResult(input: unknown, resultPath: string | null | undefined, result: unknown): unknown {
  if (resultPath === null) return input;
  if (resultPath === undefined || resultPath === '$') return result;
  const match = /^\$\.(\w+)$/.exec(resultPath);
  if (!match) throw new Error(`driver: unsupported ResultPath ${resultPath}`);
  return { ...(input as Json), [match[1]!]: result };
}

async function invoke(state: State, input: unknown, context: Json, options: DriverOptions): Promise<unknown> {
  if (state.Resource !== 'arn:aws:states:::lambda:invoke') throw new Error(`driver: unsupported Task resource ${state.Resource}`);
  const parameters = fill(state.Parameters ?? {}, input, context);
  const name = String(parameters.FunctionName);
  const handler = options.functions[name];
  if (!handler) throw new Error(`driver: no handler for FunctionName ${name}`);
  const attempts = 1 + Math.max(0, ...(state.Retry ?? []).filter((r) => r.ErrorEquals.some((e) => ['States.TaskFailed', 'States.ALL'].includes(e))).map((r) => r.MaxAttempts ?? 3));
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const payload = await handler(parameters.Payload, lambdaContext(name.replace(/[${}]/g, '')));
      const result = { Payload: payload, StatusCode: 200 };
      if (state.OutputPath !== '$.Payload') throw new Error(`driver: unsupported OutputPath ${state.OutputPath}`);
      return withResult(input, state.ResultPath, readPath(state.OutputPath, result, context));
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function runMap(state: State, input: unknown, options: DriverOptions, mapRuns: MapRun[]): Promise<unknown> {
  const reader = state.ItemReader;
  if (reader?.Resource !== 'arn:aws:states:::s3:getObject' || reader.ReaderConfig?.InputType !== 'JSON') throw new Error('driver: the Map must read a JSON array from S3');
  const where = fill(reader.Parameters, input, {});
  const text = options.objects.get(`${String(where.Bucket)}/${String(where.Key)}`);
  if (text === undefined) throw new Error(`States.ItemReaderFailed: no object s3://${String(where.Bucket)}/${String(where.Key)}`);
  const items = JSON.parse(text) as unknown[];
  const processor = state.ItemProcessor!;
  const run: MapRun = { items: items.length, succeeded: 0, failed: [] };
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const context = { Map: { Item: { Value: items[index], Index: index } } };
      let childInput: unknown = state.ItemSelector ? fill(state.ItemSelector, input, context) : items[index];
      try {
        for (let name: string | undefined = processor.StartAt; name; ) {
          const child: State = processor.States[name]!;
          if (child.Type !== 'Task') throw new Error(`driver: unsupported child state type ${child.Type}`);
          childInput = await invoke(child, childInput, context, options);
          name = child.End ? undefined : child.Next;
        }
        run.succeeded++;
      } catch (error) {
        run.failed.push({ item: items[index], error: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(state.MaxConcurrency ?? 1, Math.max(1, items.length)) }, worker));
  mapRuns.push(run);
  if ((run.failed.length / Math.max(1, items.length)) * 100 > (state.ToleratedFailurePercentage ?? 0)) throw new Error(`States.ExceedToleratedFailureThreshold: ${run.failed.length} of ${items.length} items failed`);
  let result: unknown = run;
  if (state.ResultWriter) {
    const target = fill(state.ResultWriter.Parameters, input, {});
    const key = `${String(target.Prefix)}manifest.json`;
    options.objects.set(`${String(target.Bucket)}/${key}`, JSON.stringify(run));
    result = { MapRunArn: 'arn:aws:states:us-east-1:123456789012:mapRun:driver', ResultWriterDetails: { Bucket: target.Bucket, Key: key } };
  }
  return withResult(input, state.ResultPath, result);
}

/** Runs the definition on `input`; returns the final output and each Map Run's outcome. */
export async function runStateMachine(definition: Definition, input: unknown, options: DriverOptions): Promise<{ output: unknown; mapRuns: MapRun[] }> {
  const mapRuns: MapRun[] = [];
  let data = input;
  for (let name: string | undefined = definition.StartAt; name; ) {
    const state: State | undefined = definition.States[name];
    if (!state) throw new Error(`driver: no state ${name}`);
    if (state.Type === 'Choice') {
      name = choose(state, data);
      continue;
    }
    if (state.Type === 'Task') {
      const ran = await runTask(state, data, options);
      data = ran.output;
      name = ran.next;
      continue;
    }
    if (state.Type === 'Pass') {
      // Parameters (paths filled from its input), else its Result, else its input, put at ResultPath.
      const result = state.Parameters ? fill(state.Parameters, data, {}) : 'Result' in state ? state.Result : data;
      data = withResult(data, state.ResultPath, result);
    } else if (state.Type === 'Map') data = await runMap(state, data, options, mapRuns);
    else throw new Error(`driver: unsupported state type ${state.Type}`);
    name = state.End ? undefined : state.Next;
  }
  return { output: data, mapRuns };
}
