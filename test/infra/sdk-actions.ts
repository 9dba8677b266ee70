import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/**
 * The IAM actions a Lambda's code can cause, found by reading its source: starting at the handler, every
 * file reachable through relative imports (static and dynamic) is scanned for the AWS SDK commands it
 * sends (`new XxxCommand(`) and paginators it runs (`paginateXxx(`), each mapped to `<service>:<Xxx>`
 * through the `@aws-sdk/client-<service>` module it was imported from. A library that sends commands on
 * the code's behalf (Powertools Idempotency's DynamoDB store) is scanned the same way, one level deep.
 */

const repo = resolve(import.meta.dirname, '..', '..');
const requireFromRepo = createRequire(join(repo, 'package.json'));

/** `@aws-sdk/client-cloudwatch` -> `cloudwatch`: the client package name, or its IAM prefix where they differ (`sfn` -> `states`). */
function servicePrefix(specifier: string): string | undefined {
  const client = /^@aws-sdk\/client-([a-z0-9-]+)$/.exec(specifier)?.[1];
  return client === undefined ? undefined : (IAM_PREFIX_OF_CLIENT[client] ?? client);
}

/** Clients whose package name is not their IAM service prefix. */
const IAM_PREFIX_OF_CLIENT: Record<string, string> = { sfn: 'states', 'cost-explorer': 'ce' };

interface ImportedNames {
  /** local name -> module specifier */
  names: Map<string, string>;
  specifiers: string[];
}

function readImports(text: string): ImportedNames {
  const names = new Map<string, string>();
  const specifiers: string[] = [];
  for (const m of text.matchAll(/import\s+(type\s+)?([\s\S]*?)\s+from\s+['"]([^'"]+)['"]/g)) {
    const [, typeOnly, clause, specifier] = m as unknown as [string, string | undefined, string, string];
    // `import type` is erased by the compiler: nothing of that module runs, nothing of it is sent.
    if (typeOnly) continue;
    specifiers.push(specifier);
    const braces = /\{([\s\S]*)\}/.exec(clause);
    for (const part of braces ? braces[1]!.split(',') : []) {
      const name = part.trim().replace(/^type\s+/, '');
      if (!name) continue;
      const [imported, local] = name.split(/\s+as\s+/);
      names.set((local ?? imported)!.trim(), specifier);
    }
  }
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(m[1]!);
  return { names, specifiers };
}

/** The actions one file's text sends, through commands or paginators imported from SDK clients. */
function actionsIn(text: string): string[] {
  const { names } = readImports(text);
  const actions: string[] = [];
  for (const m of text.matchAll(/new\s+([A-Z]\w*)Command\s*\(/g)) {
    const prefix = servicePrefix(names.get(`${m[1]}Command`) ?? '');
    if (prefix) actions.push(`${prefix}:${m[1]}`);
  }
  for (const m of text.matchAll(/\bpaginate([A-Z]\w*)\s*\(/g)) {
    const prefix = servicePrefix(names.get(`paginate${m[1]}`) ?? '');
    if (prefix) actions.push(`${prefix}:${m[1]}`);
  }
  // Compiled CommonJS (a library's dist): `const client_dynamodb_1 = require("@aws-sdk/client-dynamodb")` ... `new client_dynamodb_1.GetItemCommand(`.
  const required = new Map([...text.matchAll(/(?:const|var|let)\s+(\w+)\s*=\s*require\(['"]([^'"]+)['"]\)/g)].map((m) => [m[1]!, m[2]!]));
  for (const m of text.matchAll(/new\s+(\w+)\.([A-Z]\w*)Command\s*\(/g)) {
    const prefix = servicePrefix(required.get(m[1]!) ?? '');
    if (prefix) actions.push(`${prefix}:${m[2]}`);
  }
  return actions;
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate;
  }
  return undefined;
}

/** Libraries that send AWS calls themselves; their entry file is scanned for the commands it imports. */
const SENDING_LIBRARIES = /^@aws-lambda-powertools\/idempotency\/dynamodb$/;

export interface CodeActions {
  actions: string[];
  /** Every source file reached, relative to the repository, to show what was scanned. */
  files: string[];
}

export function actionsReachableFrom(entry: string): CodeActions {
  const seen = new Set<string>();
  const actions = new Set<string>();
  const queue = [resolve(repo, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const action of actionsIn(text)) actions.add(action);
    for (const specifier of readImports(text).specifiers) {
      if (specifier.startsWith('.')) {
        const next = resolveRelative(file, specifier);
        if (next) queue.push(next);
      } else if (SENDING_LIBRARIES.test(specifier)) {
        const libraryFile = requireFromRepo.resolve(specifier);
        for (const action of actionsIn(readFileSync(libraryFile, 'utf8'))) actions.add(action);
      }
    }
  }
  return { actions: [...actions].sort(), files: [...seen].map((f) => f.slice(repo.length + 1)).sort() };
}
