import type { ComposeFile } from './compose-file.js';

/**
 * Rules a compose file must keep so that `docker compose up` works the first time on a fresh
 * machine. Each returns its violations (empty = kept), so a test can also show it catches the
 * pattern it guards against.
 */

/**
 * Images more than one service builds. Compose builds every `build:` through `buildx bake`, in
 * parallel: two services building one tag collide on a first build ("image ... already exists").
 */
export function imagesBuiltTwice(compose: ComposeFile): string[] {
  const builders = new Map<string, string[]>();
  for (const [name, s] of Object.entries(compose.services)) {
    if (!s.build) continue;
    const tag = s.image ?? `<project>-${name}`;
    builders.set(tag, [...(builders.get(tag) ?? []), name]);
  }
  return [...builders].filter(([, names]) => names.length > 1).map(([tag, names]) => `${tag}: built by ${names.join(', ')}`);
}

/**
 * Services that run an image another service builds, but could start before it exists or try
 * to pull it from a registry (where it is not): each needs `pull_policy: never` and a
 * depends_on on its builder, completed (a one-shot builder) or started.
 */
export function unbuiltImageUsers(compose: ComposeFile): string[] {
  const builderOf = new Map<string, string>();
  for (const [name, s] of Object.entries(compose.services)) if (s.build && s.image) builderOf.set(s.image, name);
  const problems: string[] = [];
  for (const [name, s] of Object.entries(compose.services)) {
    const builder = s.image && !s.build ? builderOf.get(s.image) : undefined;
    if (!builder) continue;
    if (s.pull_policy !== 'never') problems.push(`${name}: pull_policy must be never (${s.image} is built here, not pulled)`);
    if (!s.depends_on?.[builder]) problems.push(`${name}: must depend on ${builder}, which builds ${s.image}`);
  }
  return problems;
}
