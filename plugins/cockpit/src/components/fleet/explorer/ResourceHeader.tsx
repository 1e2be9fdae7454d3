import { Box, Breadcrumbs, Typography } from '@material-ui/core';
import { RESOURCE_TYPES, type Resource } from '@cockpit/plugin-cockpit-common';
import { formatDateTime, ServiceLink } from '../../common';
import { ResourceLink } from './ResourceLink';

/** The resource's ancestors as breadcrumbs, then its name, id, when it was seen and its catalog page. */
export const ResourceHeader = (props: {
  resource: Resource;
  ancestors: Resource[];
}) => {
  const { resource, ancestors } = props;
  return (
    <>
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
    </>
  );
};
