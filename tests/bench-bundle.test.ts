// The benchmark compares checkouts side by side; a bundle that mixes two of them measures neither.
import { describe, expect, it } from 'vitest';
import { duplicatePackages } from '../bench/lib/stack.js';

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
