/** The shape of a Llama-style decoder, as its Hugging Face config.json states it. */
export interface LlamaShapeSpec {
  readonly vocab: number;
  readonly dModel: number;
  readonly layers: number;
  readonly heads: number;
  /** Key/value heads (grouped-query attention): query head h reads KV head ⌊h·kvHeads/heads⌋. */
  readonly kvHeads: number;
  readonly ffn: number;
  /** The trained context: max_position_embeddings. */
  readonly context: number;
  readonly ropeTheta: number;
  readonly normEps: number;
}
