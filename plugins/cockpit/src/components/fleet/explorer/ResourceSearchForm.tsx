import { Button, TextField } from '@material-ui/core';
import { RESOURCE_TYPES } from '@cockpit/plugin-cockpit-common';
import { SelectFilter } from '../../common';
import { ANY_TYPE, type useExplorerQuery } from './useExplorerQuery';

const TYPE_OPTIONS = [
  { value: ANY_TYPE, label: 'any type' },
  ...Object.values(RESOURCE_TYPES).map(known => ({
    value: known,
    label: known,
  })),
];

/** The type select (applied at once) and the name box (applied on Search). */
export const ResourceSearchForm = (props: {
  query: ReturnType<typeof useExplorerQuery>;
}) => {
  const { type, setType, search } = props.query;
  return (
    <form onSubmit={search.submit} role="search" aria-label="find resources">
      <SelectFilter
        id="cockpit-explorer-type"
        label="Type"
        value={type}
        onChange={setType}
        control={{ fullWidth: true, margin: 'dense' }}
        options={TYPE_OPTIONS}
      />
      <TextField
        fullWidth
        size="small"
        variant="outlined"
        margin="dense"
        label="Name contains"
        value={search.input}
        onChange={e => search.setInput(e.target.value)}
        inputProps={{ 'data-testid': 'explorer-q' }}
      />
      <Button type="submit" variant="contained" color="primary" size="small">
        Search
      </Button>
    </form>
  );
};
