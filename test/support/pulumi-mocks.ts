/**
 * Pulumi mocks for tests: installs `pulumi.runtime.setMocks`, records every resource the program
 * registers (custom resources, components and providers alike), and resolves outputs.
 *
 * The SDK is loaded when {@link installPulumiMocks} is called, not when this file is imported: inside
 * `jest.isolateModules` the program under test gets a fresh `@pulumi/pulumi`, and the mocks must be
 * installed on that same instance. Call it before the program creates its resources (for a program
 * that creates them when imported, before the import).
 */
import type * as pulumiModule from '@pulumi/pulumi';

type Pulumi = typeof pulumiModule;

/** One resource as the engine saw it. */
export interface RegisteredResource {
  /** Type token, e.g. `kubernetes:core/v1:ConfigMap` or `azure-monitor-k8s:index:MonitoringStack`. */
  readonly type: string;
  /** Logical (Pulumi) name. */
  readonly name: string;
  /** The inputs, resolved (outputs awaited, resources as references). */
  readonly inputs: Record<string, unknown>;
  /** false for component resources, true for custom resources (providers included). */
  readonly custom: boolean;
  /** The provider reference (`<provider urn>::<provider id>`) the engine was given, if any. */
  readonly provider?: string;
  /** URN assigned by the mock monitor. */
  urn?: string;
  /** URN of the parent resource (undefined for a resource parented to the stack, or when the monitor is not the SDK's MockMonitor). */
  parent?: string;
}

export interface PulumiMocksOptions {
  /** @default "project" */
  readonly project?: string;
  /** @default "stack" */
  readonly stack?: string;
  /** Run as a preview (`pulumi preview`): outputs of resources may be unknown. @default false */
  readonly preview?: boolean;
  /**
   * Stack configuration, keys as `<namespace>:<key>` (e.g. `my-project:platformWorkspaceId`).
   * Replaces any configuration set before.
   * @default {}
   */
  readonly config?: Record<string, string>;
}

/** What {@link installPulumiMocks} returns: the resources registered since it was called. */
export interface PulumiMocks {
  /** The `@pulumi/pulumi` instance the mocks were installed on. */
  readonly pulumi: Pulumi;
  /** Every registered resource, in registration order. */
  readonly resources: RegisteredResource[];
  /** Resources of one type token. */
  ofType(type: string): RegisteredResource[];
  /** The one resource of this type and name; throws when there is none or more than one. */
  get(type: string, name: string): RegisteredResource;
  /** The resource of this URN, if registered. */
  byUrn(urn: string): RegisteredResource | undefined;
  /** The direct children of the resource of this URN. */
  childrenOf(urn: string): RegisteredResource[];
  /** Forgets the resources recorded so far (the mock monitor keeps running). */
  clear(): void;
}

/** The part of the SDK's MockMonitor this file relies on to learn each resource's parent. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
}
type Callback = (err: unknown, response: { getUrn(): string } | undefined) => void;
interface MonitorWithRegister {
  registerResource(req: RegisterRequest, callback: Callback): unknown;
}

function hasRegisterResource(m: unknown): m is MonitorWithRegister {
  return typeof m === 'object' && m !== null && typeof (m as { registerResource?: unknown }).registerResource === 'function';
}

/**
 * Installs mocks on `@pulumi/pulumi` (the instance the current module registry resolves): every
 * resource gets ID `<name>-id` and its inputs as state; every call (invoke) returns its inputs.
 */
export function installPulumiMocks(options: PulumiMocksOptions = {}): PulumiMocks {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pulumi: Pulumi = require('@pulumi/pulumi');
  const resources: RegisteredResource[] = [];
  // Parents learned from the monitor's requests, consumed by newResource (which the monitor calls right after).
  const pendingParents = new Map<string, string[]>();
  const key = (type: string, name: string): string => `${type}\u0000${name}`;

  pulumi.runtime.setAllConfig(options.config ?? {});
  void pulumi.runtime.setMocks(
    {
      newResource(args: pulumiModule.runtime.MockResourceArgs): pulumiModule.runtime.MockResourceResult {
        const queue = pendingParents.get(key(args.type, args.name));
        const parent = queue?.shift();
        resources.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs as Record<string, unknown>,
          custom: args.custom === true,
          ...(args.provider ? { provider: args.provider } : {}),
          ...(parent ? { parent } : {}),
        });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call(args: pulumiModule.runtime.MockCallArgs): pulumiModule.runtime.MockCallResult {
        return args.inputs;
      },
    },
    options.project,
    options.stack,
    options.preview ?? false,
  );

  // The MockMonitor does not pass the parent to newResource; it is in the request. Wrap the monitor's
  // registerResource to read it, and the callback to learn the URN it assigned.
  const monitor: unknown = pulumi.runtime.getMonitor();
  if (hasRegisterResource(monitor)) {
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: RegisterRequest, callback: Callback) => {
      const type = req.getType();
      const name = req.getName();
      const parent = req.getParent();
      const k = key(type, name);
      if (parent) pendingParents.set(k, [...(pendingParents.get(k) ?? []), parent]);
      return original(req, (err, response) => {
        if (!err && response) {
          const r = resources.find((x) => x.type === type && x.name === name && x.urn === undefined);
          if (r) r.urn = response.getUrn();
        }
        callback(err, response);
      });
    };
  }

  return {
    pulumi,
    resources,
    ofType: (type) => resources.filter((r) => r.type === type),
    get: (type, name) => {
      const found = resources.filter((r) => r.type === type && r.name === name);
      if (found.length !== 1) {
        throw new Error(`expected one ${type} named ${name}, found ${found.length} (registered: ${resources.map((r) => `${r.type}/${r.name}`).join(', ')})`);
      }
      return found[0];
    },
    byUrn: (urn) => resources.find((r) => r.urn === urn),
    childrenOf: (urn) => resources.filter((r) => r.parent === urn),
    clear: () => {
      resources.length = 0;
      pendingParents.clear();
    },
  };
}

/**
 * Resolves an output: its value, or the error it failed with. (The SDK's `promise()` is used when
 * present, because `apply` never calls back on a failed output; the fallback waits on `apply`.)
 */
export async function promiseOf<T>(o: pulumiModule.Output<T>): Promise<T> {
  const internal = o as unknown as { promise?: (withUnknowns?: boolean) => Promise<T> };
  if (typeof internal.promise === 'function') return internal.promise();
  return new Promise<T>((resolve) => {
    o.apply((v) => {
      resolve(v);
      return v;
    });
  });
}


/** Pulumi's wire form of a secret value (`{ [specialSigKey]: secretSig, value }`), as mocks record it. */
const SECRET_SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

/** A recorded value with every secret wrapper replaced by its value (deep). */
export function revealSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(revealSecrets);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o[SECRET_SIG_KEY] === SECRET_SIG) return revealSecrets(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revealSecrets(x)]));
  }
  return v;
}
