/**
 * Generates src/render/agents/azmonitoring-crds-data.ts: the two CustomResourceDefinitions the
 * metrics add-on chart installs (`podmonitors.azmonitoring.coreos.com`,
 * `servicemonitors.azmonitoring.coreos.com`, NOTES-managed-prometheus §2.2, §3), as TypeScript data,
 * read from the reference copies in shared/reference/managed-prometheus/crds/.
 *
 * Every `description` keyword of the schemas is stripped (the reference copies carry none today, but
 * upstream prose must not enter the library if a refresh brings some back); everything else (types,
 * patterns, formats, enums, defaults, required lists, x-kubernetes-* markers) is kept exactly.
 *
 * Run: `node -r ts-node/register/transpile-only scripts/generate-azmonitoring-crds.ts` (writes the file)
 * or with `--check` (exits 1 when the committed file differs). test/ama-metrics.test.ts proves that the
 * committed file is this generator's output and that its data equals the reference minus descriptions.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { tsString } from './generate-prometheus-rules-data';

export const REFERENCE_CRD_DIR = path.resolve(__dirname, '../../shared/reference/managed-prometheus/crds');
/** The reference files, in the order the chart applies them (PodMonitor, then ServiceMonitor). */
export const REFERENCE_CRD_FILES = ['podmonitors.azmonitoring.coreos.com.yaml', 'servicemonitors.azmonitoring.coreos.com.yaml'].map((f) =>
  path.join(REFERENCE_CRD_DIR, f),
);
export const GENERATED_CRDS_FILE = path.resolve(__dirname, '../src/render/agents/azmonitoring-crds-data.ts');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: unknown): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Schema keywords whose value is a map of names to schemas (the names are data, never keywords). */
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions'];
/** Schema keywords whose value is one schema or a list of schemas. */
const SCHEMA_CHILDREN = ['items', 'additionalProperties', 'additionalItems', 'not', 'allOf', 'anyOf', 'oneOf'];

/**
 * A copy of an OpenAPI v3 schema node without its `description` keywords, at every depth. Only schema
 * positions are walked: a property *named* `description` stays, and so do values (`default`, `enum`,
 * `example`) that happen to hold a `description` key.
 */
export function stripSchemaDescriptions(node: Json): Json {
  if (Array.isArray(node)) return node.map(stripSchemaDescriptions);
  if (!isObject(node)) return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description') continue;
    if (SCHEMA_MAPS.includes(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, stripSchemaDescriptions(schema)]));
    } else if (SCHEMA_CHILDREN.includes(key) && (isObject(value) || Array.isArray(value))) {
      out[key] = stripSchemaDescriptions(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** A CRD document without the descriptions of its version schemas (the rest of the document is kept as it is). */
export function stripCrdDescriptions(crd: { [key: string]: Json }): { [key: string]: Json } {
  const spec = crd.spec as { [key: string]: Json };
  const versions = (spec.versions as Array<{ [key: string]: Json }>).map((v) => {
    const schema = v.schema as { [key: string]: Json } | undefined;
    if (!schema) return v;
    return { ...v, schema: { ...schema, openAPIV3Schema: stripSchemaDescriptions(schema.openAPIV3Schema) } };
  });
  return { ...crd, spec: { ...spec, versions } };
}

/** The reference CRDs, parsed and stripped (what the generated module holds). */
export function referenceCrdsWithoutDescriptions(): Array<{ [key: string]: Json }> {
  return REFERENCE_CRD_FILES.map((file) => {
    const doc = parse(fs.readFileSync(file, 'utf8')) as { [key: string]: Json };
    if (doc?.kind !== 'CustomResourceDefinition' || doc.apiVersion !== 'apiextensions.k8s.io/v1') {
      throw new Error(`${file}: expected one apiextensions.k8s.io/v1 CustomResourceDefinition`);
    }
    return stripCrdDescriptions(doc);
  });
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A TypeScript literal of JSON data that passes the project's lint rules: single-quoted strings, keys
 * quoted consistently per object (all of them when one needs it), trailing commas, two-space indent.
 */
export function tsLiteral(value: Json, indent: string): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return JSON.stringify(value);
  if (typeof value === 'string') return tsString(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      const flat = `[${value.map((v) => tsLiteral(v, inner)).join(', ')}]`;
      if (flat.length <= 100) return flat;
    }
    return `[\n${value.map((v) => `${inner}${tsLiteral(v, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const quoteAll = entries.some(([k]) => !IDENTIFIER.test(k));
  const key = (k: string): string => (quoteAll ? tsString(k) : k);
  return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${tsLiteral(v, inner)},`).join('\n')}\n${indent}}`;
}

/** The module text. */
export function generateCrdsDataModule(): string {
  const crds = referenceCrdsWithoutDescriptions();
  return [
    '/**',
    ' * The CustomResourceDefinitions of the metrics add-on chart, `podmonitors.azmonitoring.coreos.com` and',
    ' * `servicemonitors.azmonitoring.coreos.com` (NOTES-managed-prometheus §2.2, §3), as data.',
    ' *',
    ' * GENERATED by scripts/generate-azmonitoring-crds.ts; do not edit by hand (regenerate instead).',
    ' * Source: shared/reference/managed-prometheus/crds/*.azmonitoring.coreos.com.yaml, verbatim copies of',
    ' * Azure/prometheus-collector@39583fd50b2f828f83cc18fc0cece9e3074f56db:otelcollector/deploy/addon-chart/',
    ' * azure-monitor-metrics-addon/templates/ama-metrics-{podmonitor,servicemonitor}-crd.yaml (MIT, Microsoft;',
    ' * the schemas derive from prometheus-operator v0.84.0, Apache-2.0), with every schema `description`',
    ' * stripped. test/ama-metrics.test.ts proves equality with the reference files minus descriptions.',
    ' */',
    '',
    '/** One embedded CustomResourceDefinition document, as the reference file holds it. */',
    'export interface EmbeddedCrd {',
    '  readonly apiVersion: string;',
    '  readonly kind: string;',
    '  readonly metadata: {',
    '    readonly name: string;',
    '    readonly annotations?: Readonly<Record<string, string>>;',
    '    readonly creationTimestamp?: null;',
    '  };',
    '  readonly spec: Readonly<Record<string, unknown>>;',
    '}',
    '',
    '/** PodMonitor, then ServiceMonitor. */',
    `export const AZMONITORING_CRDS: readonly EmbeddedCrd[] = ${tsLiteral(crds, '')};`,
    '',
  ].join('\n');
}

if (require.main === module) {
  const text = generateCrdsDataModule();
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(GENERATED_CRDS_FILE) ? fs.readFileSync(GENERATED_CRDS_FILE, 'utf8') : '';
    if (current !== text) {
      console.error(`${path.relative(process.cwd(), GENERATED_CRDS_FILE)} is out of date; run scripts/generate-azmonitoring-crds.ts`);
      process.exit(1);
    }
  } else {
    fs.writeFileSync(GENERATED_CRDS_FILE, text);
    console.log(`wrote ${path.relative(process.cwd(), GENERATED_CRDS_FILE)}`);
  }
}
