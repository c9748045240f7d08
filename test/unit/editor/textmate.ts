// Loads the flow log grammar into vscode-textmate + vscode-oniguruma (the tokenizer VS Code uses) so
// the grammar tests run in plain Node, and resolves token colours against the default VS Code themes
// the same way the editor does (editor foreground as the base rule, then the theme's tokenColors with
// its `include` chain first).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = path.join(__dirname, '..', '..', '..', '..');
const grammarPath = path.join(root, 'syntaxes', 'vpc-flow-log.tmLanguage.json');
const themesDir = path.join(root, 'test', 'unit', 'editor', 'themes');
export const SCOPE = 'text.vpc-flow-log';

/** A token of one line: its text and the scopes from outermost to innermost. */
export interface Token {
  readonly text: string;
  readonly start: number;
  readonly scopes: readonly string[];
}

/** A token with the colour a theme gives it. */
export interface ColouredToken {
  readonly text: string;
  readonly foreground: string;
  readonly bold: boolean;
}

let onigLib: Promise<textmate.IOnigLib> | undefined;

function loadOniguruma(): Promise<textmate.IOnigLib> {
  onigLib ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return {
      createOnigScanner: (patterns: string[]) => oniguruma.createOnigScanner(patterns),
      createOnigString: (text: string) => oniguruma.createOnigString(text),
    };
  })();
  return onigLib;
}

async function loadGrammar(theme?: textmate.IRawTheme): Promise<{ grammar: textmate.IGrammar; registry: textmate.Registry }> {
  const registry = new textmate.Registry({
    onigLib: loadOniguruma(),
    loadGrammar: (scopeName) =>
      Promise.resolve(scopeName === SCOPE ? textmate.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null),
    ...(theme ? { theme } : {}),
  });
  const grammar = await registry.loadGrammar(SCOPE);
  if (!grammar) {
    throw new Error(`loading the grammar failed: ${grammarPath}`);
  }
  return { grammar, registry };
}

/** The flow log grammar, ready to tokenize. */
export async function flowLogGrammar(): Promise<textmate.IGrammar> {
  return (await loadGrammar()).grammar;
}

/** Tokenizes lines in order, carrying the rule stack from each line to the next as the editor does. */
export function tokenizeLines(grammar: textmate.IGrammar, lines: readonly string[]): Token[][] {
  let state = textmate.INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, scopes: t.scopes }));
  });
}

/** The innermost scopes of the token whose text is exactly `text` (the first one on the line). */
export function scopesOf(tokens: readonly Token[], text: string): readonly string[] {
  const token = tokens.find((t) => t.text === text);
  if (!token) {
    throw new Error(`no token "${text}" among ${tokens.map((t) => JSON.stringify(t.text)).join(' ')}`);
  }
  return token.scopes;
}

interface ThemeFile {
  type?: string;
  include?: string;
  colors?: Record<string, string>;
  tokenColors?: textmate.IRawTheme['settings'];
}

/** The default themes of VS Code 1.139 the tests check: its current defaults and the previous ones. */
export const DEFAULT_THEMES = {
  'Dark 2026': { file: '2026-dark.json', kind: 'dark' },
  'Light 2026': { file: '2026-light.json', kind: 'light' },
  'Dark Modern': { file: 'dark_modern.json', kind: 'dark' },
  'Light Modern': { file: 'light_modern.json', kind: 'light' },
  'Dark High Contrast': { file: 'hc_black.json', kind: 'hcDark' },
  'Light High Contrast': { file: 'hc_light.json', kind: 'hcLight' },
} as const;
export type ThemeName = keyof typeof DEFAULT_THEMES;

// VS Code's built-in defaults for themes that leave the editor colours out (colorRegistry.ts).
const DEFAULT_FOREGROUND = { dark: '#BBBBBB', light: '#333333', hcDark: '#FFFFFF', hcLight: '#292929' };
const DEFAULT_BACKGROUND = { dark: '#1E1E1E', light: '#FFFFFF', hcDark: '#000000', hcLight: '#FFFFFF' };

function readTheme(file: string): Required<Pick<ThemeFile, 'colors' | 'tokenColors'>> {
  const theme = JSON.parse(fs.readFileSync(path.join(themesDir, file), 'utf8')) as ThemeFile;
  const parent = theme.include ? readTheme(path.basename(theme.include)) : { colors: {}, tokenColors: [] };
  return {
    colors: { ...parent.colors, ...theme.colors },
    tokenColors: [...parent.tokenColors, ...(theme.tokenColors ?? [])],
  };
}

/** A theme's editor colours and a function that colours lines of flow log text with it. */
export interface ThemedGrammar {
  readonly foreground: string;
  readonly background: string;
  colour(line: string): ColouredToken[];
}

export async function themedGrammar(name: ThemeName): Promise<ThemedGrammar> {
  const { file, kind } = DEFAULT_THEMES[name];
  const theme = readTheme(file);
  const foreground = (theme.colors['editor.foreground'] ?? DEFAULT_FOREGROUND[kind]).toUpperCase();
  const background = (theme.colors['editor.background'] ?? DEFAULT_BACKGROUND[kind]).toUpperCase();
  const { grammar, registry } = await loadGrammar({
    name,
    settings: [{ settings: { foreground, background } }, ...theme.tokenColors],
  });
  const colourMap = registry.getColorMap();
  return {
    foreground,
    background,
    colour(line: string): ColouredToken[] {
      const { tokens } = grammar.tokenizeLine2(line, textmate.INITIAL);
      const out: ColouredToken[] = [];
      for (let i = 0; i < tokens.length; i += 2) {
        const start = tokens[i]!;
        const end = i + 2 < tokens.length ? tokens[i + 2]! : line.length;
        const metadata = tokens[i + 1]!;
        // Encoded token attributes (vscode-textmate EncodedTokenAttributes): font style in bits
        // 11-14, foreground colour id in bits 15-23.
        const fontStyle = (metadata >>> 11) & 0b1111;
        const colourId = (metadata >>> 15) & 0b1_1111_1111;
        out.push({ text: line.slice(start, end), foreground: (colourMap[colourId] ?? foreground).toUpperCase(), bold: (fontStyle & 2) !== 0 });
      }
      return out;
    },
  };
}

/** The colour of the token whose text is exactly `text`. */
export function colourOf(tokens: readonly ColouredToken[], text: string): ColouredToken {
  const token = tokens.find((t) => t.text === text);
  if (!token) {
    throw new Error(`no token "${text}" among ${tokens.map((t) => JSON.stringify(t.text)).join(' ')}`);
  }
  return token;
}

/** Hue (0-360), saturation and lightness (0-1) of a `#RRGGBB` colour. */
export function hsl(hex: string): { hue: number; saturation: number; lightness: number } {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const lightness = (max + min) / 2;
  const delta = max - min;
  if (delta === 0) {
    return { hue: 0, saturation: 0, lightness };
  }
  const saturation = delta / (1 - Math.abs(2 * lightness - 1));
  const hue = max === r ? ((g - b) / delta + 6) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
  return { hue: hue * 60, saturation, lightness };
}

/** WCAG contrast ratio of two `#RRGGBB` colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const luminance = (hex: string): number => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}
