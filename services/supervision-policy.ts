// The over-escalation policy the API judges with: the JSON file named by SUPERVISION_POLICY (any
// subset of the keys of domain/supervision.ts's SupervisionPolicySchema), else the defaults.
import { readFileSync } from 'node:fs';
import { DEFAULT_SUPERVISION_POLICY, parseSupervisionPolicy, type SupervisionPolicy } from '../domain/supervision.js';

export function loadSupervisionPolicy(file: string | undefined = process.env.SUPERVISION_POLICY): SupervisionPolicy {
  if (!file) return DEFAULT_SUPERVISION_POLICY;
  return parseSupervisionPolicy(JSON.parse(readFileSync(file, 'utf8')));
}
