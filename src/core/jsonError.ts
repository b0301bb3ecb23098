/**
 * Where a text stops being JSON (RFC 8259): the index of the first character the grammar cannot take, the
 * text's length where it ends too soon, or undefined where it is JSON (or nests too deep to check). Asked
 * only once JSON.parse has refused the text: the browser's own message says where in some browsers and
 * not in others, never for an unexpected token in V8 ("Unexpected token 'x', …"), and always in English.
 */
export function jsonErrorAt(text: string): number | undefined {
  let i = 0;
  const n = text.length;
  const stop = new Error("not JSON");
  const fail = (): never => {
    throw stop;
  };
  const space = () => {
    while (i < n && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const take = (c: string) => {
    if (text[i] !== c) fail();
    i++;
  };
  const string = () => {
    take('"');
    while (i < n) {
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return;
      }
      if (c < " ") fail();
      if (c === "\\") {
        const escaped = text[i + 1];
        if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) i += 2;
        else if (escaped === "u" && /^[0-9a-fA-F]{4}$/u.test(text.slice(i + 2, i + 6))) i += 6;
        else fail();
        continue;
      }
      i++;
    }
    fail();
  };
  const number = () => {
    const found = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/u.exec(text.slice(i, i + 1000));
    if (!found) fail();
    i += found![0].length;
  };
  const word = (w: string) => {
    if (!text.startsWith(w, i)) fail();
    i += w.length;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === "{") {
      i++;
      space();
      if (text[i] === "}") return void i++;
      for (;;) {
        space();
        string();
        space();
        take(":");
        value();
        space();
        if (text[i] !== ",") return take("}");
        i++;
      }
    }
    if (c === "[") {
      i++;
      space();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        space();
        if (text[i] !== ",") return take("]");
        i++;
      }
    }
    if (c === '"') return string();
    if (c === "t") return word("true");
    if (c === "f") return word("false");
    if (c === "n") return word("null");
    return number();
  };
  try {
    value();
    space();
    return i < n ? i : undefined;
  } catch (error) {
    // Nested past the call stack: no place to say.
    return error === stop ? i : undefined;
  }
}
