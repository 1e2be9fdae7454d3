import { Button, Grid, TextField } from '@material-ui/core';
import type { useSubmittedQuery } from '../../common';

/** The package URL box and its Search button; submitting puts the URL in the page's URL. */
export const PackageSearchForm = (props: {
  search: ReturnType<typeof useSubmittedQuery>;
}) => {
  const { search } = props;
  return (
    <form
      onSubmit={search.submit}
      role="search"
      aria-label="who uses a package"
    >
      <Grid container spacing={2} alignItems="center">
        <Grid item xs={12} md={8}>
          <TextField
            fullWidth
            variant="outlined"
            size="small"
            label="Package URL, with or without version"
            placeholder="pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
            value={search.input}
            onChange={e => search.setInput(e.target.value)}
            inputProps={{ 'data-testid': 'who-uses-input' }}
          />
        </Grid>
        <Grid item>
          <Button
            type="submit"
            variant="contained"
            color="primary"
            disabled={!search.input.trim()}
          >
            Search
          </Button>
        </Grid>
      </Grid>
    </form>
  );
};
