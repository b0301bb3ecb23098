import { memo, useState } from "react";
import {
  attentionFromArray,
  isNpy,
  maybeAttentionJson,
  maybeNpy,
  type ImportedAttention,
} from "../../core/importAttention";
import { tokenize } from "../../core/tokenize";
import type { Result } from "../../core/errors";
import { useSay, useT } from "../app/i18n";

interface ImportPanelProps {
  readonly onImported: (data: ImportedAttention, name: string) => void;
}

/** Reads a dropped, chosen or pasted file of attention weights: the JSON model libraries write, or a .npy. */
async function readAttentionFile(file: Blob, tokens: readonly string[]): Promise<Result<ImportedAttention>> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  // A file named .npy, or starting with NumPy's first byte, is read as one, and told what its start lacks:
  // read as JSON, a damaged .npy was said to be "not valid JSON".
  const named = typeof File !== "undefined" && file instanceof File && /\.npy$/iu.test(file.name);
  if (isNpy(bytes) || bytes[0] === 0x93 || named) {
    const array = maybeNpy(bytes.buffer);
    if (!array.ok) return array;
    return attentionFromArray(
      array.value.shape,
      array.value.data,
      tokens.length > 0 ? [...tokens] : undefined,
    );
  }
  return maybeAttentionJson(new TextDecoder().decode(bytes));
}

/**
 * Bring your own attention: drop or choose a JSON file of weights shaped [layers][heads][n][n] (with tokens),
 * or a NumPy .npy file, or paste the JSON. A malformed file is refused whole with a message saying what was
 * expected; what was loaded before stays. Memoised: the page's renders for edits and results leave it as
 * it is.
 */
export const ImportPanel = memo(function ImportPanel({ onImported }: ImportPanelProps) {
  const t = useT();
  const say = useSay();
  const [error, setError] = useState<string | null>(null);
  const [tokens, setTokens] = useState("");
  const [pasted, setPasted] = useState("");
  const [dragging, setDragging] = useState(false);

  const load = async (file: Blob, name: string) => {
    const result = await readAttentionFile(file, tokenize(tokens, "whitespace"));
    if (!result.ok) {
      setError(t("import.failed", { name, message: say(result.error) }));
      return;
    }
    setError(null);
    onImported(result.value, name);
  };

  return (
    <details className="ap-panel ap-import" data-testid="import-panel">
      <summary>
        <h2>{t("import.panel")}</h2>
      </summary>
      <p className="ap-hint">{t("import.help")}</p>
      <div
        className={dragging ? "ap-dropzone ap-dragging" : "ap-dropzone"}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const file = e.dataTransfer.files[0];
          if (file) void load(file, file.name);
        }}
        data-testid="import-drop"
      >
        <label className="ap-button">
          {t("import.choose")}
          <input
            type="file"
            accept=".json,.npy,application/json"
            className="ap-visually-hidden"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void load(file, file.name);
              e.currentTarget.value = "";
            }}
            data-testid="import-file"
          />
        </label>
        <span className="ap-hint">{t("import.drop")}</span>
      </div>
      <label className="ap-field ap-field-wide">
        <span>{t("import.tokens")}</span>
        <input
          type="text"
          value={tokens}
          onChange={(e) => setTokens(e.currentTarget.value)}
          data-testid="import-tokens"
        />
      </label>
      <label className="ap-field ap-field-wide">
        <span>{t("import.paste")}</span>
        <textarea
          rows={3}
          value={pasted}
          onChange={(e) => setPasted(e.currentTarget.value)}
          spellCheck={false}
          data-testid="import-text"
        />
      </label>
      <button
        type="button"
        className="ap-button"
        disabled={pasted.trim() === ""}
        onClick={() => void load(new Blob([pasted]), t("import.pastedName"))}
        data-testid="import-load"
      >
        {t("import.load")}
      </button>
      {error && (
        <p className="ap-field-error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
    </details>
  );
});
