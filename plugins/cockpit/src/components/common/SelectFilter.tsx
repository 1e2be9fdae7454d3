import {
  FormControl,
  InputLabel,
  MenuItem,
  Select,
  type FormControlProps,
} from '@material-ui/core';

/** One choice of a select: the value it stands for and what it says. */
export interface SelectOption {
  value: string;
  label: string;
  /** The React key, when the values may not be unique; the value by default. */
  key?: string;
}

/**
 * An outlined, small select with its label (named by `id` for assistive technology), for the
 * filter bars of the pages.
 *
 * @example
 * <SelectFilter id="cockpit-explorer-type" label="Type" value={type} options={types} onChange={setType} />
 */
export const SelectFilter = (props: {
  id: string;
  label: string;
  value: string;
  options: SelectOption[];
  onChange: (value: string) => void;
  /** Passed to the FormControl: width, margin, style. */
  control?: Pick<FormControlProps, 'fullWidth' | 'margin' | 'style'>;
}) => (
  <FormControl size="small" variant="outlined" {...props.control}>
    <InputLabel id={props.id}>{props.label}</InputLabel>
    <Select
      labelId={props.id}
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(String(e.target.value))}
    >
      {props.options.map(option => (
        <MenuItem key={option.key ?? option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
    </Select>
  </FormControl>
);
