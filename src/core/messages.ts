/**
 * Every message the core and the engine give a person (input errors, backend notices), as a stable id with
 * its parameters, and the English template of each id. The English `message` of an error or a notice is made
 * from these templates, so a library user reads the same text as before; the explorer translates the same
 * ids with the same parameters (src/ui/messages/errors.ts, whose test checks that every id has a Chinese
 * template with the same placeholders).
 *
 * A parameter is a number, a string said as it is (a matrix name, a typed entry, a value), or a message
 * itself: words inside a sentence ("mask row 2", "key tokens", "none") are messages too, so that a
 * translation never carries English words in it.
 */
export const MESSAGES = {
  // Places and words used inside other messages.
  "at.row": "{name} row {row}",
  "at.cell": "{name} row {row}, column {col}",
  "at.rowCol": "row {row}, column {col}",
  "quote.double": '"{text}"',
  "quote.single": "'{text}'",
  "value.text": 'the text "{text}"',
  // A list, one item and the rest (listed()): "a, b, c" in English, "a、b、c" in Chinese.
  "list.next": "{first}, {rest}",
  // A count with its noun (counted() picks the singular at 1): "1 entry", "2 entries".
  "count.entry": "{n} entry",
  "count.entries": "{n} entries",
  "count.number": "{n} number",
  "count.numbers": "{n} numbers",
  "count.row": "{n} row",
  "count.rows": "{n} rows",
  "count.column": "{n} column",
  "count.columns": "{n} columns",
  "count.dimension": "{n} dimension",
  "count.dimensions": "{n} dimensions",
  "count.byte": "{n} byte",
  "count.bytes": "{n} bytes",
  "count.token": "{n} token",
  "count.tokens": "{n} tokens",
  "count.keyToken": "{n} key token",
  "count.keyTokens": "{n} key tokens",
  "count.query": "{n} query",
  "count.queries": "{n} queries",
  "count.key": "{n} key",
  "count.keys": "{n} keys",
  "count.layer": "{n} layer",
  "count.layers": "{n} layers",
  "count.head": "{n} head",
  "count.heads": "{n} heads",
  "count.queryHead": "{n} query head",
  "count.queryHeads": "{n} query heads",
  "count.kvHead": "{n} KV head",
  "count.kvHeads": "{n} KV heads",
  "count.label": "{n} label",
  "count.labels": "{n} labels",
  "word.mask": "mask",
  "word.tokens": "tokens",
  "word.keyTokens": "key tokens",
  "word.none": "none",
  "word.noMessage": "no message",
  "word.destroyed": "destroyed",
  "word.unknown": "unknown",
  "word.qkWidth": "Q/K width",
  "word.vWidth": "V width",
  "name.generalHead": "W (general, head {head})",
  "name.additiveWq": "W_q (additive, head {head})",
  "name.additiveWk": "W_k (additive, head {head})",
  "name.additiveV": "v (additive, head {head})",

  // An error made from plain text (a caller's own AttentionInputError, an unexpected exception).
  "error.text": "{message}",

  // Matrices given as arrays or Matrix objects (matrix.ts).
  "error.matrix.missing": "{name} is missing: expected a matrix (rows of numbers)",
  "error.matrix.dataLength": "{name} has {got}, expected rows × cols = {want}",
  "error.matrix.rowNotList": "{at} is not a list of numbers",
  "error.matrix.ragged": "{at} has {got}, expected {want} like row 1",
  "error.matrix.empty": "{name} is empty: expected at least one row and one column",
  "error.matrix.notFinite": "{at} is {value}: expected a finite number",
  "error.matrix.tooLarge": "{at} is {value}: too large, expected a number from −1e6 to 1e6",

  // Masks (mask.ts).
  "error.mask.paddingLength":
    "mask: padding valid length is {value}, expected a whole number from 0 to {keys} (the number of keys)",
  "error.mask.rows": "mask has {got}, expected {want} (one per query; rows are queries, columns are keys)",
  "error.mask.rowLength": "{at} has {got}, expected {want} (one per key)",
  "error.mask.entry": "{at} is {value}: expected true/false or 1/0 (1 = masked)",
  "error.mask.kind": 'mask kind "{kind}" is unknown: expected none, causal, padding, custom or sliding',
  "error.mask.window": "mask: the sliding window is {value}, expected a whole number of keys, at least 1",

  // Float32 overflow of the scaled scores (overflow.ts).
  "error.scores.overflow":
    "head {head}, query {query}, key {key}: the scaled score is {value} ({precision} overflow): expected a finite number; make the inputs smaller or the temperature larger",

  // Matrices typed or pasted by a person (parse.ts), and one cell of the explorer's grid (ui/grid.ts).
  "error.parse.unopened": '{name}: a "{close}" has no "{open}" before it (expected brackets in pairs)',
  "error.parse.mismatched": '{name}: a "{open}" is closed by "{close}" (expected "{want}")',
  "error.parse.unclosed": '{name}: a "{open}" is never closed (expected a matching "{close}")',
  "error.parse.rowNotBracketed": "{at}: found {text}, expected a row of numbers in brackets such as [1, 2]",
  "error.parse.nestedList": "{at}: found a list, expected a number",
  "error.parse.semicolon":
    '{at}: a ";" inside a bracketed row, expected a row of numbers in brackets such as [1, 2]',
  "error.parse.bracketedList": "{at}: found a bracketed list, expected a number",
  "error.parse.noRows": "{name} is empty: expected at least one row of numbers",
  "error.parse.emptyRow": "{at} is empty: expected at least one number",
  "error.parse.ragged": "{at} has {got}, expected {want} like row 1",
  "error.parse.notFinite": "{at}: {text} is not finite (expected a finite number)",
  "error.parse.emptyEntry": "{at}: the entry is empty (expected a finite number such as 0.5 or -1e-3)",
  "error.parse.ellipsis":
    '{at}: "..." is where NumPy shortened the printout (expected every entry: print the array with np.set_printoptions(threshold=sys.maxsize))',
  "error.parse.notNumber": "{at}: {text} is not a number (expected a finite number such as 0.5 or -1e-3)",
  "error.parse.decimalComma":
    '{at}: {text} is not a number: on a line whose entries are separated by ";" or tabs, a "," is a decimal comma, one between two digits (expected a number such as 0,5 or -1,2e-3)',
  "error.parse.tooLarge": "{at}: {text} is too large (expected a finite number)",
  "error.parse.notText": "{name}: expected text, got {type}",
  "error.parse.unreadable": "{name} could not be read ({reason}): expected rows of numbers",
  "error.parse.textTooLong": "{name}: the text is {length} characters long, too long: expected at most {max}",
  "error.parse.tooManyEntries":
    "{name}: the text holds {count} entries, too many: expected at most {max} ({maxRows} rows × {maxCols} columns)",
  "error.parse.tooManyRows": "{name}: the text holds {count} rows, too many: expected at most {max}",
  "error.parse.notVector":
    "{name} has {rows} rows and {cols} columns: expected one row or one column of numbers",
  "error.cell.empty": "{at} is empty (expected a finite number such as 0.5 or -1e-3)",
  "error.paste.tooLarge":
    "{name}: the pasted {rows} × {cols} block at {at} would make {name} {needRows} × {needCols} (expected at most {maxRows} rows and {maxCols} columns)",
  // How a pasted text's commas were read, where it could be read the other way (parse.ts DECIMAL_COMMA).
  "note.paste.commaSeparates":
    '{name}: the "," in {text} on line {line} was read as a separator between entries, so the block is {rows} × {cols}; read as decimal commas (0,5 for 0.5), it is {otherRows} × {otherCols}',
  "note.paste.decimalComma":
    '{name}: the "," in {text} on line {line} was read as a decimal comma (0,5 for 0.5): read as separators between entries, the rows would not all have the same length',
  "note.paste.commaSeparatesOnly":
    '{name}: the "," in {text} on line {line} was read as a separator between entries: read as decimal commas, the rows would not all have the same length',

  // The attention spec as a whole (problem.ts).
  "error.spec.unreadable": "the attention spec could not be read: {reason}",
  "error.spec.noSource": "the attention spec has no source: expected tokens, embeddings or qkv",
  "error.spec.sourceKind": 'source kind "{kind}" is unknown: expected tokens, embeddings or qkv',
  "error.heads.range": "heads is {value}: expected a whole number from 1 to {max}",
  "error.heads.divide":
    "{name} has {cols}, which cannot be split evenly into {heads}: expected a multiple of {multiple}",
  "error.score.unknown": 'score function "{name}" is unknown: expected {list}',
  "error.temperature.range":
    "temperature τ is {value}: expected a number greater than 0, from {min} to {max}",
  "error.mode.unknown": 'mode "{mode}" is unknown: expected soft or hard',
  "error.dModel.range": "d_model is {value}: expected a whole number from 1 to {max}",
  "error.seed.integer": "seed is {value}: expected a whole number",
  "error.positional.unknown": 'positional encoding "{value}" is unknown: expected none or sinusoidal',
  "error.tokens.empty": "{name} is empty: expected at least one token",
  "error.tokens.notString": "{name} entry {index} is not a string",
  "error.shape.queryKeyWidth":
    "{b} has {got}, expected {want} like {a} (queries and keys need the same width)",
  "error.shape.valueRows": "V has {got}, expected {want} like K (one value per key)",
  "error.shape.crossWidth": "X_kv has {got}, expected {want} like X (d_model)",
  "error.shape.projectionRows": "{name} has {got}, expected {want} (d_model, the columns of X)",
  "error.shape.outputRows":
    "W_O has {got}, expected {want} (heads × d_v, the width of the concatenated heads)",
  "error.tooLarge.width": "{name}: {name} is {value}, too large: expected at most {max}",
  "error.tooLarge.columns": "{name}: {name} has {cols} columns, too large: expected at most {max}",
  "error.tooLarge.dModel": "X: d_model is {value}, too large: expected at most {max}",
  "error.tooLarge.tokens": "tokens: the sequence has {count} tokens, too large: expected at most {max}",
  "error.tooLarge.queries": "Q: there are {count} queries, too large: expected at most {max}",
  "error.tooLarge.keys": "K: there are {count} keys, too large: expected at most {max}",
  "error.tooLarge.scores":
    "scores: {heads} heads × {queries} queries × {keys} keys = {total} scores, too large: expected at most {max} (e.g. 8 heads of 2048 × 2048)",
  "error.tooLarge.additive":
    "scores: additive scores need {count} tanh terms, too large: expected at most {max}",
  "error.general.missing":
    'W (general) is missing: score "general" needs scoreParams.general, {heads} matrices W of [d_k, d_k] = [{dK}, {dK}], one per head; got {got}',
  "error.general.shape": "{name} is [{rows}, {cols}], expected [{dK}, {dK}] (d_k × d_k)",
  "error.additive.missing":
    'W (additive) is missing: score "additive" needs scoreParams.additive, {heads} sets {wq, wk, v}, one per head; got {got}',
  "error.additive.shape": "{name} is [{rows}, {cols}], expected [{dK}, {dA}] (d_k × d_a)",
  "error.additive.vLength": "{name} has {got}, expected {want} (d_a)",

  // Modern attention: RoPE (rope.ts), grouped-query heads (gqa.ts).
  "error.rope.spec": "rope: expected an object {base, layout, offset}",
  "error.rope.oddWidth":
    "rope: d_k is {dK}, which is odd: RoPE rotates pairs of columns, so each head needs an even d_k",
  "error.rope.base": "rope: base is {value}, expected a number greater than 1, at most {max}",
  "error.rope.layout": 'rope: layout "{value}" is unknown: expected half or interleaved',
  "error.rope.offset": "rope: offset is {value}, expected a whole number from 0 to {max}",
  "error.online.blockSize":
    "block size B is {value}: expected a whole number of keys, at least 1 (from {keys} up, one block holds them all)",
  "error.kvCache.cross":
    "KV cache: the queries ({queries}) and the keys ({keys}) come from different sequences; decoding needs self-attention, one query per cached key",
  "error.kvCache.tooLarge":
    "KV cache: this walk-through computes every decoding step in float64 in the page, for problems of up to {max} (heads × tokens² × (d_k + d_v)); this one is {work}. Fewer tokens or heads, or a smaller d_model, show it",
  "error.alibi.notBoolean": "alibi is {value}: expected true or false",
  "error.kvHeads.range":
    "KV heads h_kv is {value}: expected a whole number from 1 to {heads} (the query heads)",
  "error.kvHeads.divide":
    "KV heads h_kv is {value}, which does not divide the {heads} query heads: expected a divisor of {heads}",
  "error.shape.kvWidth": "{name} has {got}, expected {want}: {kvHeads} × {per} per head",

  // The engine's notices (engine.ts) and why a backend failed (backends.ts).
  "engine.unavailable": "{backend} is unavailable: {reason}",
  "engine.failed": "{backend} failed ({reason}); computing again on the next backend",
  "engine.noWebGPU": "this browser has no WebGPU (navigator.gpu is missing)",
  "engine.webglNeedsBrowser": "WebGL needs a browser",
  "engine.noOffscreenCanvas": "WebGL in a worker needs OffscreenCanvas, which this browser lacks",
  "engine.wasmBlocked":
    "this page's Content-Security-Policy does not let WebAssembly compile: add 'wasm-unsafe-eval' to script-src to use wasm",
  "engine.noWasm": "this browser cannot run WebAssembly ({message})",
  "engine.loadTimeout": "loading the {backend} backend did not finish within {ms} ms",
  "engine.initTimeout": "initialising the {backend} backend did not finish within {ms} ms",
  "engine.initFailed": "tfjs could not initialise {backend}",
  "engine.deviceLost": "the WebGPU device was lost ({reason}: {message})",
  "engine.contextLost": "the WebGL context was lost",
  "engine.measureFailed": "failed while being measured: {message}",
  "engine.didNotStart": "it did not start",
  "engine.switchTimeout": "making {backend} the current backend did not finish within {ms} ms",
  "engine.switchFailed": "{backend} could not be made the current backend in {attempts} attempts",
  "engine.workerFailed": "the engine's worker failed: {message}",

  // Attention weights imported from a file (importAttention.ts): JSON, or NumPy .npy.
  "at.import.layer": "layer {n}",
  "at.import.batch": "batch item {n}",
  "at.import.head": "head {n}",
  "at.import.row": "row {n}",
  "at.import.col": "column {n}",
  "at.import.in": "{outer}, {inner}",
  "word.weights": "the array of weights",
  "error.import.json": "the text is not valid JSON",
  "error.import.jsonAt": "the text is not valid JSON at line {line}, column {column}, at “{near}”",
  "error.import.jsonEnd":
    "the text ends at line {line}, column {column} before its JSON does: a closing bracket or a value is missing",
  "error.import.noWeights":
    "the file has no attention weights: expected an array of numbers nested 2 to 4 deep, or an object whose {field} (or {fieldHf}) holds one",
  "error.import.depth":
    "the attention weights are nested {depth} deep: expected 4 ([layers][heads][queries][keys]), 3 ([heads][queries][keys]) or 2 ([queries][keys])",
  "error.import.notList": "{at} is {value}: expected a list",
  "error.import.empty": "{at} is empty: expected at least one entry",
  "error.import.ragged": "{at} has {got}, expected {want} like the first",
  "error.import.batch":
    "the weights hold a batch of {batch} sequences: expected one (take item 0 of the batch before saving)",
  "error.import.notNumber": "{at} is {value}: expected a number",
  "error.import.notFinite": "{at} is {value}: expected a finite number",
  "error.import.negative": "{at} is {value}: expected a weight of 0 or more",
  "error.import.rowSum":
    "{at} sums to {sum}: expected each row of weights to sum to 1 (within {tolerance}), or to 0 for a fully masked row; scores must be normalised into weights first",
  "error.import.tokenCount": "{count} for {want}: expected as many {name} as {side}",
  "error.import.tokensNotList": "{name} is {value}: expected a list of strings",
  "error.import.tooMany": "there are {count} {what}, too many: expected at most {max}",
  "error.import.tooManyWeights":
    "{layers} layers × {heads} heads × {queries} queries × {keys} keys = {total} weights, too many: expected at most {max}",
  "error.import.shapeData": "the shape [{shape}] needs {want} numbers, got {got}",
  "error.import.dims": "the array has {dims} [{shape}]: expected 2 to 4, [layers][heads][queries][keys]",
  "word.layers": "layers",
  "word.heads": "heads",
  "word.queries": "queries",
  "word.keys": "keys",
  "error.npy.magic": "this is not a NumPy .npy file: it should start with {magic}",
  "error.npy.version": "the .npy format version {version} is unknown: expected 1.0, 2.0 or 3.0",
  "error.npy.header": "the .npy header could not be read ({reason}): expected a dict with the keys {keys}",
  "npy.why.lengthCut": "the header length is cut short",
  "npy.why.headerCut": "the header is cut short",
  "npy.why.notDict": "the header is not a dict",
  "npy.why.descr": "'descr' is {value}, not a type name",
  "npy.why.missing": "it has no {key}",
  "npy.why.fortran": "it has no 'fortran_order' True or False",
  "npy.why.shape": "'shape' is ({shape}), not whole numbers",
  "npy.why.shapeNegative": "'shape' is ({shape}): a size is negative",
  "npy.why.shapeHuge": "'shape' is ({shape}): a size of 10 billion or more is far too large",
  "error.npy.object":
    "the .npy file holds objects ({descr}), which are not read: expected a numeric array (save it with a float dtype)",
  "error.npy.dtype":
    "the .npy data type {descr} is not supported: expected floats ({floats}) or integers ({integers})",
  "error.npy.truncated":
    "the .npy file is cut short: its shape [{shape}] needs {want} bytes of data, it holds {got}",
  "error.npy.extra":
    "the .npy file holds {got} bytes of data, but its shape [{shape}] needs {want}: expected the data to match the shape",

  // Checkpoints a person brings (src/models/checkpoint): safetensors, config.json, tensors.
  "error.checkpoint.truncated":
    "the file is {size}, too short for a safetensors file: expected an 8-byte header length, then the header",
  "error.checkpoint.headerLength":
    "the safetensors header says it is {n} long, but the file has {size}: this is not a safetensors file, or it is cut short",
  "error.checkpoint.headerJson": "the safetensors header could not be read as JSON ({reason})",
  "error.checkpoint.dtype": "tensor {tensor} is stored as {dtype}: expected one of {dtypes}",
  "error.checkpoint.entry": "tensor {tensor} has no valid shape or data_offsets in the safetensors header",
  "error.checkpoint.offsets":
    "tensor {tensor} claims bytes {begin} to {end}: expected {want} bytes for its shape, inside the {dataBytes} bytes of data",
  "error.checkpoint.config": "config.json: {field} is missing or wrong: expected {want}",
  "error.checkpoint.architecture": "the architecture {name} is not known here: expected one of {known}",
  "error.checkpoint.headsDivide": "the width {width} does not divide into {heads} heads",
  "error.checkpoint.kvHeads":
    "num_key_value_heads is {kvHeads}: expected a whole number that divides the {heads} query heads",
  "error.checkpoint.headDim": "the head width is {value}: RoPE needs an even whole number",
  "error.checkpoint.ropeScaling": "rope_scaling {value} is not supported: expected none",
  "error.checkpoint.missing": "the checkpoint has no tensor {tensor}: expected one of shape {shape}",
  "error.checkpoint.shape": "tensor {tensor} has shape {got}: expected {want}",
  "error.checkpoint.tooLarge": "{name} is {size}, too large: the limit here is {max}",
  "error.checkpoint.json": "{name} could not be read as JSON ({reason})",
  "error.checkpoint.tokenizer": "the tokenizer could not be used ({reason})",
  "error.checkpoint.noTokens": "there are no tokens: type some text",
  "error.checkpoint.tooManyTokens": "{count} tokens, too many: the limit is {max}",
  "error.checkpoint.tokenId":
    "token {position} is {id}: expected a token id from 0 to the vocabulary size {vocab} less one",
  "error.checkpoint.missingFile":
    "no {name} was given: expected config.json and model.safetensors (and tokenizer.json for text)",
} as const;

