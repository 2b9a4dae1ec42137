import { JsonFile, javascript, typescript } from 'projen';

/**
 * azure-monitor-k8s — projen definition. Every generated project file (package.json, tsconfig*.json,
 * .eslintrc.json, .projen/*, .gitignore, .npmignore, ...) comes from here: edit this file and run
 * `npx projen`, never the generated files.
 */

/** Engines are optional peers: a cdk8s user never installs Pulumi, and the reverse. */
const ENGINE_PEERS: Record<string, string> = {
  'cdk8s': '^2.70.0',
  'constructs': '^10.3.0',
  'cdk8s-plus-28': '^2.5.0',
  '@pulumi/pulumi': '^3.140.0',
  '@pulumi/kubernetes': '^4.18.0',
  // The Azure resources as Pulumi resources (issue 5), v3: every Insights class lives in `monitor`.
  '@pulumi/azure-native': '^3.28.0',
};

const project = new typescript.TypeScriptProject({
  name: 'azure-monitor-k8s',
  description:
    'Typed constructs for Azure Monitor Kubernetes monitoring (Container Insights, Managed Prometheus, network observability) for cdk8s and Pulumi, one validated stack per cluster and distribution.',
  license: 'MIT',
  copyrightOwner: 'azure-monitor-k8s contributors',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',
  typescriptVersion: '~5.9.0',

  // No hosted CI of projen's making: CI is `bash .ci/run`.
  github: false,
  release: false,
  depsUpgrade: false,
  buildWorkflow: false,
  sampleCode: false,
  pullRequestTemplate: false,
  vscode: false,

  // TOML for the logs agent's ConfigMap, YAML for the Prometheus configs inside the metrics ConfigMaps.
  deps: ['smol-toml@^1.3.0', 'yaml@^2.6.0'],
  peerDeps: Object.entries(ENGINE_PEERS).map(([n, v]) => `${n}@${v}`),
  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: [
    // the engines, for tests and examples (peers are not installed by npm for the package itself)
    ...Object.keys(ENGINE_PEERS),
    'cdk8s-cli@^2.200.0',
    'fast-check@^4.0.0',
    'ajv@^8.17.0',
    'ajv-draft-04@^1.0.0',
    'ajv-formats@^3.0.0',
    // Kubernetes OpenAPI schema (1.27.1) for validating synthesized objects, see test/support/k8s-schema.ts
    'kubernetes-models@4.4.2',
    '@types/node@^20',
    // resolves the package's own name to src/ for the benchmark script
    'tsconfig-paths@^4.2.0',
  ],

  tsconfig: {
    compilerOptions: {
      strict: true,
      noUncheckedIndexedAccess: false,
      lib: ['es2022'],
      target: 'ES2022',
      skipLibCheck: true,
    },
  },
  tsconfigDev: {
    include: ['../examples/**/*.ts', '../scripts/**/*.ts'],
    compilerOptions: {
      // Examples import the package by name; type-check them against the sources.
      baseUrl: '..',
      paths: {
        'azure-monitor-k8s': ['src/index.ts'],
        'azure-monitor-k8s/*': ['src/*/index.ts'],
      },
    },
  },

  jestOptions: {
    // A test run never writes snapshots: `test` runs `jest --ci`; update them on purpose with `npx projen test:update`.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    junitReporting: false,
    coverageText: false,
    passWithNoTests: false,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/lib/', '/dist/'],
      // Examples import the package by its public name; tests map it to the sources.
      moduleNameMapper: {
        '^azure-monitor-k8s$': '<rootDir>/src/index.ts',
        '^azure-monitor-k8s/(.*)$': '<rootDir>/src/$1/index.ts',
      },
      testTimeout: 60_000,
      collectCoverage: false,
    },
  },

  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'scripts'],
    ignorePatterns: ['*.js', '*.d.ts', 'node_modules/', 'lib/', 'dist/', 'coverage/', 'test/__snapshots__/'],
  },

  gitignore: ['dist/', '.pulumi/', '*.tgz'],
  npmignoreEnabled: true,
});

// Optional peers: installing the library must not pull either engine.
project.package.addField(
  'peerDependenciesMeta',
  Object.fromEntries(Object.keys(ENGINE_PEERS).map((n) => [n, { optional: true }])),
);

// Entry points: the engine-neutral core and one subpath per engine.
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './cdk8s': { types: './lib/cdk8s/index.d.ts', default: './lib/cdk8s/index.js' },
  './pulumi': { types: './lib/pulumi/index.d.ts', default: './lib/pulumi/index.js' },
  './package.json': './package.json',
  // Our reconstructed CRDs of the ACNS resources (AKS publishes none), for users' own schema checks.
  './crds/*': './crds/*',
});
project.package.addField('typesVersions', {
  '*': { cdk8s: ['lib/cdk8s/index.d.ts'], pulumi: ['lib/pulumi/index.d.ts'] },
});

// The main job: synthesize the example fleet into dist/ with the cdk8s CLI.
const synthFleet = project.addTask('synth:fleet', {
  description: 'Synthesize the example fleet (Kubernetes manifests + ARM templates) into dist/',
});
synthFleet.exec('rm -rf dist');
// The example imports the package by name (`azure-monitor-k8s/cdk8s`), which resolves to lib/: compile first.
synthFleet.spawn(project.compileTask);
synthFleet.exec('cdk8s synth --no-check-upgrade --app "ts-node --transpile-only --project test/tsconfig.json examples/cdk8s/main.ts" --output dist');

// ESLint resolves the package's own name (`azure-monitor-k8s/...` in examples and tests) through the
// paths of test/tsconfig.json, so linting needs no compiled lib/.
project.tryFindObjectFile('.eslintrc.json')?.addOverride('settings.import/resolver.typescript.project', ['./tsconfig.json', './test/tsconfig.json']);
project.tryFindObjectFile('.eslintrc.json')?.addOverride('settings.import/resolver.typescript.noWarnOnMultipleProjects', true);

// The examples and scripts are type-checked (and linted) with the test settings: the nearest
// tsconfig.json of each file is what ESLint's project service uses.
for (const dir of ['examples', 'scripts']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: { extends: '../test/tsconfig.json', include: ['**/*.ts'] },
    marker: false,
    allowComments: false,
  });
}

// Speed and memory are measured here, never asserted by tests.
project.addTask('bench', {
  description: 'Benchmark synthesis speed and memory (see scripts/benchmark.ts)',
  env: { TS_NODE_PROJECT: 'test/tsconfig.json' },
  // ts-node registers first, so tsconfig-paths (second) resolves the package name to src/*.ts.
  exec: 'node -r ts-node/register/transpile-only -r tsconfig-paths/register scripts/benchmark.ts',
});

project.synth();
