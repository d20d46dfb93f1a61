// The benchmark compares checkouts side by side; a bundle that mixes two of them measures neither.
import { describe, expect, it } from 'vitest';
import { duplicatePackages } from '../bench/lib/stack.js';
import { devServerArgs } from '../scripts/dev-server.js';
import { SEARCH_ATTRIBUTES } from '../workflows/definitions.js';

/** A webpack bundle's module headers, as `bundleWorkflowCode` writes them. */
const bundle = (ids: string[]) => ids.map((id) => `/***/ "${id}"\n/*!*** ${id} ***!*/\n/***/ ((module) => {}),\n`).join('\n');

describe('a workflow bundle made for the bench', () => {
  it('names each package a bundle holds twice, with the node_modules each copy came from', () => {
    const mixed = bundle([
      '../main/workflows/index.ts',
      '../main/node_modules/@temporalio/workflow/lib/internals.js',
      '../main/node_modules/zod/v4/classic/schemas.js',
      './workflows/interceptors.ts',
      './node_modules/@temporalio/workflow/lib/index.js',
      './node_modules/zod/v4/core/core.js',
      './node_modules/ms/index.js',
    ]);
    expect(duplicatePackages(mixed)).toEqual(['@temporalio/workflow (../main/, ./)', 'zod (../main/, ./)']);
  });

  it('finds none in a bundle whose code all comes from one checkout', () => {
    const one = bundle(['./workflows/index.ts', './node_modules/@temporalio/workflow/lib/internals.js', './node_modules/@temporalio/workflow/lib/index.js', './node_modules/zod/v4/core/core.js']);
    expect(duplicatePackages(one)).toEqual([]);
  });
});

describe("the bench's dev server beside an older checkout", () => {
  const attributes = (args: string[]) => args.flatMap((a, i) => (args[i - 1] === '--search-attribute' ? [a] : []));

  it("registers the older checkout's search attributes too, and ours win where both name one", () => {
    const args = devServerArgs({ port: 7233, namespace: 'default', searchAttributes: { CaseTier: 'Keyword', DeadlineAt: 'Datetime', Overdue: 'Keyword' } });
    const registered = attributes(args);
    expect(registered).toContain('CaseTier=Keyword');
    expect(registered).toContain('DeadlineAt=Datetime');
    expect(registered).toContain(`Overdue=${SEARCH_ATTRIBUTES.Overdue}`);
    expect(registered.filter((a) => a.startsWith('Overdue='))).toHaveLength(1);
  });

  it('registers ours alone without another checkout', () => {
    expect(attributes(devServerArgs({ port: 7233, namespace: 'default' }))).toEqual(Object.entries(SEARCH_ATTRIBUTES).map(([k, v]) => `${k}=${v}`));
  });
});
