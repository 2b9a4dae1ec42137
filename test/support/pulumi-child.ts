/**
 * Pulumi programs run in a child Node process. A resolved input that fails validation rejects the
 * outputs, and the SDK also reports it as an unhandled rejection (pulumi/pulumi#16665), which fails
 * any jest test it happens in; a child process sees it as `pulumi up` would and reports back.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');

/** How one output of a child program ended. */
export interface ChildOutcome {
  readonly rejected: boolean;
  readonly isValidationError?: boolean;
  readonly path?: string;
  readonly message?: string;
}

/**
 * The first lines of a child program: `pulumi` and Pulumi mocks (every registration is pushed to
 * `registered` as `<type>/<name>`), `unhandled` (every unhandled rejection), `ValidationError`, and
 * `outcome(output)`, a promise of the output's {@link ChildOutcome}.
 */
export const CHILD_PRELUDE = `
  const pulumi = require('@pulumi/pulumi');
  const unhandled = [];
  process.on('unhandledRejection', (e) => unhandled.push({ path: e && e.path, message: String(e && e.message) }));
  const registered = [];
  void pulumi.runtime.setMocks({
    newResource: (a) => { registered.push(a.type + '/' + a.name); return { id: a.name + '-id', state: a.inputs }; },
    call: (a) => a.inputs,
  });
  const { ValidationError } = require(${JSON.stringify(path.join(ROOT, 'src', 'errors.ts'))});
  const outcome = (o) => o.promise().then(
    () => ({ rejected: false }),
    (e) => ({ rejected: true, isValidationError: e instanceof ValidationError, path: e.path, message: String(e.message) }),
  );
`;

/** The absolute path of a source module, for `require` in a child program. */
export function srcModule(...segments: string[]): string {
  return JSON.stringify(path.join(ROOT, 'src', ...segments));
}

/**
 * Runs `program` (which must print one JSON report on stdout) with ts-node, `args` as `process.argv[1..]`.
 * The exit code is not checked (a program whose resources failed exits non-zero, as `pulumi up` does).
 */
export function runChildProgram<T>(program: string, args: string[] = [], timeout = 60_000): T {
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register', '-e', program, ...args], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json') },
    encoding: 'utf8',
    timeout,
  });
  if (!child.stdout.startsWith('{')) throw new Error(`the child program failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as T;
}
