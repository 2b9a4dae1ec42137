/**
 * The Go RE2 checker (src/model/re2.ts), shared by custom scrape jobs, PodMonitors/ServiceMonitors and
 * the settings ConfigMap:
 *  - a table of patterns with Go's verdict (as Prometheus compiles them, `^(?:<regex>)$`), the reasons
 *    we report where they are worth pinning, and a seeded sample of generated patterns; all of them are
 *    checked against promtool (Go 1.19's regexp, as in the Debian promtool 2.42);
 *  - what differs between the regex on its own (`regexp.Compile`) and wrapped, and the `standalone` option;
 *  - the Unicode class names and the nesting limit at their boundaries.
 */
import { checkPrometheusConfigs, testWithPromtool } from './support/promtool';
import { checkRe2, checkRe2Unanchored } from '../src/model/re2';
import { agentRelabelText, prometheusConfigYaml } from '../src/render/prometheus-scrape-configmaps';

/** Patterns Go accepts as Prometheus compiles them. */
const VALID = [
  // Everyday relabel and keep-list regexes.
  '', '(.*)', 'a|b', 'a|', '[a-z]+', '.*', '^$', 'kube_pod_.*', 'go_gc_.*|process_.*', 'envoy_(cluster|http)_.*', 'prometheus-reference-app',
  '(\'$$NODE_NAME$$\')', 'test$1replacement', '(s.*)(ttle$)', '[a-z0-9_:]+', 'kube_pod_init_container_*',
  // Flags and groups.
  '(?i)abc', '(?i)WARN|ERROR', '(?i)node_.*', '(?i:Node)_cpu', '(?s:.)', '(?s:a.b)', '(?-s:a.b)', '(?U)a+', '(?)', '(?)a', 'a(?i)*',
  '(?P<x>a)', '(?P<name>a+)-\\d{2,3}', '(?P<name>kube)_x', '(?P<n>a)(?P<n>b)', '(?P<a>x)(?P<a>y)', ')(',
  // Classes.
  '[[:alpha:]]', '[[:alpha:]][[:^digit:]]', '[[:alpha:]_][[:word:]]*', '[[:^digit:]]', '[^\\n]', '[\\d\\s]', '[\\d\\s\\w\\-]', '[a\\-z]',
  '[]a]', '[^]a]', '[a-]', '[\\d-z]', '\\pN', '\\pL', '\\p{Greek}+', '\\p{^Greek}', '\\p{Greek}\\PL\\p{^Lu}', '[\\p{Latin}\\d]', '[\\p{Greek}]',
  '\\p{Any}', '\\p{Han}', '\\p{Old_Italic}', '\\p{SignWriting}', 'é+',
  // Escapes.
  '\\x41', '\\x{263a}', '\\x{1F600}', '\\x41\\x{1F600}\\012\\t', '\\0', '\\012', '\\12', '\\_', '\\.', '\\.\\-\\/', '\\z', '\\A',
  '\\A\\bfoo\\b\\z', '\\Q.*\\E', '\\Q*\\E*', '\\Qa.b*\\E+', '\\Qa.b|c\\E',
  // Repetition.
  'a*?', 'a*?b+?c??', '^*', '{', 'x{', 'a{,5}', 'a{,3}', 'a{01}', 'x{2}', 'x{2,}', 'x{0,1000}', 'x{1000}', 'a{1000}', '(x{10}){100}', '(a{10}){100}',
];

