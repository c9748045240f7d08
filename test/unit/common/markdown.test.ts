import * as assert from 'node:assert/strict';
import { escapeMarkdown, mdBold, mdCode, mdTable } from '../../../src/common/markdown';

describe('Markdown from AWS text', () => {
  it('escapes what would make an image, a link, HTML or emphasis, and keeps ids readable', () => {
    assert.equal(escapeMarkdown('![](https://host/p.png)'), '\\!\\[\\]\\(https\\://host/p.png\\)');
    assert.equal(escapeMarkdown('<img src=x onerror=alert(1)>'), '\\<img src=x onerror=alert\\(1\\)\\>');
    assert.equal(escapeMarkdown('**bold** _it_ `code` ~~s~~'), '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~');
    assert.equal(escapeMarkdown('eni-0a1b2c3d launch-wizard-1 10.1.5.112'), 'eni-0a1b2c3d launch-wizard-1 10.1.5.112');
  });

  it('escapes headings, lists and autolinks only where they would take effect', () => {
    assert.equal(escapeMarkdown('# Admin'), '\\# Admin');
    assert.equal(escapeMarkdown('- item\n+ item\n1. item'), '\\- item\n\\+ item\n1\\. item');
    assert.equal(escapeMarkdown('mail x@example.com or www.example.com'), 'mail x\\@example.com or www\\.example.com');
  });

  it('builds code spans, bold text and one-line table cells that cannot be broken out of', () => {
    assert.equal(mdCode('a`b'), "`a'b`");
    assert.equal(mdBold('*x*'), '**\\*x\\***');
    assert.equal(mdTable([['Name', 'a | b\nc'], ['Empty', undefined]]), '| | |\n|---|---|\n| Name | a \\| b c |');
  });
});
