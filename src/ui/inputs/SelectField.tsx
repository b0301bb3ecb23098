import type { ReactNode } from "react";

interface SelectFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** The <option>s. */
  readonly children: ReactNode;
  /** Spans the panel's width. */
  readonly wide?: boolean;
  readonly testId?: string;
}

/** A labelled <select>, the way every choice in the panels looks. */
export function SelectField({ label, value, onChange, children, wide, testId }: SelectFieldProps) {
  return (
    <label className={wide ? "ap-field ap-field-wide" : "ap-field"}>
      <span>{label}</span>
      <select value={value} data-testid={testId} onChange={(e) => onChange(e.currentTarget.value)}>
        {children}
      </select>
    </label>
  );
}