/** Patterns Go rejects as Prometheus compiles them, with the reason we report where it is pinned. */
const INVALID: Array<string | [string, RegExp]> = [
  // What other regex dialects have and RE2 lacks.
  ['(?=a)', /^invalid or unsupported Perl syntax: `\(\?=` \(RE2 has no lookaround assertions\)$/],
  ['a(?!b)', /^invalid or unsupported Perl syntax: `\(\?!` \(RE2 has no lookaround assertions\)$/],
  ['(?<=a)b', /^invalid or unsupported Perl syntax: `\(\?<` \(RE2 has no lookaround assertions\)$/],
  ['(?<!a)b', /`\(\?<` \(RE2 has no lookaround assertions\)$/],
  '(?!a)', '(?<=a)', '(?<!a)',
  ['(?<n>a)', /^invalid or unsupported Perl syntax: `\(\?<` \(write named groups as \(\?P<name>\.\.\.\): Go before 1\.22 rejects/],
  ['(a)\\1', /^invalid escape sequence: `\\1` \(RE2 has no backreferences\)$/],
  ['(?P<n>a)\\k<n>', /^invalid escape sequence: `\\k` \(RE2 has no backreferences\)$/],
  ['(?P=n)', /^invalid or unsupported Perl syntax: `\(\?P` \(RE2 has no backreferences or recursion\)$/],
  '\\1', '\\8', '\\k<n>',
  ['a++', /^invalid nested repetition operator: `\+\+` \(RE2 has no possessive quantifiers\)$/],
  'a*+',
  ['(?>a)', /\(RE2 has no atomic groups\)$/],
  ['(?#comment)', /\(RE2 has no comments\)$/],
  ['\\Z', /^invalid escape sequence: `\\Z` \(write \\z for the end of the text\)$/],
  '\\G', '\\e', ['\\C', /^invalid escape sequence: `\\C`/],
  ['\\é', /^invalid escape sequence: `\\é` \(Go escapes only ASCII punctuation\)$/],
  // Groups and flags.
  ['(', /^missing closing \): `\(`$/],
  ['(a', /^missing closing \): `\(a`$/],
  ['a)', /^unexpected \): `a\)`$/],
  ')',
  ['(?P<a-b>x)', /^invalid named capture: `\(\?P<a-b>`$/],
  '(?P<>a)',
  ['(?z)a', /^invalid or unsupported Perl syntax: `\(\?z` \(the flags are i, m, s and U\)$/],
  '(?x)a',
  ['(?i-)a', /^invalid or unsupported Perl syntax: `\(\?i-\)` \(a "-" comes once and must be followed by flags\)$/],
  '(?-)',
  // Classes.
  ['[z-a]', /^invalid character class range: `z-a`$/],
  ['[a', /^missing closing \]: `\[a`$/],
  ['[]', /^missing closing \]: `\[\]`$/],
  '[^]', '[[:word:]', '[a-\\d]',
  ['[[:foo:]]', /^invalid character class range: `\[:foo:\]` \(POSIX classes: alnum, alpha, /],
  ['[\\b]', /^invalid escape sequence: `\\b` \(a word boundary cannot be part of a class; write \\x08 for a backspace\)$/],
  ['\\p{Foo}', /^invalid character class range: `\\p\{Foo\}` \(Go knows Any, the general categories/],
  // Later Go versions accept aliases, other spellings and newer scripts; Go 1.19 does not.
  '\\p{Grek}', '\\p{Letter}', '\\p{greek}', '\\p{Cn}', '\\p{LC}', '\\p{L&}', '\\p{Assigned}', '\\p{Toto}', '\\p{Kawi}',
  // Escapes.
  ['a\\', /^trailing backslash at end of expression$/],
  '\\',
  ['\\xZZ', /^invalid escape sequence: `\\xZZ`$/],
  ['\\x{110000}', /^invalid escape sequence: `\\x\{110000`$/],
  '\\x4',
  // An unterminated \Q compiles alone, but swallows Prometheus' closing parenthesis.
  ['\\Qunterminated', /^missing closing \): `\^\(\?:\\Qunterminated\)\$` \(Prometheus compiles "\^\(\?:<regex>\)\$", and a \\Q without \\E quotes/],
  '\\Q',
  // Repetition.
  ['*a', /^missing argument to repetition operator: `\*`$/],
  ['a**', /^invalid nested repetition operator: `\*\*`$/],
  ['x{1001}', /^invalid repeat count: `\{1001\}`$/],
  ['x{1,1001}', /^invalid repeat count: `\{1,1001\}`$/],
  ['x{3,2}', /^invalid repeat count: `\{3,2\}`$/],
  ['(a{10}){101}', /^invalid repeat count: `\{101\}`$/],
  'a{1001}', 'x{2,1}', 'a{0}{2}', 'a{2}{3}', 'a*??', '|*', '(|*)', '(?i)*', '(x{500}){3}', '(x{2}){600}',
];

const pattern = (entry: string | [string, RegExp]) => (typeof entry === 'string' ? entry : entry[0]);

describe('Go RE2 syntax, as Prometheus compiles it', () => {
  test.each(VALID)('accepts %j', (re) => {
    expect(checkRe2(re)).toEqual({ count: expect.any(Number), names: expect.any(Set) });
  });

  test.each(INVALID.map((e) => [pattern(e), typeof e === 'string' ? undefined : e[1]] as const))('rejects %j', (re, reason) => {
    const result = checkRe2(re);
    expect(result).toEqual(expect.any(String));
    if (reason) expect(result).toMatch(reason);
  });

  test('the tables hold no pattern twice and none in both', () => {
    const all = [...VALID, ...INVALID.map(pattern)];
    expect(all.filter((p, i) => all.indexOf(p) !== i)).toEqual([]);
  });

  test('capture groups and names (a name may repeat)', () => {
    expect(checkRe2('(a)(?:b)(?P<c>d)((e))')).toEqual({ count: 4, names: new Set(['c']) });
    expect(checkRe2('[(]\\(\\Q(\\E')).toEqual({ count: 0, names: new Set() });
    expect(checkRe2('(?P<n>a)|(?P<n>b)(c)')).toEqual({ count: 3, names: new Set(['n']) });
  });

  test('reasons are Go\'s wording, in terms of the regex as written', () => {
    for (const check of [checkRe2Unanchored, checkRe2]) {
      expect(check('a**')).toBe('invalid nested repetition operator: `**`');
      expect(check('[z-a]')).toBe('invalid character class range: `z-a`');
      expect(check('(a')).toBe('missing closing ): `(a`');
      expect(check('\u{D800}')).toBe('invalid UTF-8');
    }
  });

  test('a long expression is shortened in the reason', () => {
    const reason = checkRe2(`(${'a'.repeat(300)}`) as string;
    expect(reason).toBe(`missing closing ): \`(${'a'.repeat(196)}...\``);
  });
});

describe('on its own (regexp.Compile) and wrapped (Prometheus)', () => {
  test('a regex that compiles only wrapped: valid for Prometheus, not alone, not standalone', () => {
    for (const re of [')(', 'a)|(b']) {
      expect(checkRe2(re)).toEqual({ count: 1, names: new Set() });
      expect(checkRe2Unanchored(re)).toMatch(/^unexpected \): /);
      expect(checkRe2(re, { standalone: true })).toMatch(/^unexpected \): /);
    }
  });

  test('an unterminated \\Q compiles alone but not wrapped, also standalone', () => {
    expect(checkRe2Unanchored('\\Qa.b')).toEqual({ count: 0, names: new Set() });
    expect(checkRe2('\\Qa.b')).toMatch(/^missing closing \): `\^\(\?:\\Qa\.b\)\$` \(Prometheus compiles/);
    expect(checkRe2('\\Qa.b', { standalone: true })).toBe(checkRe2('\\Qa.b'));
    expect(checkRe2('\\Qa.b\\E', { standalone: true })).toEqual({ count: 0, names: new Set() });
  });

  test('the wrapping is one level deeper: 999 nested groups compile alone but not wrapped (Go 1.19 verdicts)', () => {
    const nested = (depth: number) => `${'('.repeat(depth)}a${')'.repeat(depth)}`;
    expect(checkRe2Unanchored(nested(999))).toEqual({ count: 999, names: new Set() });
    expect(checkRe2(nested(999))).toMatch(/^expression nests too deeply: `\^\(\?:\({193}\.\.\.` \(as Prometheus compiles it/);
    expect(checkRe2Unanchored(nested(1000))).toMatch(/^expression nests too deeply: /);
    expect(checkRe2(nested(1000))).toMatch(/^expression nests too deeply: `\({197}\.\.\.`$/);
    // Non-capturing groups around one item add no level.
    expect(checkRe2(`${'(?:'.repeat(2000)}a${')'.repeat(2000)}`)).toEqual({ count: 0, names: new Set() });
  });
});