export type MessageKey = keyof typeof MESSAGES;

/** A parameter: said as it is (a number, a matrix name, a typed entry), or a message to be translated too. */
export type MessageParam = string | number | Message<string>;
export type MessageParams = Readonly<Record<string, MessageParam>>;

/** What a person is told, as a stable id and its parameters: the English text is english(message). */
export interface Message<K extends string = MessageKey> {
  readonly key: K;
  readonly params: MessageParams;
}

export function message(key: MessageKey, params: MessageParams = {}): Message {
  return { key, params };
}

/** `{name}` placeholders: a name of letters, digits and "_" between braces ("{wq, wk, v}" is not one). */
export const PLACEHOLDER = /\{(\w+)\}/g;

/**
 * A template with its placeholders filled: numbers and strings as they are, messages through `say`
 * (which looks them up in the reader's language). A placeholder without a parameter stays as written.
 */
export function fillTemplate(
  template: string,
  params: MessageParams,
  say: (nested: Message<string>) => string,
): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "object" ? say(value) : String(value);
  });
}

/** "1 row", "2 rows": a count with the noun `one` at exactly 1 and `other` otherwise (Chinese says both alike). */
export function counted(n: number, one: MessageKey, other: MessageKey): Message {
  return message(n === 1 ? one : other, { n });
}

