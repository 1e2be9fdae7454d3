import { FormEvent, useEffect, useState } from 'react';
import { Box, Button, TextField } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { formatDateTime } from '../../common';
import { toLocalInput } from '../events/eventsRange';
import { useAsOf } from './useAsOf';

/**
 * The "as of" date-time picker of the Cockpit tab: choosing a moment shows the whole tab as
 * it stood then (the choice goes to the URL); "Now" returns to the present.
 */
export const AsOfPicker = () => {
  const { asOf, setAsOf } = useAsOf();
  const [input, setInput] = useState(asOf ? toLocalInput(asOf) : '');
  useEffect(() => setInput(asOf ? toLocalInput(asOf) : ''), [asOf]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // a datetime-local value is local time; the URL keeps the moment in UTC
    const time = Date.parse(input);
    if (!Number.isNaN(time)) setAsOf(new Date(time).toISOString());
  };

  return (
    <Box
      component="form"
      onSubmit={submit}
      display="flex"
      alignItems="center"
      gridGap={8}
      aria-label="view as of"
      data-testid="cockpit-as-of-picker"
    >
      <TextField
        label="As of"
        type="datetime-local"
        size="small"
        variant="outlined"
        value={input}
        InputLabelProps={{ shrink: true }}
        inputProps={{
          'data-testid': 'cockpit-as-of-input',
          max: toLocalInput(new Date().toISOString()),
        }}
        onChange={e => setInput(e.target.value)}
      />
      <Button type="submit" size="small" variant="outlined" disabled={!input}>
        Show
      </Button>
      {asOf && (
        <Button size="small" onClick={() => setAsOf(undefined)}>
          Now
        </Button>
      )}
    </Box>
  );
};

/** The banner over a tab that shows the past, with a way back to now. */
export const AsOfBanner = (props: { subject: string }) => {
  const { asOf, invalid, setAsOf } = useAsOf();
  if (invalid) {
    return (
      <Alert severity="error" data-testid="cockpit-as-of-banner">
        The link asks for the state as of "{invalid}", which is not a date and
        time: showing now.
      </Alert>
    );
  }
  if (!asOf) return null;
  return (
    <Alert
      severity="warning"
      data-testid="cockpit-as-of-banner"
      action={
        <Button color="inherit" size="small" onClick={() => setAsOf(undefined)}>
          Back to now
        </Button>
      }
    >
      Viewing {props.subject} as it stood on {formatDateTime(asOf)} ({asOf}):
      readings, deployments, events and changes up to that moment.
    </Alert>
  );
};
