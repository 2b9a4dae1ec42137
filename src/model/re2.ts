/**
 * Go's regular expressions (RE2 syntax), checked at synth time the way Go's `regexp/syntax` parses
 * them with Perl flags (what `regexp.Compile` does). The library's one checker for every regex it
 * emits:
 *
 *  - relabel regexes of custom scrape jobs and of PodMonitors/ServiceMonitors, which Prometheus
 *    compiles as `^(?:<regex>)$` (prometheus/model/relabel `NewRegexp`);
 *  - the settings ConfigMap's keep lists and pod-annotation namespace regex, which the agent first
 *    compiles on their own with `regexp.Compile` (an invalid one disables every keep list, NOTES
 *    §4.2.6) and then hands to Prometheus inside a relabel rule (`"<user>|<minimal>"`, §4.2.6/§4.2.7).
 *
 * A JavaScript RegExp accepts a different language (look-arounds, back-references) and rejects some
 * RE2 (`(?i)`, `\z`, `[[:alpha:]]`), so the syntax is walked here with Go's parser rules: escapes,
 * classes (POSIX and Unicode), flag groups, named groups, repetition (no nested operators, counts up
 * to 1000, also as the product of nested counts) and the parse-tree height limit of 1000.
 *
 * Where Go versions differ, only what all of them accept passes, so neither the agent's Go build nor
 * promtool's (Debian 2.42, Go 1.19) can reject what we emit:
 *  - named groups only as `(?P<name>...)`: `(?<name>...)` exists since Go 1.22;
 *  - Unicode classes only by the exact names of Go 1.19 (Unicode 13): `Any`, the general categories
 *    (`L`, `Lu`, ...) and the scripts' long names (`Greek`); later Go versions also accept aliases
 *    (`Letter`, `Grek`), other spellings (`greek`) and newer scripts (`Toto`, `Kawi`).
 *
 * Not modelled: Go's size limits ("expression too large": about 3.3 million compiled instructions or
 * 32 million class runes, i.e. thousands of `x{1000}` or `\pL` in one regex).
 *
 * Error texts are Go's (`<code>: \`<expression>\``, as after "error parsing regexp: "), sometimes
 * followed by a hint in parentheses.
 */

/** What a regex defines that a replacement template can refer to. */
export interface Re2Groups {
  /** Number of capture groups. */
  readonly count: number;
  /** Names of the named capture groups (Go allows a name more than once). */
  readonly names: ReadonlySet<string>;
}

/** Options of {@link checkRe2}. */
export interface Re2Options {
  /**
   * Also require the regex to compile on its own (Go's `regexp.Compile`), not only inside Prometheus'
   * `^(?:...)$`. Needed where the agent compiles the value by itself (settings keep lists); elsewhere
   * it rejects regexes that compile only thanks to the wrapping and change its anchoring (`a)|(b`).
   * @default false
   */
  readonly standalone?: boolean;
}

// --- Go's names ----------------------------------------------------------------------------------

/** Go's `unicode.Categories` keys (Go 1.19; no `Cn`, no `LC`). */
const UNICODE_CATEGORIES: ReadonlySet<string> = new Set([
  'C', 'Cc', 'Cf', 'Co', 'Cs', 'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn', 'N', 'Nd', 'Nl', 'No',
  'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs',
]);

/**
 * Go's `unicode.Scripts` keys in Go 1.19 (Unicode 13.0.0, the tables of golang/go src/unicode/tables.go
 * at go1.19.8): 156 long script names. Later Go versions only add to it.
 */
