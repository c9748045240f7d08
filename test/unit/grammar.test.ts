import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { IGrammar } from 'vscode-textmate';
import {
  DEFAULT_THEMES,
  colourOf,
  contrast,
  flowLogGrammar,
  hsl,
  scopesOf,
  themedGrammar,
  tokenizeLines,
  type ThemeName,
  type Token,
} from './editor/textmate';

const samples = path.join(__dirname, '..', '..', '..', 'samples');

function sampleLines(file: string): string[] {
  const buffer = fs.readFileSync(path.join(samples, file));
  const text = file.endsWith('.gz') ? zlib.gunzipSync(buffer).toString('utf8') : buffer.toString('utf8');
  // The editor hands the tokenizer lines without their end-of-line characters.
  return text.split(/\r?\n/).filter((line, i, all) => line !== '' || i < all.length - 1);
}

const FLOW_LOG_SCOPE = /\.vpc-flow-log$/;
/** The innermost scope a rule gave the token; '' when only the grammar's root scope covers it. */
const innermost = (scopes: readonly string[]): string => (scopes.length > 1 ? scopes[scopes.length - 1]! : '');
const hasScope = (scopes: readonly string[], prefix: string): boolean => scopes.some((s) => s === prefix || s.startsWith(`${prefix}.`));

// Real lines from the samples (see samples/README.md in the fixtures) and a few hand-made ones for
// values the samples do not contain (IPv6, `unknown` account, SKIPDATA).
const ACCEPT_LINE = '2 123456789012 eni-0a1b2c3d4e5f60718 18.237.140.160 10.1.5.112 49395 22 6 17 1105 1732694400 1732694462 ACCEPT OK';
const REJECT_LINE = '2 123456789012 eni-0a1b2c3d4e5f60718 89.60.157.144 10.1.5.112 54509 3389 6 1 40 1732694462 1732694523 REJECT OK';
const NODATA_LINE = '2 123456789012 eni-0a1b2c3d4e5f60718 - - - - - - - 1732694462 1732694523 - NODATA';
const SKIPDATA_LINE = '2 unknown eni-0a1b2c3d4e5f60718 - - - - - - - 1732694462 1732694523 - SKIPDATA';
const IPV6_LINE = '3 vpc-0abc1234def567890 subnet-01234abcd5678ef90 i-0123456789abcdef0 eni-0a1b2c3d4e5f60718 123456789012 IPv6 2600:1f14:abc:de00::12 2606:4700::6810:84e5 443 51000 6 3 180 1732694400 1732694462 ACCEPT 18 OK';
const CUSTOM_REJECT_LINE = '5 vpc-0abc1234def567890 subnet-01234abcd5678ef90 i-0123456789abcdef0 eni-0a1b2c3d4e5f60718 123456789012 IPv4 45.228.155.37 10.1.5.112 6966 9200 45.228.155.37 10.1.5.112 6 60 1 1732694400 1732694463 REJECT 2 OK us-west-2 usw2-az1 - - - - ingress -';
const HEADER_LINE = 'version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status';

