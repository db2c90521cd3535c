import { beforeEach, expect } from 'vitest';

// A test that asserts nothing is a defect (GUIDE.md): every test must make at least one
// assertion, or vitest fails it with "expected any number of assertion, but got none".
beforeEach(() => {
  expect.hasAssertions();
});
