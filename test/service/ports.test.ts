import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The service layer runs on its ports alone: no AWS SDK (or smithy) type and no adapter import, so a
 * new usage source is an implementation of `UsageSource`, and the service and engine stay as they are.
 */

const serviceDir = resolve(import.meta.dirname, '..', '..', 'src', 'service');

describe('src/service', () => {
  it('imports no AWS SDK package and no adapter from src/aws', () => {
    const files = readdirSync(serviceDir).filter((f) => f.endsWith('.ts'));
    expect(files).toEqual(expect.arrayContaining(['analyze-account.ts', 'analyze-accounts.ts', 'ports.ts', 'price-source.ts']));
    for (const file of files) {
      const imports = [...readFileSync(join(serviceDir, file), 'utf8').matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]!);
      expect(imports.filter((i) => i.startsWith('@aws-sdk/') || i.startsWith('@smithy/') || i.includes('/aws/')), file).toEqual([]);
    }
  });
});
