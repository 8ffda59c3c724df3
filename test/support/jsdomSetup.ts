// jest-dom's matchers (toBeInTheDocument, …) for the browser-side tests.
import '@testing-library/jest-dom/vitest';