describe('flow log grammar', () => {
  let grammar: IGrammar;
  const tokens = (line: string): Token[] => tokenizeLines(grammar, [line])[0]!;

  before(async () => {
    grammar = await flowLogGrammar();
  });

  it('tokenizes every line of every sample, giving every value of a well-formed record a flow log scope', () => {
    const files = fs.readdirSync(samples).filter((f) => /\.log(\.gz)?$/.test(f));
    assert.ok(files.length >= 5, `only ${files.length} samples found in ${samples}`);
    let checked = 0;
    for (const file of files) {
      const lines = sampleLines(file);
      tokenizeLines(grammar, lines).forEach((lineTokens, i) => {
        const line = lines[i]!;
        // The tokens cover the line exactly, in order.
        assert.equal(lineTokens.map((t) => t.text).join(''), line, `${file}:${i + 1}`);
        if (file === 'malformed.log') {
          return;
        }
        for (const token of lineTokens.filter((t) => t.text.trim() !== '')) {
          assert.match(innermost(token.scopes), FLOW_LOG_SCOPE, `${file}:${i + 1}: "${token.text}" has no flow log scope (${token.scopes.join(' ')})`);
        }
        checked++;
      });
    }
    assert.ok(checked > 1000, `only ${checked} lines checked`);
  });

  it('gives ACCEPT and REJECT different scopes: REJECT invalid, ACCEPT inserted', () => {
    const accept = scopesOf(tokens(ACCEPT_LINE), 'ACCEPT');
    const reject = scopesOf(tokens(REJECT_LINE), 'REJECT');
    assert.notDeepEqual(accept, reject);
    assert.ok(hasScope(reject, 'invalid.illegal'), reject.join(' '));
    assert.ok(hasScope(accept, 'markup.inserted'), accept.join(' '));
    assert.ok(!hasScope(accept, 'invalid'), accept.join(' '));
    // The same words in a custom-format line, scoped without knowing the format.
    assert.deepEqual(scopesOf(tokens(CUSTOM_REJECT_LINE), 'REJECT'), reject);
    assert.deepEqual(scopesOf(tokens(IPV6_LINE), 'ACCEPT'), accept);
  });

  const kinds: [what: string, line: string, text: string, scope: string][] = [
    ['NODATA, muted', NODATA_LINE, 'NODATA', 'comment.other.status.nodata'],
    ['SKIPDATA, muted', SKIPDATA_LINE, 'SKIPDATA', 'comment.other.status.skipdata'],
    ['the OK log-status', ACCEPT_LINE, 'OK', 'constant.language.status.ok'],
    ['an IPv4 source address', ACCEPT_LINE, '18.237.140.160', 'entity.name.function.address.ipv4'],
    ['an IPv4 destination address', REJECT_LINE, '10.1.5.112', 'entity.name.function.address.ipv4'],
    ['an IPv6 address', IPV6_LINE, '2600:1f14:abc:de00::12', 'entity.name.function.address.ipv6'],
    ['a compressed IPv6 address', IPV6_LINE, '2606:4700::6810:84e5', 'entity.name.function.address.ipv6'],
    ['an interface id', ACCEPT_LINE, 'eni-0a1b2c3d4e5f60718', 'variable.other.constant.resource-id.interface'],
    ['a VPC id', IPV6_LINE, 'vpc-0abc1234def567890', 'variable.other.constant.resource-id.vpc'],
    ['a subnet id', IPV6_LINE, 'subnet-01234abcd5678ef90', 'variable.other.constant.resource-id.subnet'],
    ['an instance id', IPV6_LINE, 'i-0123456789abcdef0', 'variable.other.constant.resource-id.instance'],
    ['an account id', ACCEPT_LINE, '123456789012', 'variable.other.account-id'],
    ['an unknown account', SKIPDATA_LINE, 'unknown', 'variable.other.account-id'],
    ['a source port', ACCEPT_LINE, '49395', 'constant.numeric.integer.port'],
    ['a destination port', REJECT_LINE, '3389', 'constant.numeric.integer.port'],
    ['a protocol number', REJECT_LINE, '6', 'constant.numeric.integer.protocol'],
    ['a packet count', ACCEPT_LINE, '17', 'constant.numeric.integer.packets'],
    ['a byte count', ACCEPT_LINE, '1105', 'constant.numeric.integer.bytes'],
    ['a start timestamp', ACCEPT_LINE, '1732694400', 'constant.numeric.timestamp'],
    ['an end timestamp in a custom format', IPV6_LINE, '1732694462', 'constant.numeric.timestamp'],
    ['the version', ACCEPT_LINE, '2', 'constant.numeric.integer.version'],
    ['the version of a custom format', CUSTOM_REJECT_LINE, '5', 'constant.numeric.integer.version'],
    ['the `-` placeholder', NODATA_LINE, '-', 'comment.other.placeholder'],
    ['the traffic type', IPV6_LINE, 'IPv6', 'support.constant.traffic-type'],
    ['the region', CUSTOM_REJECT_LINE, 'us-west-2', 'support.constant.region'],
    ['the availability zone id', CUSTOM_REJECT_LINE, 'usw2-az1', 'support.constant.az-id'],
    ['the flow direction', CUSTOM_REJECT_LINE, 'ingress', 'support.constant.flow-direction'],
    ['the S3 header line', HEADER_LINE, HEADER_LINE, 'markup.heading.header'],
  ];
  for (const [what, line, text, scope] of kinds) {
    it(`scopes ${what}`, () => {
      const scopes = scopesOf(tokens(line), text);
      assert.equal(innermost(scopes), `${scope}.vpc-flow-log`);
    });
  }

  it('tells ports, protocol and counters apart only where the format says which is which', () => {
    // Default format: column 7 is dstport, 8 protocol; the same number 6 elsewhere is not a protocol.
    const line = '2 123456789012 eni-0a1b2c3d4e5f60718 10.1.5.112 10.2.15.210 6 6 6 6 6 1732694400 1732694460 ACCEPT OK';
    const numbers = tokens(line).filter((t) => t.text === '6').map((t) => innermost(t.scopes));
    assert.deepEqual(numbers, ['port', 'port', 'protocol', 'packets', 'bytes'].map((k) => `constant.numeric.integer.${k}.vpc-flow-log`));
    // A custom-format line: a number is just an integer.
    assert.equal(innermost(scopesOf(tokens(CUSTOM_REJECT_LINE), '6966')), 'constant.numeric.integer.vpc-flow-log');
  });

  it('does not let a malformed line change how the following lines are tokenized', () => {
    const bad = [
      ...sampleLines('malformed.log'),
      '<html><script>alert(1)</script></html>',
      'version',
      '"unterminated ${srcaddr',
      '2 123456789012 eni-0a1b2c3d4e5f60718 18.237.140.165 10.1.5.112 43416 22 6 4 344 1732694400 1732694460 ACCEPT OK extra \\',
    ];
    const good = [ACCEPT_LINE, REJECT_LINE, NODATA_LINE, IPV6_LINE, HEADER_LINE];
    const alone = good.map((line) => tokens(line));
    for (const malformed of bad) {
      const [, ...after] = tokenizeLines(grammar, [malformed, ...good]);
      assert.deepEqual(after, alone, `after ${JSON.stringify(malformed)}`);
    }
    // And inside the malformed sample, its good lines (1, 6, 8, 11) look as they do on their own.
    const lines = sampleLines('malformed.log');
    const inOrder = tokenizeLines(grammar, lines);
    for (const n of [1, 6, 8, 11]) {
      assert.deepEqual(inOrder[n - 1], tokens(lines[n - 1]!), `line ${n}`);
      assert.ok(inOrder[n - 1]!.some((t) => hasScope(t.scopes, 'constant.numeric.integer.port')), `line ${n} lost its columns`);
    }
  });

  it('does not give a bad value the scope of the good value of its column', () => {
    const lines = sampleLines('malformed.log');
    assert.equal(innermost(scopesOf(tokens(lines[2]!), 'twenty-two')), '');
    assert.ok(!tokens(lines[6]!).some((t) => hasScope(t.scopes, 'invalid') || hasScope(t.scopes, 'markup.inserted')));
  });
});

