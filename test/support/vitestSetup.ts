import { vi } from 'vitest';

// Backstage's test utilities (mockServices, …) create their mocks with
// `jest.fn()`; vitest's `vi` offers the same API.
(globalThis as unknown as { jest: typeof vi }).jest = vi;
