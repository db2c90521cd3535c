import { describe, expect, it } from 'vitest';
import { parseYaml, readText, usesAppImage, type ComposeFile } from './compose-file.js';
import { imagesBuiltTwice, unbuiltImageUsers } from './compose-rules.js';

// A first `docker compose up` on a fresh Docker: Compose (buildx bake) builds every service that
// has `build:` in parallel, so one tag built by two services fails with "already exists".

const compose = parseYaml(readText('docker-compose.yml')) as ComposeFile;
const build = { context: '.', dockerfile: 'Dockerfile', target: 'runtime' };

describe('docker-compose.yml builds each image once', () => {
  it('no two services build the same image', () => {
    expect(imagesBuiltTwice(compose)).toEqual([]);
  });

  it('the app image has exactly one builder, and every other app service waits for it and never pulls', () => {
    const builders = Object.entries(compose.services).filter(([, s]) => s.build && usesAppImage(s));
    expect(builders.map(([n]) => n)).toEqual(['app-image']);
    const users = Object.entries(compose.services).filter(([, s]) => usesAppImage(s) && !s.build);
    expect(users.length).toBeGreaterThanOrEqual(8);
    expect(unbuiltImageUsers(compose)).toEqual([]);
    for (const [name, s] of users) expect(s.depends_on?.['app-image']?.condition, name).toBe('service_completed_successfully');
  });

  it('the builder is a one-shot with no profile, so every `up` and `run` has it', () => {
    const b = compose.services['app-image'];
    expect(b?.profiles).toBeUndefined();
    expect(b?.restart).toBe('no');
    expect(b?.command).toEqual(['true']);
  });
});

describe('the rules catch what they guard against', () => {
  it('two services with the same build and tag (the pattern that broke first builds)', () => {
    const twice: ComposeFile = { services: { a: { image: 'tickflow-app:0.1.0', build }, b: { image: 'tickflow-app:0.1.0', build }, c: { image: 'other:1', build } } };
    expect(imagesBuiltTwice(twice)).toEqual(['tickflow-app:0.1.0: built by a, b']);
  });

  it('a service that uses a built image but may pull it, or start before it is built', () => {
    const loose: ComposeFile = { services: { a: { image: 'tickflow-app:0.1.0', build }, b: { image: 'tickflow-app:0.1.0' } } };
    expect(unbuiltImageUsers(loose)).toEqual([
      'b: pull_policy must be never (tickflow-app:0.1.0 is built here, not pulled)',
      'b: must depend on a, which builds tickflow-app:0.1.0',
    ]);
  });
});
