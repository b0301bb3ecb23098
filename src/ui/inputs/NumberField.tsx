import { useState } from "react";

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
 * A number input that keeps what the person typed, even while it is not (yet) a valid number,
 * and reports a value only when it parses.
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
  // When the value changes from outside (undo, reset), show it, unless the text already says it ("1.0").
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    if (Number(text) !== value) setText(String(value));
  }
  const id = `ap-number-${label.replace(/\W+/g, "-")}`;
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
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        data-testid={testId}
        onChange={(e) => {
          setText(e.currentTarget.value);
          const n = Number(e.currentTarget.value.replace("－", "-"));
          if (e.currentTarget.value.trim() !== "" && Number.isFinite(n) && (!integer || Number.isInteger(n)))
            onChange(n);
        }}
      />
      {error && (
        <span className="ap-field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
