import type { ReactNode } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';

/** What an async load (react-use's `useAsync`) tells: whether it runs, how it failed, its value. */
export interface LoadingState<T> {
  loading: boolean;
  error?: Error;
  value?: T;
}

/**
 * A progress bar while a load runs and the error panel after it failed, above content that
 * stays in place (both show while a load after a failure runs).
 *
 * @example
 * <LoadState loading={loading} error={error} />
 */
export const LoadState = (props: { loading: boolean; error?: Error }) => (
  <>
    {props.loading && <Progress />}
    {props.error && <ResponseErrorPanel error={props.error} />}
  </>
);

/**
 * For a part that shows nothing else until its data arrived: a progress bar while loading, then
 * the error panel, then the children given the value (nothing without a value).
 *
 * @example
 * <Loaded state={useAsync(load, deps)}>{value => <Details value={value} />}</Loaded>
 */
export function Loaded<T>(props: {
  state: LoadingState<T>;
  children: (value: T) => ReactNode;
}) {
  const { loading, error, value } = props.state;
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  return <>{props.children(value)}</>;
}
