import { Link } from '@backstage/core-components';
import type { Resource } from '@cockpit/plugin-cockpit-common';
import { useQueryState } from '../../common';

/** `?resource=<id>` of the current page with the other query keys kept. */
function useSelect() {
  const [, setQuery] = useQueryState();
  return (id: string) => setQuery({ resource: id });
}

/** A resource's name (and type) that opens it in the explorer, keeping the search. */
export const ResourceLink = (props: {
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
