import { Grid, Typography } from '@material-ui/core';
import type { useRangeQuery } from './eventsRange';
import { RangePicker } from './RangePicker';
import type { RANGE_PRESETS } from './eventsRange';

/**
 * The bar over a panel that shows a time range: the range picker, then what the range holds in
 * words (`count`, under `countTestId`).
 */
export const RangeBar = (props: {
  range: ReturnType<typeof useRangeQuery>;
  presets?: Array<keyof typeof RANGE_PRESETS>;
  /** Names the picker for assistive technology. */
  label?: string;
  count: string;
  countTestId: string;
}) => {
  const { range } = props;
  return (
    <Grid container spacing={2} alignItems="center">
      <RangePicker
        presets={props.presets}
        label={props.label}
        choice={range.choice}
        customFrom={range.customFrom}
        customTo={range.customTo}
        onChoose={range.choose}
        onCustom={range.setCustom}
      />
      <Grid item>
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid={props.countTestId}
        >
          {props.count}
        </Typography>
      </Grid>
    </Grid>
  );
};