const UNICODE_SCRIPTS: ReadonlySet<string> = new Set([
  'Adlam', 'Ahom', 'Anatolian_Hieroglyphs', 'Arabic', 'Armenian', 'Avestan', 'Balinese', 'Bamum', 'Bassa_Vah', 'Batak', 'Bengali',
  'Bhaiksuki', 'Bopomofo', 'Brahmi', 'Braille', 'Buginese', 'Buhid', 'Canadian_Aboriginal', 'Carian', 'Caucasian_Albanian', 'Chakma', 'Cham',
  'Cherokee', 'Chorasmian', 'Common', 'Coptic', 'Cuneiform', 'Cypriot', 'Cyrillic', 'Deseret', 'Devanagari', 'Dives_Akuru', 'Dogra',
  'Duployan', 'Egyptian_Hieroglyphs', 'Elbasan', 'Elymaic', 'Ethiopic', 'Georgian', 'Glagolitic', 'Gothic', 'Grantha', 'Greek', 'Gujarati',
  'Gunjala_Gondi', 'Gurmukhi', 'Han', 'Hangul', 'Hanifi_Rohingya', 'Hanunoo', 'Hatran', 'Hebrew', 'Hiragana', 'Imperial_Aramaic',
  'Inherited', 'Inscriptional_Pahlavi', 'Inscriptional_Parthian', 'Javanese', 'Kaithi', 'Kannada', 'Katakana', 'Kayah_Li', 'Kharoshthi',
  'Khitan_Small_Script', 'Khmer', 'Khojki', 'Khudawadi', 'Lao', 'Latin', 'Lepcha', 'Limbu', 'Linear_A', 'Linear_B', 'Lisu', 'Lycian',
  'Lydian', 'Mahajani', 'Makasar', 'Malayalam', 'Mandaic', 'Manichaean', 'Marchen', 'Masaram_Gondi', 'Medefaidrin', 'Meetei_Mayek',
  'Mende_Kikakui', 'Meroitic_Cursive', 'Meroitic_Hieroglyphs', 'Miao', 'Modi', 'Mongolian', 'Mro', 'Multani', 'Myanmar', 'Nabataean',
  'Nandinagari', 'New_Tai_Lue', 'Newa', 'Nko', 'Nushu', 'Nyiakeng_Puachue_Hmong', 'Ogham', 'Ol_Chiki', 'Old_Hungarian', 'Old_Italic',
  'Old_North_Arabian', 'Old_Permic', 'Old_Persian', 'Old_Sogdian', 'Old_South_Arabian', 'Old_Turkic', 'Oriya', 'Osage', 'Osmanya',
  'Pahawh_Hmong', 'Palmyrene', 'Pau_Cin_Hau', 'Phags_Pa', 'Phoenician', 'Psalter_Pahlavi', 'Rejang', 'Runic', 'Samaritan', 'Saurashtra',
  'Sharada', 'Shavian', 'Siddham', 'SignWriting', 'Sinhala', 'Sogdian', 'Sora_Sompeng', 'Soyombo', 'Sundanese', 'Syloti_Nagri', 'Syriac',
  'Tagalog', 'Tagbanwa', 'Tai_Le', 'Tai_Tham', 'Tai_Viet', 'Takri', 'Tamil', 'Tangut', 'Telugu', 'Thaana', 'Thai', 'Tibetan', 'Tifinagh',
  'Tirhuta', 'Ugaritic', 'Vai', 'Wancho', 'Warang_Citi', 'Yezidi', 'Yi', 'Zanabazar_Square',
]);

/** Go's POSIX classes (`[[:alpha:]]`, `[[:^alpha:]]`). */
const POSIX_CLASSES = ['alnum', 'alpha', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'word', 'xdigit'];
const POSIX_CLASS_NAMES: ReadonlySet<string> = new Set(POSIX_CLASSES.flatMap((n) => [`[:${n}:]`, `[:^${n}:]`]));

/** Go's limit on a repeat count, and on the product of nested counts. */
const MAX_REPEAT = 1000;
/** Go's limit on the height of the parse tree. */
const MAX_HEIGHT = 1000;
/** Longest expression quoted in an error text. */
const MAX_QUOTED = 200;

