// Tokenizer of the cluster query language. Keywords (and, or, not, in, exists,
// equals, ...) are lexed as words and recognized by the parser by position,
// so an attribute value may still be spelled like a keyword.

import { QuerySyntaxError } from "./errors.js";

export type TokenKind =
  | "word" // bare word: letters, digits and . - _ : / * (plus a few regex/date characters)
  | "string" // quoted with ' or "
  | "op" // == != > >= < <= =~ !~
  | "bang" // ! (not, or the prefix of !exists / !in)
  | "andand" // &&
  | "oror" // ||
  | "lparen"
  | "rparen"
  | "lbracket"
  | "rbracket"
  | "comma"
  | "eof";

export interface Token {
  kind: TokenKind;
  /** The value: unescaped for strings, the symbol for operators. */
  text: string;
  /** 0-based offset of the token's first character. */
  position: number;
  /** Offset just past the token. */
  end: number;
}

/** Characters of a bare word (ECS: letters, digits, `.-_:/*`; also `+@%^$?\` for dates and regexes). */
export function isWordChar(c: string): boolean {
  return /[A-Za-z0-9._:/*+@%^$?\\-]/.test(c);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, value: string, start: number, end: number) =>
    tokens.push({ kind, text: value, position: start, end });
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    switch (two) {
      case "==":
      case "!=":
      case ">=":
      case "<=":
      case "=~":
      case "!~":
        push("op", two, i, i + 2);
        i += 2;
        continue;
      case "&&":
        push("andand", two, i, i + 2);
        i += 2;
        continue;
      case "||":
        push("oror", two, i, i + 2);
        i += 2;
        continue;
    }
    switch (c) {
      case ">":
      case "<":
        push("op", c, i, i + 1);
        i++;
        continue;
      case "!":
        push("bang", c, i, i + 1);
        i++;
        continue;
      case "(":
        push("lparen", c, i, i + 1);
        i++;
        continue;
      case ")":
        push("rparen", c, i, i + 1);
        i++;
        continue;
      case "[":
        push("lbracket", c, i, i + 1);
        i++;
        continue;
      case "]":
        push("rbracket", c, i, i + 1);
        i++;
        continue;
      case ",":
        push("comma", c, i, i + 1);
        i++;
        continue;
      case "'":
      case '"': {
        const start = i;
        let value = "";
        i++;
        for (;;) {
          if (i >= text.length) {
            throw new QuerySyntaxError(`unterminated string starting at position ${start}`, start);
          }
          const d = text[i];
          if (d === c) {
            i++;
            break;
          }
          if (d === "\\" && i + 1 < text.length) {
            // Only the quote and the backslash are escapable; any other
            // backslash is kept so regexes like '\d+' survive quoting.
            const e = text[i + 1];
            if (e === c || e === "\\") {
              value += e;
              i += 2;
              continue;
            }
          }
          value += d;
          i++;
        }
        push("string", value, start, i);
        continue;
      }
    }
    if (isWordChar(c)) {
      const start = i;
      while (i < text.length && isWordChar(text[i])) i++;
      push("word", text.slice(start, i), start, i);
      continue;
    }
    const hint = c === "=" ? "; did you mean '=='?" : c === "&" ? "; did you mean '&&'?" : c === "|" ? "; did you mean '||'?" : "";
    throw new QuerySyntaxError(`unexpected character ${showCharacter(text, i)} at position ${i}${hint}`, i);
  }
  push("eof", "", text.length, text.length);
  return tokens;
}

/**
 * The character at `i` for an error message: the whole code point (never half
 * of a surrogate pair, which cannot be sent in a gRPC status), or U+XXXX when
 * it is a control character or a lone surrogate.
 */
function showCharacter(text: string, i: number): string {
  const cp = text.codePointAt(i)!;
  const unprintable = cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff);
  return unprintable ? `U+${cp.toString(16).toUpperCase().padStart(4, "0")}` : `'${String.fromCodePoint(cp)}'`;
}