/** A seeded sample of generated patterns (no expected verdict: promtool decides). */
function generatedPatterns(count: number): string[] {
  const tokens = [
    'a', 'é', '.', '^', '$', '|', '(', ')', '(?:', '(?i)', '(?P<n>', '(?', '(?-', '(?s:', '(?<n>', '(?=', '[', ']', '[^', '-', ':', '[:alpha:]', '[:foo:]',
    '*', '+', '?', '*?', '{', '}', '{2}', '{1,3}', '{0}', '{,2}', '{2,}', '{1000}', '{500}', '0', '1', '8', '\\', '\\d', '\\W', '\\pL', '\\p{Greek}',
    '\\p{Toto}', '\\p{^L}', '\\p', '\\Q', '\\E', '\\x', '\\x41', '\\x{', '\\x{41}', '\\1', '\\12', '\\0', '\\z', '\\Z', '\\b', '\\C', '\\n', '\\_', '\\]', '\\e',
  ];
  let seed = 20240607;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(next() * 7) }, () => tokens[Math.floor(next() * tokens.length)]).join(''));
}

describe('promtool (Go 1.19 regexp) agrees', () => {
  const unicodeNames = ['Any', 'L', 'Lu', 'Nd', 'Zs', 'Cs', 'Common', 'Inherited', 'Greek', 'Old_Italic', 'SignWriting', 'Nko', 'Zanabazar_Square'];
  const boundary = [`${'('.repeat(998)}a${')'.repeat(998)}`, `${'('.repeat(999)}a${')'.repeat(999)}`, `${'(?:'.repeat(2000)}a${')'.repeat(2000)}`];

  testWithPromtool('on every pattern of the tables, the boundaries and a generated sample', () => {
    const patterns = [...new Set([...VALID, ...INVALID.map(pattern), unicodeNames.map((n) => `\\p{${n}}`).join(''), ...boundary, ...generatedPatterns(400)])];
    const configs = patterns.map((re) =>
      prometheusConfigYaml({ scrape_configs: [{ job_name: 'j', relabel_configs: [{ source_labels: ['a'], regex: agentRelabelText(re), action: 'keep' }] }] }));
    const results = checkPrometheusConfigs(configs, { syntaxOnly: true });
    const disagreements = patterns
      .map((re, i) => ({ re, ours: checkRe2(re), promtool: results[i].ok, output: results[i].output }))
      .filter((d) => (typeof d.ours !== 'string') !== d.promtool);
    expect(disagreements).toEqual([]);
    // The check can fail: promtool does reject the invalid ones.
    expect(results.filter((r) => !r.ok).length).toBeGreaterThanOrEqual(INVALID.length);
  }, 120_000);
});
