export { EventsTimeline } from './EventsTimeline';
