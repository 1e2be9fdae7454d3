import { useMemo } from 'react';
import { InfoCard } from '@backstage/core-components';
import { EmptyNote, LoadState } from '../../common';
import { RangeBar } from '../events/RangeBar';
import { describeChanges } from './describeChanges';
import { groupChangesByResource } from './groupChanges';
import { ResourceChangesGroup } from './ResourceChangesGroup';
import { useChangesRange } from './useChangesRange';
import { useServiceChanges } from './useServiceChanges';

/**
 * "What changed" in the service's subtree: every new value of a reading in the last 24 hours,
 * 7 days or a custom range (ending at the tab's "as of" moment), grouped by resource, each
 * change in one compact line with its before and after. The range lives in the URL
 * (`changes`, `changesFrom`, `changesTo`).
 */
export const WhatChangedPanel = (props: { service: string }) => {
  const state = useChangesRange();
  const { value, loading, error } = useServiceChanges({
    service: props.service,
    range: state.range,
  });
  const groups = useMemo(
    () => groupChangesByResource(value?.items ?? []),
    [value],
  );
  return (
    <InfoCard
      title="What changed"
      subheader="New values of the service's readings and of everything under it"
    >
      <RangeBar
        range={state}
        presets={['24h', '7d']}
        label="changes range"
        count={value ? describeChanges(value, groups.length, state.range) : ''}
        countTestId="cockpit-changes-count"
      />
      <LoadState loading={loading} error={error} />
      {value && value.items.length === 0 && (
        <EmptyNote py={3}>Nothing changed in this range.</EmptyNote>
      )}
      {groups.map(group => (
        <ResourceChangesGroup key={group.resource.id} group={group} />
      ))}
    </InfoCard>
  );
};
