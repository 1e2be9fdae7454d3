import { useLocation } from 'react-router-dom';

/** Shows the current URL's query in the page, so a test can read the state kept there. */
export const LocationProbe = () => (
  <div data-testid="location-search">{useLocation().search}</div>
);

/** The query of the URL the LocationProbe shows, parsed. */
export function searchParamsOf(element: HTMLElement): URLSearchParams {
  return new URLSearchParams(element.textContent ?? '');
}