/** The English text of a message (an unknown id reads as itself). */
export function english(m: Message<string>): string {
  const template = (MESSAGES as Record<string, string>)[m.key] ?? m.key;
  return fillTemplate(template, m.params, english);
}

/**
 * Where an entry is, as a message: "Q row 2, column 3" (rows and columns counting from 1), "Q row 2",
 * or the name alone. `name` is a matrix name or a word to translate ("mask").
 */
export function place(name: string | Message<string>, row?: number, col?: number): MessageParam {
  if (row === undefined) return name;
  if (col === undefined) return message("at.row", { name, row: row + 1 });
  return message("at.cell", { name, row: row + 1, col: col + 1 });
}

/**
 * Items said as a list in the reader's language, joined by the language's list separator: "default, viridis,
 * cividis" in English, "default、viridis、cividis" in Chinese (errors.test.ts "lists"). An empty list is "".
 */
export function listed(items: readonly MessageParam[]): MessageParam {
  if (items.length === 0) return "";
  return items.reduceRight((rest, first) => message("list.next", { first, rest }));
}

/**
 * Text a person typed, as a message quotes it: cut after `max` characters (code points, so that no emoji is
 * split) with "…", so that a pasted paragraph or a word of 1,000 letters does not flood the message.
 */
export function clipped(text: string, max = 24): string {
  const characters = Array.from(text);
  return characters.length > max ? `${characters.slice(0, max).join("")}…` : text;
}

/** A person's text quoted as in English "abc", or 'a"b' when it holds a double quote. */
export function quoted(text: string): Message {
  return message(text.includes('"') ? "quote.single" : "quote.double", { text });
}
