# One image, tickflow-app:<version>, for every Tickflow process (producers, processor, InfluxDB
# setup, secrets init, alert sink); compose builds it once and picks the command per service.
# Stages: tools (esbuild + patch-package only) -> build (esbuild bundles) and deps (production
# node_modules, patched) -> runtime (non-root, bundles + production deps: no sources, no dev
# dependencies, no build tools, no npm cache).
#
#   docker build -t tickflow-app:dev .
#   docker run --rm tickflow-app:dev node dist/producer.js --help

# Node 24 LTS ("Krypton"), pinned: patch version and Alpine release.
ARG NODE_IMAGE=node:24.18.0-alpine3.24

# ---------------------------------------------------------------- tools
# The only two build tools, at the versions package-lock.json pins (a test keeps them equal):
# esbuild makes the bundles, patch-package applies patches/ to the production dependencies.
# Not the devDependencies (vitest, eslint, Stryker, TypeScript, ...): nothing here needs them.
# --ignore-scripts: esbuild ships its binary as an optional per-platform package, and it keeps
# untrusted install scripts out of the build. The npm cache is a build cache mount: downloads
# are reused by the next build and never stored in a layer.
FROM ${NODE_IMAGE} AS tools
WORKDIR /tools
RUN --mount=type=cache,target=/root/.npm npm install --ignore-scripts --no-audit --no-fund esbuild@0.28.2 patch-package@8.0.1

# ---------------------------------------------------------------- build
# Bundles with every package import left external (--packages=external), so no node_modules
# but the tools: `npm run build` finds esbuild in ./node_modules/.bin.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY --from=tools /tools/node_modules ./node_modules
COPY package.json tsconfig.base.json tsconfig.json ./
# --version reads each program's own manifest, bundled in.
COPY producer/package.json producer/
COPY processor/package.json processor/
COPY archiver/package.json archiver/
COPY contracts/src contracts/src
COPY common/src common/src
COPY producer/src producer/src
COPY processor/src processor/src
COPY archiver/src archiver/src
COPY influxdb influxdb
# The alert sink is one self-contained file; the rest of grafana/ is provisioning, mounted at run time.
COPY grafana/alert-sink.ts grafana/
RUN npm run build

# ---------------------------------------------------------------- production deps
# Manifests first: the npm ci layer is reused until a package.json or the lock changes.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY contracts/package.json contracts/
COPY common/package.json common/
COPY producer/package.json producer/
COPY processor/package.json processor/
COPY archiver/package.json archiver/
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund
# The repo patches a few dependencies (patches/, applied by patch-package on postinstall, which
# --ignore-scripts skips): apply them here, with the tools stage's patch-package.
COPY --from=tools /tools/node_modules /tools/node_modules
COPY patches patches
RUN /tools/node_modules/.bin/patch-package

# ---------------------------------------------------------------- runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# package.json carries "type": "module", which makes Node load dist/*.js as ESM.
COPY --from=deps /app/package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist/producer.js /src/dist/processor.js /src/dist/alert-sink.js /src/dist/secrets-init.js /src/dist/archiver.js ./dist/
COPY --from=build /src/dist/influx-setup.js ./influxdb/setup.js
# Secrets and tokens live in named volumes mounted under /run/tickflow. A new named volume
# starts with the ownership of its mount point here: node (uid 1000, which is also the uid of
# the influxdb image's user) and group 0, so Grafana (uid 472, gid 0) can read its own files.
RUN mkdir -p /run/tickflow/influx /run/tickflow/processor /run/tickflow/grafana /data/archive \
  && chown -R node:root /run/tickflow /data/archive && chmod 0750 /run/tickflow/influx /run/tickflow/processor /run/tickflow/grafana
USER node
# Healthy = the process is alive and, when HEARTBEAT_FILE is set, that file was touched within
# HEARTBEAT_MAX_AGE_MS (a wedged event loop stops touching it).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e 'const f=process.env.HEARTBEAT_FILE; if (!f) process.exit(0); const s=require("node:fs").statSync(f,{throwIfNoEntry:false}); process.exit(s && Date.now()-s.mtimeMs < Number(process.env.HEARTBEAT_MAX_AGE_MS || 30000) ? 0 : 1)'
CMD ["node", "dist/producer.js", "--help"]
