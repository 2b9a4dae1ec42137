import * as fs from 'fs';
import * as path from 'path';
import { ValidationError } from '../../src/errors';

/** A throw site: a snippet of its source text, unique in its file (another model file when `file` is set). */
export type ThrowSite = string | { readonly snippet: string; readonly file?: string };

const MODEL_DIR = path.resolve(__dirname, '../../src/model');

/**
 * The two meta-tests of a model's throw-site registry: every `throw new ValidationError(` of
 * `src/model/<modelFile>` is listed exactly once (so a new rule without an error-message test fails
 * the suite), and every listed site is exercised by a rejected row (or documented unreachable).
 */
export function testThrowSiteRegistry(
  modelFile: string,
  sites: Readonly<Record<string, ThrowSite>>,
  exercised: Iterable<string | undefined>,
  unreachable: Readonly<Record<string, string>> = {},
): void {
  const read = (file: string) => fs.readFileSync(path.join(MODEL_DIR, file), 'utf8');
  const text = read(modelFile);
  const entries = Object.entries(sites).map(([id, s]) => [id, typeof s === 'string' ? { snippet: s } : s] as const);

  test(`the registry lists each \`throw new ValidationError(\` of src/model/${modelFile} exactly once`, () => {
    const own = entries.filter(([, s]) => s.file === undefined);
    expect((text.match(/throw new ValidationError\(/g) ?? []).length).toBe(own.length);
    for (const [id, s] of entries) {
      const where = s.file === undefined ? text : read(s.file);
      const first = where.indexOf(s.snippet);
      expect({ id, found: first >= 0, unique: first === where.lastIndexOf(s.snippet) }).toEqual({ id, found: true, unique: true });
    }
  });

  test(`every registered site of src/model/${modelFile} is exercised by a rejected row`, () => {
    const used = new Set(exercised);
    for (const [id] of entries) expect({ id, covered: used.has(id) || unreachable[id] !== undefined }).toEqual({ id, covered: true });
    for (const id of Object.keys(unreachable)) expect({ id, alsoUsed: used.has(id) }).toEqual({ id, alsoUsed: false });
  });
}

/** Row names are test names: a duplicate would hide a row. */
export function testUniqueRowNames(names: readonly string[]): void {
  test('row names are unique', () => {
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
}

/** A rejected-input row of a feature's error table: props that break one rule, the path and message expected. */
export interface RejectedRow<S extends string> {
  readonly name: string;
  /** The throw site (registered in the feature's registry), or `check` for the generic checkers of check.ts. */
  readonly site: S | 'check';
  readonly props: unknown;
  readonly path: string;
  readonly message: RegExp;
}

/** Builds a {@link RejectedRow}. */
export function rejectedRow<S extends string>(name: string, site: S | 'check', props: unknown, at: string, message: RegExp): RejectedRow<S> {
  return { name, site, props, path: at, message };
}

/**
 * One test per rejected row: `run(row)` throws a ValidationError naming the row's path, with a message
 * that starts `<path>: got ` and matches the row's regex.
 */
export function testRejectedRows<R extends { readonly name: string; readonly path: string; readonly message: RegExp }>(
  rows: readonly R[],
  run: (row: R) => unknown,
): void {
  test.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    let error: unknown;
    try {
      run(row);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect({ path: v.path, message: v.message }).toEqual({ path: row.path, message: expect.stringMatching(row.message) });
    expect(v.message.startsWith(`${row.path}: got `)).toBe(true);
  });
}
