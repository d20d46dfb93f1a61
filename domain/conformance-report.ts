// What a conformance run of the drawing against the engine reports (npm run conformance writes it to
// docs/conformance.json; /process/conformance shows it): one shape for the writer and the page.
export interface ConformanceReport {
  generatedAt: string;
  seed: number;
  sequences: number;
  /** Of them, written out to reach the far ends of the model (the rest generated from the seed). */
  walks: number;
  agreed: number;
  events: number;
  distinctPaths: number;
  durationMs: number;
  /** sha256 of the model the run checked (the XML GET /v1/process.bpmn serves with the default policy). */
  modelSha256: string;
  engine: string;
  processes: { id: string; name: string; elements: number; covered: number; missing: string[] }[];
  /** Element id → how many sequences reached it. */
  coverage: Record<string, number>;
  /** Events the generator made that the model has no path for, and how often. */
  outsideTheModel: Record<string, number>;
  /** Differences of the engine's record from the model, known and to be fixed in the engine: how often met. */
  knownDifferences: { description: string; sequences: number }[];
}
