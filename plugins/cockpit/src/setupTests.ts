import '@testing-library/jest-dom';

// jsdom has no layout engine: recharts' ResponsiveContainer needs ResizeObserver to exist.
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as { ResizeObserver?: unknown }).ResizeObserver ??=
  NoopResizeObserver;
