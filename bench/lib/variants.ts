// Changes proposed to the lead for files the benchmark may not edit, measured side by side with the
// code as it is: the production workflow bundle with one exact rewrite applied at bundle time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleTo, productionWorkflowsPath, root } from './stack.js';

export interface Proposal {
  id: string;
  title: string;
  file: string;
  from: string;
  to: string;
  /** Text whose presence in `file` says the change was made another way. */
  appliedWhen?: string;
}

/**
 * The projection (recordSteps) as a local activity: one workflow task per step instead of two plus an
 * activity task. Made as the one-call transition (transitionStore): look-ups and projection together.
 */
export const LOCAL_PROJECTION: Proposal = {
  id: 'local-projection',
  title: 'recordSteps as a local activity (workflows/case-effects.ts)',
  file: 'workflows/case-effects.ts',
  from: 'const store = proxyActivities<Activities>(',
  to: 'const store = proxyLocalActivities<Activities>(',
  appliedWhen: 'caseStoreCall.transitionStore(',
};

export type ProposalState = 'pending' | 'applied' | 'unknown';

/** Whether the proposal is still to do, already in the source, or no longer matches it. */
export function proposalState(p: Proposal): ProposalState {
  const src = readFileSync(join(root, p.file), 'utf8');
  const count = (s: string) => src.split(s).length - 1;
  if (p.appliedWhen && src.includes(p.appliedWhen)) return 'applied';
  if (count(p.from) === 1) return 'pending';
  if (count(p.to) >= 1) return 'applied';
  return 'unknown';
}

/** Whether production bundles already preload modules (worker.ts's bundleCaseWorkflows names preloadModules). */
export function preloadState(): ProposalState {
  return readFileSync(join(root, 'worker.ts'), 'utf8').includes('preloadModules') ? 'applied' : 'pending';
}

/** The module a bundle preloads (zod and the shared domain modules, see workflows/preload.ts). */
export const PRELOAD_MODULE = join(root, 'workflows', 'preload.ts');

/** The production bundle with the rewrites applied and, optionally, modules preloaded. */
export async function bundleWithProposal(file: string, rewrites: Proposal[], preloadModules: string[] = []): Promise<string> {
  return bundleTo(
    file,
    productionWorkflowsPath,
    (config) => {
      config.module ??= {};
      config.module.rules ??= [];
      for (const p of rewrites) {
        const test = new RegExp(p.file.replace(/[.]/g, '\\.').replace(/\//g, '[\\\\/]') + '$');
        config.module.rules.unshift({ test, enforce: 'pre', use: [{ loader: join(root, 'bench', 'lib', 'rewrite-loader.cjs'), options: { from: p.from, to: p.to } }] });
      }
      return config;
    },
    preloadModules,
  );
}
