// The Logs Insights grammar tokenized with vscode-textmate + vscode-oniguruma (what VS Code uses), in
// plain Node: commands, functions, fields, strings, regexes, comments and numbers get their scopes, and
// every catalogue query tokenizes without falling back to unscoped text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { CATALOG } from '../../../src/insights/core/catalog';
import { withParsePrefix } from '../../../src/insights/core/parsePrefix';
import { SAMPLE_FORMATS } from './formats';

const root = path.join(__dirname, '..', '..', '..', '..');
const grammarPath = path.join(root, 'syntaxes', 'logs-insights.tmLanguage.json');
const SCOPE = 'source.logs-insights';

interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

async function loadGrammar(): Promise<textmate.IGrammar> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  // loadWASM returns the same promise when called again (the flow log grammar tests load it too).
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => oniguruma.createOnigScanner(patterns),
      createOnigString: (text: string) => oniguruma.createOnigString(text),
    }),
    loadGrammar: (scopeName) => Promise.resolve(scopeName === SCOPE ? textmate.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null),
  });
  const grammar = await registry.loadGrammar(SCOPE);
  assert.ok(grammar, 'grammar did not load');
  return grammar;
}

describe('Logs Insights grammar', () => {
  let grammar: textmate.IGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  const tokenize = (text: string): Token[][] => {
    let state = textmate.INITIAL;
    return text.split('\n').map((line) => {
      const result = grammar.tokenizeLine(line, state);
      state = result.ruleStack;
      return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
    });
  };
  /** The innermost scope of the first token whose text is `text` (trimmed), on any line. */
  const scopeOf = (text: string, query: string, nth = 0): string => {
    const matches = tokenize(query).flat().filter((t) => t.text.trim() === text);
    const token = matches[nth];
    assert.ok(token, `no token "${text}" in ${JSON.stringify(tokenize(query).flat().map((t) => t.text))}`);
    return token.scopes[token.scopes.length - 1]!;
  };

  it('is valid JSON with the scope name the manifest uses', () => {
    const raw = JSON.parse(fs.readFileSync(grammarPath, 'utf8')) as { scopeName: string };
    assert.equal(raw.scopeName, SCOPE);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { grammars: { language: string; scopeName: string; path: string }[] } };
    const entry = manifest.contributes.grammars.find((g) => g.language === 'logs-insights');
    assert.ok(entry, 'package.json contributes no grammar for logs-insights');
    assert.equal(entry.scopeName, SCOPE);
    assert.equal(path.resolve(root, entry.path), grammarPath);
  });

  it('scopes commands, keywords, functions and fields', () => {
    const q = 'filter action = "REJECT" | stats count(*) as numRejections by srcAddr | sort numRejections desc | limit 20';
    assert.equal(scopeOf('filter', q), 'keyword.control.command.logs-insights');
    assert.equal(scopeOf('stats', q), 'keyword.control.command.logs-insights');
    assert.equal(scopeOf('sort', q), 'keyword.control.command.logs-insights');
    assert.equal(scopeOf('limit', q), 'keyword.control.command.logs-insights');
    assert.equal(scopeOf('count', q), 'support.function.logs-insights');
    assert.equal(scopeOf('as', q), 'keyword.other.logs-insights');
    assert.equal(scopeOf('by', q), 'keyword.other.logs-insights');
    assert.equal(scopeOf('desc', q), 'keyword.other.logs-insights');
    assert.equal(scopeOf('action', q), 'support.variable.field.flow-log.logs-insights');
    assert.equal(scopeOf('srcAddr', q), 'support.variable.field.flow-log.logs-insights');
    assert.equal(scopeOf('numRejections', q), 'variable.other.field.logs-insights');
    assert.equal(scopeOf('20', q), 'constant.numeric.logs-insights');
    assert.equal(scopeOf('|', q), 'keyword.operator.pipe.logs-insights');
    assert.equal(scopeOf('=', q), 'keyword.operator.comparison.logs-insights');
  });

  it('scopes strings, system fields, durations and IP functions', () => {
    const q = 'filter isIpv4InSubnet(srcAddr, "192.0.2.0/24") | stats sum(bytes) by bin(5m), @logStream';
    assert.equal(scopeOf('isIpv4InSubnet', q), 'support.function.logs-insights');
    assert.equal(scopeOf('192.0.2.0/24', q), 'string.quoted.double.logs-insights');
    assert.equal(scopeOf('bin', q), 'support.function.logs-insights');
    assert.equal(scopeOf('5m', q), 'constant.numeric.duration.logs-insights');
    assert.equal(scopeOf('@logStream', q), 'variable.language.system.logs-insights');
    assert.equal(scopeOf('myUdf', 'fields myUdf(a)'), 'entity.name.function.logs-insights');
  });

  it('tells regexes from division', () => {
    const regex = 'filter f1 like /(?i)Exception/ | filter srcAddr =~ /^10\\./';
    const tokens = tokenize(regex).flat();
    assert.ok(tokens.filter((t) => t.text === 'Exception').every((t) => t.scopes.includes('string.regexp.logs-insights')));
    assert.equal(scopeOf('(?i)', regex), 'keyword.other.flag.logs-insights');
    assert.equal(scopeOf('like', regex), 'keyword.operator.match.logs-insights');
    assert.ok(tokens.filter((t) => t.text === '10').every((t) => t.scopes.includes('string.regexp.logs-insights')));
    const division = 'stats sum(bytes) / 1024 as kib by srcAddr';
    assert.equal(scopeOf('/', division), 'keyword.operator.arithmetic.logs-insights');
    assert.equal(scopeOf('1024', division), 'constant.numeric.logs-insights');
  });

  it('scopes parse globs and named regex groups', () => {
    const glob = 'parse @message "* * *" as version, srcAddr, dstAddr | stats count(*) by srcAddr';
    assert.equal(scopeOf('parse', glob), 'keyword.control.command.logs-insights');
    assert.equal(scopeOf('*', glob), 'keyword.operator.wildcard.logs-insights');
    assert.equal(scopeOf('@message', glob), 'variable.language.system.logs-insights');
    assert.equal(scopeOf('stats', glob), 'keyword.control.command.logs-insights');
    const regex = 'parse @message /(?<NetworkInterface>eni-.*?) / | display NetworkInterface, @message';
    assert.equal(scopeOf('NetworkInterface', regex), 'variable.other.capture.logs-insights');
    assert.equal(scopeOf('display', regex), 'keyword.control.command.logs-insights');
  });

  it('scopes comments, query file headers and backtick fields', () => {
    const q = '# logGroups: /aws/vpc/flow\n# just a note with "quotes" and | pipes\nfilter `foo-bar` = \'x\' # trailing';
    const lines = tokenize(q);
    assert.ok(lines[0]!.every((t) => t.scopes.includes('comment.line.number-sign.logs-insights')));
    assert.equal(scopeOf('logGroups', q), 'keyword.other.header.logs-insights');
    assert.ok(lines[1]!.every((t) => t.scopes.includes('comment.line.number-sign.logs-insights')));
    assert.equal(scopeOf('foo-bar', q), 'variable.other.field.quoted.logs-insights');
    assert.equal(scopeOf('x', q), 'string.quoted.single.logs-insights');
    assert.ok(lines[2]!.at(-1)!.scopes.includes('comment.line.number-sign.logs-insights'));
  });

  it('gives every non-blank token of every catalogue query a scope of its own', () => {
    const queries = CATALOG.flatMap((q) => [q.query, withParsePrefix(q.query, SAMPLE_FORMATS['custom-v5'])]);
    for (const query of queries) {
      for (const token of tokenize(query).flat()) {
        if (token.text.trim() !== '' && !/^\{\{|\}\}$/.test(token.text.trim())) {
          assert.ok(token.scopes.length > 1, `unscoped "${token.text}" in ${query}`);
        }
      }
    }
  });
});
