export * from './fromConfig';
export * from './http';
export * from './inProcess';
export * from './lambda';
export * from './ndjson';
export * from './retry';
export * from './sns';
export * from './types';
