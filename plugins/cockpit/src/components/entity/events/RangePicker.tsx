import { Grid, TextField } from '@material-ui/core';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { RANGE_PRESETS, type RangeChoice } from './eventsRange';

const PRESET_LABELS: Record<keyof typeof RANGE_PRESETS, string> = {
  '24h': 'last 24 hours',
  '7d': 'last 7 days',
  '30d': 'last 30 days',
};

/** The range presets (all unless given) and, for a custom range, its two ends (local time). */
export const RangePicker = (props: {
  presets?: Array<keyof typeof RANGE_PRESETS>;
  /** Names the group for assistive technology; "time range" unless given. */
  label?: string;
  choice: RangeChoice;
  customFrom?: string;
  customTo?: string;
  onChoose: (choice: RangeChoice) => void;
  onCustom: (end: 'from' | 'to', value: string) => void;
}) => (
  <>
    <Grid item>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={props.choice}
        aria-label={props.label ?? 'time range'}
        onChange={(_e, next: RangeChoice | null) =>
          next && props.onChoose(next)
        }
      >
        {(
          props.presets ??
          (Object.keys(RANGE_PRESETS) as Array<keyof typeof RANGE_PRESETS>)
        ).map(preset => (
          <ToggleButton
            key={preset}
            value={preset}
            aria-label={PRESET_LABELS[preset]}
          >
            {preset}
          </ToggleButton>
        ))}
        <ToggleButton value="custom" aria-label="custom range">
          Custom
        </ToggleButton>
      </ToggleButtonGroup>
    </Grid>
    {props.choice === 'custom' &&
      (['from', 'to'] as const).map(end => (
        <Grid item key={end}>
          <TextField
            label={end === 'from' ? 'From' : 'To'}
            type="datetime-local"
            size="small"
            value={(end === 'from' ? props.customFrom : props.customTo) ?? ''}
            InputLabelProps={{ shrink: true }}
            onChange={e => props.onCustom(end, e.target.value)}
          />
        </Grid>
      ))}
  </>
);
