// Apart from scales.ts, as paletteName.ts is: the explorer's state names it, and the package's type
// declarations must not need d3 or its types.

/**
 * What a sequential view's colours stand for. "domain": the value itself, so that a colour means the same
 * weight in every view. "row": the value ÷ its row's largest (rowLargest), each query's row from 0 to its own
 * strongest key. A row of 512 weights averages 1/512: on the scale to 1 nearly all of them look white, and a
 * causal mask gives the first query a weight of 1, so a scale to the largest weight of all would not help.
 */
export type ScaleBy = "domain" | "row";
