// Prebuilds the workflow bundle for production workers (WORKFLOW_BUNDLE=dist/workflow-bundle.js).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bundleCaseWorkflows } from '../worker.js';

const out = resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
const code = await bundleCaseWorkflows();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, code);
console.log(`workflow bundle: ${out} (${(code.length / 1024).toFixed(0)} KiB)`);