/** An unpaired UTF-16 surrogate: the string has no UTF-8 form, which Go requires. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// --- Parse tree ----------------------------------------------------------------------------------

/**
 * The parse tree, as far as Go's limits need it. Like Go's, it merges adjacent literal characters into
 * one string node, hoists nested concatenations and alternations, and turns alternatives of single
 * characters into one class. Go's factoring of common prefixes out of alternatives (`ab|a` becomes
 * `a(?:b|)`) is not modelled: it can add a level, so the height may be one short of Go's there.
 */
type Re2Node =
  | Re2Leaf
  | { readonly kind: 'capture'; readonly sub: Re2Node; readonly height: number }
  | { readonly kind: 'concat' | 'alternate'; readonly subs: readonly Re2Node[]; readonly height: number }
  | { readonly kind: 'repeat'; readonly min: number; readonly max: number; readonly counted: boolean; readonly sub: Re2Node; readonly height: number };
interface Re2Leaf {
  readonly kind: 'leaf';
  /** A literal character or string, matched exactly or case-folded (`(?i)`): Go merges adjacent literals of the same kind. */
  readonly literal?: 'exact' | 'folded';
  /** Matches exactly one character: a literal character, a class, `.` (merged when they are alternatives). */
  readonly single: boolean;
  /** The empty match (consecutive ones are merged when they are alternatives). */
  readonly empty?: true;
  readonly height: 1;
}

const CLASS: Re2Leaf = { kind: 'leaf', single: true, height: 1 };
/** Anchors and word boundaries. */
const ASSERTION: Re2Leaf = { kind: 'leaf', single: false, height: 1 };
const EMPTY: Re2Leaf = { kind: 'leaf', single: false, empty: true, height: 1 };
const literal = (folded: boolean, single: boolean): Re2Leaf => ({ kind: 'leaf', literal: folded ? 'folded' : 'exact', single, height: 1 });

/** One open group: the finished alternatives and the items of the current one. */
interface Re2Frame {
  readonly capture: boolean;
  /** Whether `(?i)` was in effect where the group opened (restored at its end). */
  readonly folded: boolean;
  readonly alternatives: Re2Node[];
  items: Re2Node[];
}

/** Go's `repeatIsValid`: nested counted repetitions may not multiply beyond 1000. */
function repeatIsValid(node: Re2Node, n: number): boolean {
  let budget = n;
  if (node.kind === 'repeat' && node.counted) {
    const m = node.max < 0 ? node.min : node.max;
    if (node.max === 0) return true;
    if (m > budget) return false;
    if (m > 0) budget = Math.floor(budget / m);
  }
  if (node.kind === 'capture' || node.kind === 'repeat') return repeatIsValid(node.sub, budget);
  if (node.kind === 'concat' || node.kind === 'alternate') return node.subs.every((s) => repeatIsValid(s, budget));
  return true;
}

class Re2Failure extends Error {}

const isOctal = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isAsciiAlnum = (c: string) => /^[0-9A-Za-z]$/.test(c);
const hexValue = (c: string | undefined) => (c !== undefined && /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1);

/** A hint for a rejected `(?` group at j whose flags stopped at the character before k. */
function perlHint(s: readonly string[], j: number, k: number): string | undefined {
  const a = s[j + 2];
  const b = s[j + 3];
  if (a === '=' || a === '!' || (a === '<' && (b === '=' || b === '!'))) return 'RE2 has no lookaround assertions';
  if (a === '<') return 'write named groups as (?P<name>...): Go before 1.22 rejects (?<name>...)';
  if (a === '>') return 'RE2 has no atomic groups';
  if (a === 'P' && (b === '=' || b === '>')) return 'RE2 has no backreferences or recursion';
  if (a === '#') return 'RE2 has no comments';
  const bad = s[k - 1];
  if (/^[a-zA-Z]$/.test(bad)) return 'the flags are i, m, s and U';
  if (bad === '-' || bad === ':' || bad === ')') return 'a "-" comes once and must be followed by flags';
  return undefined;
}

