/**
 * A reader of `ama-metrics-settings-configmap` written from the documented rules of the agent's parser
 * (shared/reference/NOTES-managed-prometheus.md §4.2.1), for tests: what we render is read back the way
 * the agent reads it, and the shipped template is read the same way to pin our layout to it.
 *
 * Rules implemented (and nothing else):
 * - `schema-version` and `config-version`: trimmed, every space removed, cut to 10 characters;
 *   `schema-version` missing or empty means `v1`; anything but `v1`/`v2` is invalid (defaults apply).
 * - Each data key is a file read line by line; a line is trimmed; blank lines and lines starting with
 *   `#` are skipped; a line containing `=` is split at the first `=`, key and value trimmed, and a value
 *   wrapped in double quotes loses that one pair (single quotes stay; no escape processing at all).
 * - v2: only `cluster-metrics` and `prometheus-collector-settings` are read by the in-cluster agent
 *   (`controlplane-metrics` by the AKS control-plane plugin, with the same line rules); a trimmed line
 *   ending with exactly `: |-` opens a section named by the text before it; `key = value` lines before
 *   any header belong to section `prometheus-collector-settings`.
 * - v1: each data key is one flat file of `key = value` lines.
 */

/** Entries of one section, in file order (the agent keeps the last of duplicate keys). */
export type Entries = Array<[string, string]>;

/** Sections of one file, by name, in file order. */
export type Sections = Map<string, Entries>;

/** Files the v2 in-cluster agent parses (the others are ignored by it). */
export const V2_AGENT_FILES = ['cluster-metrics', 'prometheus-collector-settings'] as const;
/** The file the AKS control-plane plugin parses in v2. */
export const V2_CONTROL_PLANE_FILE = 'controlplane-metrics';
/** Section of `key = value` lines that precede any header in a v2 file. */
export const DEFAULT_V2_SECTION = 'prometheus-collector-settings';

/** `schema-version`/`config-version` normalisation: trim, remove every space, keep 10 characters. */
export function normalizeVersion(raw: string | undefined): string {
  return (raw ?? '').trim().replace(/ /g, '').slice(0, 10);
}

/** The schema the agent applies: `v1`, `v2`, or `invalid` (every section falls back to defaults). */
export function schemaOf(data: Readonly<Record<string, string>>): 'v1' | 'v2' | 'invalid' {
  const v = normalizeVersion(data['schema-version']);
  if (v === '') return 'v1';
  return v === 'v1' || v === 'v2' ? v : 'invalid';
}

/** One `key = value` line, or undefined for a line the parser skips. */
export function parseLine(rawLine: string): [string, string] | undefined {
  const line = rawLine.trim();
  if (line === '' || line.startsWith('#')) return undefined;
  const eq = line.indexOf('=');
  if (eq < 0) return undefined;
  const key = line.slice(0, eq).trim();
  let value = line.slice(eq + 1).trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  return [key, value];
}

/** A v1 file: one flat list of entries. */
export function parseV1File(text: string): Entries {
  return text.split('\n').map(parseLine).filter((e): e is [string, string] => e !== undefined);
}

/** A v2 file: sections opened by `<name>: |-` lines. */
export function parseV2File(text: string): Sections {
  const sections: Sections = new Map();
  let current = DEFAULT_V2_SECTION;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.endsWith(': |-')) {
      current = line.slice(0, -': |-'.length);
      if (!sections.has(current)) sections.set(current, []);
      continue;
    }
    const entry = parseLine(raw);
    if (entry === undefined) continue;
    if (!sections.has(current)) sections.set(current, []);
    sections.get(current)!.push(entry);
  }
  return sections;
}

/** What the agents read from a settings ConfigMap's `data`. */
export interface ParsedSettings {
  readonly schema: 'v1' | 'v2' | 'invalid';
  /** Normalized `config-version` (`ver1` when missing or empty, as the agent defaults it). */
  readonly configVersion: string;
  /** v2: the files the agents parse (missing ones are absent: "optional section", defaults). */
  readonly v2: ReadonlyMap<string, Sections>;
  /** v1: every data key except the versions, as a flat file. */
  readonly v1: ReadonlyMap<string, Entries>;
}

export function parseSettingsData(data: Readonly<Record<string, string>>): ParsedSettings {
  const schema = schemaOf(data);
  const configVersion = normalizeVersion(data['config-version']) || 'ver1';
  const v2 = new Map<string, Sections>();
  const v1 = new Map<string, Entries>();
  if (schema === 'v2') {
    for (const file of [...V2_AGENT_FILES, V2_CONTROL_PLANE_FILE]) {
      if (data[file] !== undefined) v2.set(file, parseV2File(data[file]));
    }
  } else if (schema === 'v1') {
    for (const [file, text] of Object.entries(data)) {
      if (file !== 'schema-version' && file !== 'config-version') v1.set(file, parseV1File(text));
    }
  }
  return { schema, configVersion, v2, v1 };
}

/** The value of `key` in `section` of a v2 file, as the agent sees it (the last duplicate wins), or undefined. */
export function v2Value(parsed: ParsedSettings, file: string, section: string, key: string): string | undefined {
  const entries = parsed.v2.get(file)?.get(section);
  const hit = entries?.filter(([k]) => k === key).pop();
  return hit?.[1];
}

/** Sections as plain objects of ordered entries (for `toEqual`). */
export function sectionsToObject(sections: Sections | undefined): Record<string, Entries> {
  return Object.fromEntries([...(sections ?? new Map<string, Entries>()).entries()]);
}