describe('flow log grammar in the default themes', () => {
  const themes = Object.keys(DEFAULT_THEMES) as ThemeName[];
  const isRed = (hex: string): boolean => {
    const { hue, saturation } = hsl(hex);
    return (hue <= 20 || hue >= 340) && saturation >= 0.4;
  };
  const isCalm = (hex: string): boolean => {
    const { hue, saturation } = hsl(hex);
    return hue >= 75 && hue <= 250 && saturation >= 0.2;
  };

  for (const name of themes) {
    it(`${name}: REJECT is red and bold, ACCEPT a calm colour, each unlike anything else on the line`, async () => {
      const theme = await themedGrammar(name);
      for (const [acceptLine, rejectLine] of [[ACCEPT_LINE, REJECT_LINE], [IPV6_LINE, CUSTOM_REJECT_LINE]] as const) {
        const acceptTokens = theme.colour(acceptLine);
        const rejectTokens = theme.colour(rejectLine);
        const accept = colourOf(acceptTokens, 'ACCEPT');
        const reject = colourOf(rejectTokens, 'REJECT');
        assert.notEqual(reject.foreground, accept.foreground, 'REJECT and ACCEPT have the same colour');
        assert.ok(isRed(reject.foreground), `REJECT is ${reject.foreground}, not red`);
        assert.ok(reject.bold, 'REJECT is not bold');
        assert.ok(isCalm(accept.foreground), `ACCEPT is ${accept.foreground}, not green, teal or blue`);
        for (const [tokens, token, word] of [[acceptTokens, accept, 'ACCEPT'], [rejectTokens, reject, 'REJECT']] as const) {
          const others = tokens.filter((t) => t.text.trim() !== '' && t.text !== word);
          const same = others.filter((t) => t.foreground === token.foreground).map((t) => t.text);
          assert.deepEqual(same, [], `${word} (${token.foreground}) looks like other values`);
          assert.notEqual(token.foreground, theme.foreground, `${word} is plain text`);
        }
        // Legible: at least the 3:1 contrast WCAG asks of large or bold text.
        assert.ok(contrast(reject.foreground, theme.background) >= 3, `REJECT ${reject.foreground} on ${theme.background}`);
        assert.ok(contrast(accept.foreground, theme.background) >= 3, `ACCEPT ${accept.foreground} on ${theme.background}`);
      }
    });

    it(`${name}: NODATA, SKIPDATA and the placeholder are muted`, async () => {
      const theme = await themedGrammar(name);
      const text = contrast(theme.foreground, theme.background);
      for (const [line, word] of [[NODATA_LINE, 'NODATA'], [SKIPDATA_LINE, 'SKIPDATA'], [NODATA_LINE, '-']] as const) {
        const token = colourOf(theme.colour(line), word);
        assert.ok(contrast(token.foreground, theme.background) < text, `${word} ${token.foreground} stands out as much as text ${theme.foreground}`);
        assert.ok(!isRed(token.foreground), `${word} is red`);
      }
    });
  }
});
