import { FormEvent, useEffect, useState } from 'react';
import {
  Box,
  Breadcrumbs,
  Button,
  FormControl,
  Grid,
  InputLabel,
  List,
  ListItem,
  ListItemText,
  MenuItem,
  Select,
  TextField,
  Typography,
} from '@material-ui/core';
import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  RESOURCE_TYPES,
  type Reading,
  type Resource,
} from '@cockpit/plugin-cockpit-common';
import useAsync from 'react-use/esm/useAsync';
import { cockpitApiRef } from '../../api';
import { formatDateTime, ServiceLink, useQueryState } from '../common';
import { ReadingsView } from './ReadingsView';

const ANY_TYPE = '*';

/** `?resource=<id>` of the current page with the other query keys kept. */
function useSelect() {
  const [, setQuery] = useQueryState();
  return (id: string) => setQuery({ resource: id });
}

const ResourceLink = (props: {
  resource: Pick<Resource, 'id' | 'name' | 'type'>;
  showType?: boolean;
}) => {
  const select = useSelect();
  return (
    <Link
      to={`?resource=${encodeURIComponent(props.resource.id)}`}
      onClick={event => {
        event.preventDefault();
        select(props.resource.id);
      }}
    >
      {props.showType ? `${props.resource.type} ` : ''}
      {props.resource.name}
    </Link>
  );
};

/** One resource: its ancestors, its children and its readings. */
const ResourceDetails = (props: { id: string }) => {
  const cockpit = useApi(cockpitApiRef);
  const { value, loading, error } = useAsync(async () => {
    const resource = await cockpit.getResource(props.id);
    const ancestors: Resource[] = [];
    for (
      let parentId = resource.parentId;
      parentId && ancestors.length < 10;

    ) {
      const parent = await cockpit.getResource(parentId);
      ancestors.unshift(parent);
      parentId = parent.parentId;
    }
    const [children, readings] = await Promise.all([
      cockpit.listChildren(resource.id),
      cockpit.listReadings(resource.id, { limit: 500 }),
    ]);
    return {
      resource,
      ancestors,
      children: children.items,
      readings: readings.items as Reading[],
    };
  }, [cockpit, props.id]);

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  const { resource, ancestors, children, readings } = value;
  return (
    <Box data-testid="explorer-resource">
      <Breadcrumbs aria-label="ancestors">
        {ancestors.map(ancestor => (
          <ResourceLink key={ancestor.id} resource={ancestor} showType />
        ))}
        <Typography color="textPrimary">
          {resource.type} {resource.name}
        </Typography>
      </Breadcrumbs>
      <Box my={2}>
        <Typography variant="h5">{resource.name}</Typography>
        <Typography variant="body2" color="textSecondary">
          {resource.type} · id {resource.id} · first seen{' '}
          {formatDateTime(resource.createdOn)} · last seen{' '}
          {formatDateTime(resource.lastSeenOn)}
          {resource.type === RESOURCE_TYPES.Service && (
            <>
              {' · '}
              <ServiceLink
                service={resource.name}
                title="catalog page"
                unlinked="not in the catalog"
              />
            </>
          )}
        </Typography>
      </Box>
      <Grid container spacing={2}>
        <Grid item xs={12} lg={4}>
          <InfoCard title={`Children (${children.length})`}>
            {children.length === 0 ? (
              <Typography color="textSecondary">No child resource.</Typography>
            ) : (
              <List dense aria-label="children">
                {children.map(child => (
                  <ListItem key={child.id} disableGutters>
                    <ListItemText
                      primary={<ResourceLink resource={child} />}
                      secondary={child.type}
                      style={{ wordBreak: 'break-all' }}
                    />
                  </ListItem>
                ))}
              </List>
            )}
          </InfoCard>
        </Grid>
        <Grid item xs={12} lg={8}>
          <ReadingsView readings={readings} />
        </Grid>
      </Grid>
    </Box>
  );
};

/** Search resources by type and name, walk the hierarchy, read a resource's readings. */
export const ExplorerPage = () => {
  const cockpit = useApi(cockpitApiRef);
  const [query, setQuery] = useQueryState();
  const type = query('type') ?? RESOURCE_TYPES.Service;
  const q = query('q') ?? '';
  const selected = query('resource');
  const [input, setInput] = useState(q);
  useEffect(() => setInput(q), [q]);

  const results = useAsync(
    () =>
      cockpit.listResources({
        type: type === ANY_TYPE ? undefined : type,
        q: q || undefined,
        limit: 100,
      }),
    [cockpit, type, q],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQuery({ q: input.trim() });
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={4} lg={3}>
        <InfoCard title="Find resources">
          <form onSubmit={submit} role="search" aria-label="find resources">
            <FormControl
              fullWidth
              size="small"
              variant="outlined"
              margin="dense"
            >
              <InputLabel id="cockpit-explorer-type">Type</InputLabel>
              <Select
                labelId="cockpit-explorer-type"
                label="Type"
                value={type}
                onChange={e => setQuery({ type: String(e.target.value) })}
              >
                <MenuItem value={ANY_TYPE}>any type</MenuItem>
                {Object.values(RESOURCE_TYPES).map(known => (
                  <MenuItem key={known} value={known}>
                    {known}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
            <TextField
              fullWidth
              size="small"
              variant="outlined"
              margin="dense"
              label="Name contains"
              value={input}
              onChange={e => setInput(e.target.value)}
              inputProps={{ 'data-testid': 'explorer-q' }}
            />
            <Button
              type="submit"
              variant="contained"
              color="primary"
              size="small"
            >
              Search
            </Button>
          </form>
          <Box mt={2}>
            {results.loading && <Progress />}
            {results.error && <ResponseErrorPanel error={results.error} />}
            {results.value && results.value.items.length === 0 && (
              <Typography color="textSecondary">Nothing matches.</Typography>
            )}
            {results.value && results.value.items.length > 0 && (
              <List
                dense
                aria-label="matching resources"
                data-testid="explorer-results"
              >
                {results.value.items.map(resource => (
                  <ListItem
                    key={resource.id}
                    disableGutters
                    selected={resource.id === selected}
                  >
                    <ListItemText
                      primary={<ResourceLink resource={resource} />}
                      secondary={type === ANY_TYPE ? resource.type : undefined}
                    />
                  </ListItem>
                ))}
                {results.value.nextCursor && (
                  <Typography variant="caption" color="textSecondary">
                    The first 100 shown: narrow the search.
                  </Typography>
                )}
              </List>
            )}
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8} lg={9}>
        {selected ? (
          <ResourceDetails id={selected} />
        ) : (
          <EmptyState
            missing="info"
            title="Pick a resource"
            description="Search by type and name, then open a resource to see its parents, its children and its readings."
          />
        )}
      </Grid>
    </Grid>
  );
};
