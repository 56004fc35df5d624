/**
 * A DSFR select for a mandatory reason code (portrait override, absent finger...): the agent picks
 * one of the listed reasons, or none yet ("Choisir un motif").
 */
import { Select } from '@codegouvfr/react-dsfr/Select';

export interface ReasonOption<Code extends string> {
  code: Code;
  label: string;
}

export function ReasonSelect<Code extends string>(props: {
  label: string;
  reasons: readonly ReasonOption<Code>[];
  value: Code | '';
  onChange: (value: Code | '') => void;
  className?: string;
}) {
  return (
    <Select
      {...(props.className ? { className: props.className } : {})}
      label={props.label}
      nativeSelectProps={{
        value: props.value,
        onChange: (e) => props.onChange(e.target.value as Code | ''),
      }}
    >
      <option value="">Choisir un motif</option>
      {props.reasons.map((r) => (
        <option key={r.code} value={r.code}>
          {r.label}
        </option>
      ))}
    </Select>
  );
}
