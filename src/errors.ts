/**
 * The one error type the library throws for bad input. It always names the prop path
 * (e.g. `containerInsights.agentSettings.chunk.podsChunkSize`), the value that was given and what is
 * allowed, so a user can fix the input without reading our code.
 */
export class ValidationError extends Error {
  /** Dotted path of the offending prop, from the root of the props object given by the user. */
  public readonly path: string;
  /** The value that was rejected (as given). */
  public readonly value: unknown;
  /** What would have been accepted. */
  public readonly allowed: string;

  constructor(path: string, value: unknown, allowed: string, hint?: string) {
    super(`${path}: got ${describeValue(value)}; ${allowed}${hint ? `. ${hint}` : ''}`);
    this.name = 'ValidationError';
    this.path = path;
    this.value = value;
    this.allowed = allowed;
    Object.setPrototypeOf(this, ValidationError.prototype);
  }
}

/** Renders a value for an error message: short, unambiguous, never throws. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 120 ? `${value.slice(0, 117)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  try {
    const s = JSON.stringify(value);
    if (s === undefined) return typeof value;
    return s.length > 120 ? `${s.slice(0, 117)}...` : s;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
