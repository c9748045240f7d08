import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectFormat, fittingFormats } from '../../../src/flowlogs/formatFit';

const samples = path.join(__dirname, '..', '..', '..', '..', 'samples');
const lines = (file: string): string[] => fs.readFileSync(path.join(samples, file), 'utf8').split('\n');

describe('flowlogs: the format of a file without a header line', () => {
  it('reads a header-less custom-format file with the well-known layout that fits every line', () => {
    const fit = detectFormat(lines('custom-v5.log'));
    assert.equal(fit.kind, 'fits');
    assert.deepEqual(fit.kind === 'fits' ? [fit.format] : [], fittingFormats(lines('custom-v5.log')));
    assert.match(fit.kind === 'fits' ? fit.format : '', /^\$\{version\} \$\{vpc-id\} .* \$\{traffic-path\}$/);
  });

  it('says nothing about a default-format file, a file with a header line, or an empty one', () => {
    assert.deepEqual(detectFormat(lines('tutorial-vpc1-default.log')), { kind: 'default' });
    assert.deepEqual(detectFormat(['version account-id interface-id', 'whatever']), { kind: 'default' });
    assert.deepEqual(detectFormat(['', ' ']), { kind: 'default' });
  });

  it('reports the broken lines of a default-format file as broken lines, not as a format problem', () => {
    // samples/malformed.log: 10 records, 6 of them broken (a missing field, a word for a port, ...).
    assert.deepEqual(detectFormat(lines('malformed.log')), { kind: 'broken', lines: [2, 3, 5, 7, 9, 10] });
  });

  it('names the closest layout and the lines it cannot read when none fits every line', () => {
    const custom = lines('custom-v5.log').filter((l) => l.trim() !== '');
    const damaged = [...custom.slice(0, 3), custom[3]!.replace(/ (ACCEPT|REJECT) /, ' MAYBE '), ...custom.slice(4, 6)];
    const fit = detectFormat(damaged);
    assert.equal(fit.kind, 'closest');
    assert.deepEqual(fit.kind === 'closest' ? fit.lines : [], [4]);
    assert.equal(fit.kind === 'closest' ? fit.format : '', (detectFormat(custom) as { format: string }).format);
  });

  it('gives up on lines no well-known layout reads', () => {
    assert.deepEqual(detectFormat(['5 a b c', '5 d e f']), { kind: 'unknown' });
  });
});
