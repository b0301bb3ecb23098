import { useId, useState } from "react";
import { useT } from "../app/i18n";

interface NumberFieldProps {
  readonly label: string;
  readonly value: number;
  readonly onChange: (value: number) => void;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  readonly integer?: boolean;
  readonly error?: string;
  readonly testId?: string;
}

/**
 * A number input that keeps what the person typed, even while it is not (yet) a valid number, and reports a
 * value only when it parses. Until then it says, politely (not as an alert: "-" is on the way to "-5"), that
 * nothing was changed: typing 1.5 heads, or clearing the field, used to leave the text on screen and the old
 * value in use, without a word. A number input's value is "" both when it is empty and while its text is not
 * a number ("-", "1e"): the browser's badInput tells them apart.
 */
export function NumberField({
  label,
  value,
  onChange,
  min,
  max,
  step,
  integer,
  error,
  testId,
}: NumberFieldProps) {
  const [text, setText] = useState(String(value));
  /** The browser's text is not a number (yet): `text` is "" then, whatever is shown. */
  const [bad, setBad] = useState(false);
  // When the value changes from outside (undo, reset), show it, unless the text already says it ("1.0").
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    if (Number(text) !== value) {
      setText(String(value));
      setBad(false);
    }
  }
  // One of its own per field: made from the label, every Chinese label (and "τ") gave "ap-number---", and a
  // screen reader read the seed's message for τ and the heads.
  const id = `ap-number-${useId().replace(/[^\w-]/g, "")}`;
  const t = useT();
  const own = bad ? "field.notNumber" : unreadable(text, integer);
  const said = own && t(own, { text });
  const invalid = Boolean(said || error);
  return (
    <label className="ap-field">
      <span>{label}</span>
      <input
        type="number"
        inputMode={integer ? "numeric" : "decimal"}
        value={text}
        min={min}
        max={max}
        step={step ?? (integer ? 1 : "any")}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
        data-testid={testId}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setBad(e.currentTarget.validity.badInput);
          if (!unreadable(e.currentTarget.value, integer)) onChange(numberOf(e.currentTarget.value));
        }}
      />
      {invalid && (
        <span className="ap-field-error" id={`${id}-error`}>
          {said && <span aria-live="polite">{said}</span>}
          {said && error && " "}
          {error && <span role="alert">{error}</span>}
        </span>
      )}
    </label>
  );
}

const numberOf = (text: string) => Number(text.replace("－", "-"));

/** Why `text` is not a value the field can report (a message id), or undefined when it is one. */
function unreadable(text: string, integer?: boolean) {
  if (text.trim() === "") return "field.empty" as const;
  const n = numberOf(text);
  if (!Number.isFinite(n)) return "field.notNumber" as const;
  if (integer && !Number.isInteger(n)) return "field.notWhole" as const;
  return undefined;
}
