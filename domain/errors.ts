// An error with a machine code and words for people, raised by services and activities. It carries
// no HTTP status: the API edge maps each code to one through its catalogue (api/errors.ts).
export class AppError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    /** Fields the answer carries beside `detail` (`errors`, `caseId`…). */
    public readonly extra: Record<string, unknown> = {},
    /** Headers the answer carries (Retry-After, the current ETag). */
    public readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}
