export * from './format';
export * from './statusChips';
export * from './useQueryState';
export * from './ServiceLink';
export * from './jsonDiff';
export * from './OriginChip';
export * from './ValueDiff';
