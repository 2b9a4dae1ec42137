import { stringify } from 'smol-toml';

/**
 * TOML for the agent's parsers, which are strict about types (NOTES-container-insights §2.1):
 * integers must be TOML integers, thresholds TOML floats (`95.0`), some flags real booleans and
 * others the strings `"true"`/`"false"`.
 *
 * Values are written with smol-toml. To control int vs float we pass integers as `bigint` and all
 * JS numbers are written as floats (`numbersAsFloat`): so an {@link int} is `360` and a plain number
 * is `95.0`, whatever its value.
 */

export type TomlValue = string | boolean | bigint | number | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

/** An integer as the agent wants it (a TOML integer). */
export function int(n: number): bigint {
  return BigInt(n);
}

/** A flag the agent compares as a string (`value.downcase == "true"`): `"true"` / `"false"`. */
export function flag(b: boolean): string {
  return b ? 'true' : 'false';
}

/** Drops undefined values; returns undefined for a table left empty (so the section is not written). */
export function table(entries: Record<string, TomlValue | undefined>): TomlTable | undefined {
  const out: TomlTable = {};
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) out[k] = v;
  return Object.keys(out).length === 0 ? undefined : out;
}

/** Serializes a document; undefined when there is nothing to write. */
export function toToml(doc: TomlTable | undefined): string | undefined {
  if (doc === undefined) return undefined;
  return stringify(doc, { numbersAsFloat: true }).trimEnd();
}
