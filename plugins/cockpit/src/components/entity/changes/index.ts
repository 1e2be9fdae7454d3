export { WhatChangedPanel } from './WhatChangedPanel';
