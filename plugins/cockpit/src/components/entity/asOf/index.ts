export { AsOfBanner, AsOfPicker } from './AsOfPicker';
export { AS_OF_KEY, parseAsOf, useAsOf } from './useAsOf';
