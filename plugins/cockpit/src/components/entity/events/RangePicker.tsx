import { Grid, TextField } from '@material-ui/core';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import type { RangeChoice } from './eventsRange';

/** The range presets and, for a custom range, its two ends (local time). */
export const RangePicker = (props: {
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
        aria-label="time range"
        onChange={(_e, next: RangeChoice | null) =>
          next && props.onChoose(next)
        }
      >
        <ToggleButton value="24h" aria-label="last 24 hours">
          24h
        </ToggleButton>
        <ToggleButton value="7d" aria-label="last 7 days">
          7d
        </ToggleButton>
        <ToggleButton value="30d" aria-label="last 30 days">
          30d
        </ToggleButton>
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
