/**
 * Deferred values. An engine that only knows a value later (a Pulumi `Input<string>` resource ID)
 * puts a token string in its place; models skip the format checks of a token, renderers copy it
 * as-is, and the engine substitutes the resolved value at the leaves (and validates it then with the
 * same checker). The set of resources and their names never depends on a token.
 */
const TOKEN_PATTERN = /\$\{azmk8s-deferred:(\d+)\}/;
const TOKEN_PATTERN_GLOBAL = /\$\{azmk8s-deferred:(\d+)\}/g;

export function makeToken(index: number): string {
  return `\${azmk8s-deferred:${index}}`;
}

export function isToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

/** Replaces every token in a string using `resolve(index)`. */
export function substituteTokens(text: string, resolve: (index: number) => string): string {
  return text.replace(TOKEN_PATTERN_GLOBAL, (_m, i: string) => resolve(Number(i)));
}