function escapeHint(c: string, inClass: boolean): string | undefined {
  if (/^[1-9k]$/.test(c)) return 'RE2 has no backreferences';
  if (c === 'Z') return 'write \\z for the end of the text';
  if (inClass && c === 'b') return 'a word boundary cannot be part of a class; write \\x08 for a backspace';
  if (c.codePointAt(0)! >= 0x80) return 'Go escapes only ASCII punctuation';
  return undefined;
}

const UNICODE_HINT = 'Go knows Any, the general categories such as L or Nd, and the Unicode 13 scripts by their long names such as Greek';

/**
 * Parses `pattern` as Go does; returns the capture groups or throws {@link Re2Failure} with Go's
 * message. The parse works on code points, as Go's does on runes.
 */
function parse(pattern: string): Re2Groups {
  if (LONE_SURROGATE.test(pattern)) throw new Re2Failure('invalid UTF-8');
  const s = Array.from(pattern);
  const text = (from: number, to: number) => s.slice(from, to).join('');
  const fail = (code: string, expr?: string, hint?: string): never => {
    // Go quotes the whole expression for some errors; long ones are shortened here.
    const shown = expr !== undefined && Array.from(expr).length > MAX_QUOTED ? `${Array.from(expr).slice(0, MAX_QUOTED - 3).join('')}...` : expr;
    throw new Re2Failure(`${code}${shown === undefined ? '' : `: \`${shown}\``}${hint ? ` (${hint})` : ''}`);
  };

  let count = 0;
  const names = new Set<string>();
  /** `(?i)` in effect. */
  let folded = false;
  const frames: Re2Frame[] = [{ capture: false, folded, alternatives: [], items: [] }];
  const open = (capture: boolean) => frames.push({ capture, folded, alternatives: [], items: [] });
  const frame = () => frames[frames.length - 1];

  const checked = (node: Re2Node): Re2Node => {
    if (node.height > MAX_HEIGHT) fail('expression nests too deeply', pattern);
    return node;
  };
  const concat = (items: readonly Re2Node[]): Re2Node => {
    const subs: Re2Node[] = [];
    for (const item of items) {
      const last = subs[subs.length - 1];
      if (item.kind === 'concat') {
        subs.push(...item.subs);
      } else if (item.kind === 'leaf' && item.literal && last?.kind === 'leaf' && last.literal === item.literal) {
        subs[subs.length - 1] = literal(item.literal === 'folded', false);
      } else {
        subs.push(item);
      }
    }
    if (subs.length === 0) return EMPTY;
    if (subs.length === 1) return subs[0];
    return checked({ kind: 'concat', subs, height: 1 + subs.reduce((h, n) => Math.max(h, n.height), 0) });
  };
  const alternate = (f: Re2Frame): Re2Node => {
    const subs: Re2Node[] = [];
    for (const alternative of [...f.alternatives, concat(f.items)]) {
      for (const n of alternative.kind === 'alternate' ? alternative.subs : [alternative]) {
        const last = subs[subs.length - 1];
        if (n.kind === 'leaf' && n.single && last?.kind === 'leaf' && last.single) subs[subs.length - 1] = CLASS;
        else if (!(n === EMPTY && last === EMPTY)) subs.push(n);
      }
    }
    if (subs.length === 1) return subs[0];
    return checked({ kind: 'alternate', subs, height: 1 + subs.reduce((h, n) => Math.max(h, n.height), 0) });
  };
  const push = (node: Re2Node) => frame().items.push(node);

  /** An escape at j (a backslash) that stands for one character: the index after it. */
  const parseEscape = (j: number, inClass: boolean): { cp: number; next: number } => {
    const c = s[j + 1];
    if (c === undefined) return fail('trailing backslash at end of expression');
    const code = c.codePointAt(0)!;
    if (code < 0x80 && !isAsciiAlnum(c)) return { cp: code, next: j + 2 };
    if (c === '0' || (c >= '1' && c <= '7' && isOctal(s[j + 2]))) {
      let v = code - 48;
      let k = j + 2;
      for (let n = 1; n < 3 && isOctal(s[k]); n++, k++) v = v * 8 + (s[k].codePointAt(0)! - 48);
      return { cp: v, next: k };
    }
    if (c === 'x') {
      let k = j + 2;
      if (s[k] === '{') {
        k++;
        let v = 0;
        let digits = 0;
        while (k < s.length) {
          const d = s[k++];
          if (d === '}') {
            if (digits === 0) break;
            return { cp: v, next: k };
          }
          const h = hexValue(d);
          if (h < 0) break;
          v = v * 16 + h;
          if (v > 0x10ffff) break;
          digits++;
        }
        return fail('invalid escape sequence', text(j, k));
      }
      const x = hexValue(s[k]);
      const y = hexValue(s[k + 1]);
      if (x >= 0 && y >= 0) return { cp: x * 16 + y, next: k + 2 };
      return fail('invalid escape sequence', text(j, Math.min(k + 2, s.length)));
    }
    const simple: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (simple[c] !== undefined) return { cp: simple[c], next: j + 2 };
    return fail('invalid escape sequence', text(j, j + 2), escapeHint(c, inClass));
  };

  /** `\p{Name}`, `\pL`, `\P...`, `\p{^Name}` at j: the index after it. */
  const parseUnicodeClass = (j: number): number => {
    let name: string;
    let next: number;
    if (s[j + 2] === '{') {
      const end = s.indexOf('}', j + 3);
      if (end < 0) fail('invalid character class range', text(j, s.length));
      name = text(j + 3, end);
      next = end + 1;
    } else {
      name = s[j + 2] ?? '';
      next = Math.min(j + 3, s.length);
    }
    if (name.startsWith('^')) name = name.slice(1);
    if (name !== 'Any' && !UNICODE_CATEGORIES.has(name) && !UNICODE_SCRIPTS.has(name)) {
      fail('invalid character class range', text(j, next), UNICODE_HINT);
    }
    return next;
  };

  const isPerlClass = (j: number) => s[j] === '\\' && s[j + 1] !== undefined && 'dDsSwW'.includes(s[j + 1]);
  const isUnicodeClass = (j: number) => s[j] === '\\' && (s[j + 1] === 'p' || s[j + 1] === 'P');

  /** A character class at j (`[`): the index after it. */
  const parseClass = (j: number): number => {
    const classChar = (k: number) => {
      if (k >= s.length) return fail('missing closing ]', text(j, s.length));
      return s[k] === '\\' ? parseEscape(k, true) : { cp: s[k].codePointAt(0)!, next: k + 1 };
    };
    let k = s[j + 1] === '^' ? j + 2 : j + 1;
    // A `]` right after `[` or `[^` is a literal.
    for (let first = true; first || k >= s.length || s[k] !== ']'; first = false) {
      if (s[k] === '[' && s[k + 1] === ':' && k + 2 < s.length) {
        // Go takes the next ":]" anywhere in the rest of the expression as the end of the name.
        const end = s.findIndex((c, m) => m >= k + 2 && c === ':' && s[m + 1] === ']');
        if (end >= 0) {
          const name = text(k, end + 2);
          if (!POSIX_CLASS_NAMES.has(name)) fail('invalid character class range', name, `POSIX classes: ${POSIX_CLASSES.join(', ')}`);
          k = end + 2;
          continue;
        }
      }
      if (isUnicodeClass(k)) {
        k = parseUnicodeClass(k);
        continue;
      }
      if (isPerlClass(k)) {
        k += 2;
        continue;
      }
      const rangeStart = k;
      const lo = classChar(k);
      k = lo.next;
      // `[a-]` is `a` or `-`.
      if (s[k] === '-' && k + 1 < s.length && s[k + 1] !== ']') {
        const hi = classChar(k + 1);
        if (hi.cp < lo.cp) fail('invalid character class range', text(rangeStart, hi.next));
        k = hi.next;
      }
    }
    return k + 1;
  };

  /** `(?` at j: a named group, a flag group or flags alone. The index after the opening. */
  const parsePerlGroup = (j: number): number => {
    if (s[j + 2] === 'P' && s[j + 3] === '<' && j + 4 < s.length) {
      const end = s.indexOf('>', j);
      if (end < 0) fail('invalid named capture', text(j, s.length));
      const name = text(j + 4, end);
      if (!/^[A-Za-z0-9_]+$/.test(name)) fail('invalid named capture', text(j, end + 1));
      count++;
      names.add(name);
      open(true);
      return end + 1;
    }
    let k = j + 2;
    let negated = false;
    let sawFlag = false;
    let fold = folded;
    while (k < s.length) {
      const c = s[k++];
      if (c === 'i' || c === 'm' || c === 's' || c === 'U') {
        sawFlag = true;
        if (c === 'i') fold = !negated;
      } else if (c === '-' && !negated) {
        negated = true;
        sawFlag = false;
      } else if ((c === ':' || c === ')') && (!negated || sawFlag)) {
        if (c === ':') open(false);
        folded = fold;
        return k;
      } else {
        return fail('invalid or unsupported Perl syntax', text(j, k), perlHint(s, j, k));
      }
    }
    return fail('invalid or unsupported Perl syntax', text(j, k));
  };

  /** `{n}`, `{n,}` or `{n,m}` at j; undefined when the `{` is a literal (Go's parseRepeat). */
  const parseRepeat = (j: number): { min: number; max: number; next: number } | undefined => {
    const int = (k: number): { value: number; next: number } | undefined => {
      // No leading zeros; Go gives up after nine digits (-1: too big).
      if (!isDigit(s[k]) || (s[k] === '0' && isDigit(s[k + 1]))) return undefined;
      let m = k;
      while (isDigit(s[m])) m++;
      const digits = text(k, m);
      return { value: digits.length > 9 ? -1 : Number(digits), next: m };
    };
    const lo = int(j + 1);
    if (!lo) return undefined;
    let min = lo.value;
    let max = min;
    let k = lo.next;
    if (s[k] === ',') {
      k++;
      if (s[k] === '}') {
        max = -1;
      } else {
        const hi = int(k);
        if (!hi) return undefined;
        max = hi.value;
        k = hi.next;
        if (max < 0) min = -1;
      }
    }
    if (s[k] !== '}') return undefined;
    return { min, max, next: k + 1 };
  };

  /** Start index of the previous item when it was a repetition operator, else -1. */
  let lastRepeat = -1;

  /** Applies the operator s[start..afterOp) (plus a lazy `?`) to the last item; the index after it. */
  const repeat = (start: number, afterOp: number, min: number, max: number, counted: boolean): number => {
    const end = s[afterOp] === '?' ? afterOp + 1 : afterOp;
    if (lastRepeat >= 0) {
      fail('invalid nested repetition operator', text(lastRepeat, end), s[start] === '+' && end === start + 1 ? 'RE2 has no possessive quantifiers' : undefined);
    }
    const items = frame().items;
    if (items.length === 0) fail('missing argument to repetition operator', text(start, end));
    const sub = items.pop()!;
    const node = checked({ kind: 'repeat', min, max, counted, sub, height: 1 + sub.height });
    if (counted && (min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT)) fail('invalid repeat count', text(start, end));
    items.push(node);
    return end;
  };

  let i = 0;
  while (i < s.length) {
    const c = s[i];
    const start = i;
    const counts = c === '{' ? parseRepeat(i) : undefined;
    let repeated = false;
    if (c === '(') {
      if (s[i + 1] === '?') {
        i = parsePerlGroup(i);
      } else {
        count++;
        open(true);
        i++;
      }
    } else if (c === '|') {
      const f = frame();
      f.alternatives.push(concat(f.items));
      f.items = [];
      i++;
    } else if (c === ')') {
      if (frames.length === 1) fail('unexpected )', pattern);
      const f = frames.pop()!;
      folded = f.folded;
      const content = alternate(f);
      push(f.capture ? checked({ kind: 'capture', sub: content, height: 1 + content.height }) : content);
      i++;
    } else if (c === '[') {
      i = parseClass(i);
      push(CLASS);
    } else if (c === '*' || c === '+' || c === '?') {
      i = repeat(start, i + 1, c === '+' ? 1 : 0, c === '?' ? 1 : -1, false);
      repeated = true;
    } else if (counts) {
      const r = counts;
      if (r.min < 0 || r.min > MAX_REPEAT || r.max > MAX_REPEAT || (r.max >= 0 && r.min > r.max)) fail('invalid repeat count', text(i, r.next));
      i = repeat(start, r.next, r.min, r.max, true);
      repeated = true;
    } else if (c === '\\') {
      const n = s[i + 1];
      if (n === 'A' || n === 'b' || n === 'B' || n === 'z') {
        push(ASSERTION);
        i += 2;
      } else if (n === 'C') {
        fail('invalid escape sequence', '\\C', 'RE2 cannot match single bytes');
      } else if (n === 'Q') {
        // Literal text up to `\E` or the end of the expression.
        let k = i + 2;
        for (; k < s.length && !(s[k] === '\\' && s[k + 1] === 'E'); k++) push(literal(folded, true));
        i = k < s.length ? k + 2 : k;
      } else if (isUnicodeClass(i)) {
        i = parseUnicodeClass(i);
        push(CLASS);
      } else if (isPerlClass(i)) {
        push(CLASS);
        i += 2;
      } else {
        i = parseEscape(i, false).next;
        push(literal(folded, true));
      }
    } else {
      // Literals, `{` that is no repetition, `.`, `^` and `$`.
      push(c === '.' ? CLASS : c === '^' || c === '$' ? ASSERTION : literal(folded, true));
      i++;
    }
    lastRepeat = repeated ? start : -1;
  }
  if (frames.length > 1) fail('missing closing )', pattern);
  alternate(frames[0]);
  return { count, names };
}

function attempt(pattern: string): Re2Groups | string {
  try {
    return parse(pattern);
  } catch (e) {
    if (e instanceof Re2Failure) return e.message;
    throw e;
  }
}

/**
 * Checks a regex as Go's `regexp.Compile` does, on its own: returns its capture groups, or why Go
 * rejects it.
 */
export function checkRe2Unanchored(regex: string): Re2Groups | string {
  return attempt(regex);
}

/**
 * Checks a regex the way Prometheus compiles it: Go's RE2 syntax (regexp/syntax with Perl flags) on
 * `^(?:<regex>)$`. Returns the capture groups, or an error text. RE2 has no lookarounds (`(?=`, `(?!`,
 * `(?<=`, `(?<!`), no backreferences (`\1`), no atomic groups or possessive quantifiers. Named groups
 * must be written `(?P<name>...)`.
 *
 * The wrapping makes a difference in both directions: `\Qa.b` compiles alone but swallows the closing
 * `)$`, and `a)|(b` compiles only wrapped (see {@link Re2Options.standalone}). Errors found in the regex
 * itself are reported in its own terms.
 */
export function checkRe2(regex: string, options: Re2Options = {}): Re2Groups | string {
  const alone = attempt(regex);
  if (options.standalone && typeof alone === 'string') return alone;
  const wrapped = attempt(`^(?:${regex})$`);
  if (typeof wrapped !== 'string') return wrapped;
  if (typeof alone === 'string') return alone;
  const why = regex.includes('\\Q')
    ? 'Prometheus compiles "^(?:<regex>)$", and a \\Q without \\E quotes its closing ")$" too'
    : 'as Prometheus compiles it, "^(?:<regex>)$"';
  return `${wrapped} (${why})`;
}
