import { Link } from '@backstage/core-components';
import { advisoryUrl } from './format';

/** An advisory's id, linking to where to read about it (in a new tab). */
export const AdvisoryLink = (props: { id: string }) => (
  <Link to={advisoryUrl(props.id)} target="_blank" rel="noopener noreferrer">
    {props.id}
  </Link>
);
