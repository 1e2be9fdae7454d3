export * from './format';
export * from './severity';
export * from './useQueryState';
export * from './ServiceLink';
