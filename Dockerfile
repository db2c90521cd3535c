# One image for every Tickflow process (producer, processor, InfluxDB setup); compose picks the
# command. Stages: build (all deps, esbuild bundles) -> deps (production node_modules only) ->
# runtime (non-root, bundles + production deps, no sources, no npm cache).
#
#   docker build -t tickflow-app:dev .
#   docker run --rm tickflow-app:dev node dist/producer.js --help

ARG NODE_IMAGE=node:20.19.2-alpine3.21

# ---------------------------------------------------------------- build
FROM ${NODE_IMAGE} AS build
WORKDIR /src
# Manifests first: the npm ci layer is reused until a package.json or the lock changes.
COPY package.json package-lock.json ./
COPY contracts/package.json contracts/
COPY common/package.json common/
COPY producer/package.json producer/
COPY processor/package.json processor/
COPY archiver/package.json archiver/
# --ignore-scripts: no dependency needs an install script (esbuild ships its binary as an
# optional per-platform package), and it keeps untrusted postinstall code out of the build.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json ./
COPY contracts/src contracts/src
COPY common/src common/src
COPY producer/src producer/src
COPY processor/src processor/src
COPY archiver/src archiver/src
COPY influxdb influxdb
RUN npm run build

# ---------------------------------------------------------------- production deps
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY contracts/package.json contracts/
COPY common/package.json common/
COPY producer/package.json producer/
COPY processor/package.json processor/
COPY archiver/package.json archiver/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# ---------------------------------------------------------------- runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# package.json carries "type": "module", which makes Node load dist/*.js as ESM.
COPY --from=deps /app/package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist/producer.js /src/dist/processor.js ./dist/
COPY --from=build /src/dist/archiver.js ./dist/
# The setup bundle sits next to its task scripts: it finds them relative to itself.
COPY --from=build /src/dist/influx-setup.js ./influxdb/setup.js
COPY --from=build /src/influxdb/tasks ./influxdb/tasks
# influx-setup leaves each scoped InfluxDB token in a volume mounted under /run/tickflow;
# a new named volume starts with the ownership of its mount point here (node, group 0 so
# that Grafana, which runs with gid 0, can read its own token).
RUN mkdir -p /run/tickflow/processor /run/tickflow/grafana /data/archive \
  && chown -R node:root /run/tickflow /data/archive && chmod 0750 /run/tickflow/processor /run/tickflow/grafana
USER node
# Healthy = the process is alive and, when HEARTBEAT_FILE is set, that file was touched within
# HEARTBEAT_MAX_AGE_MS (a wedged event loop stops touching it).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e 'const f=process.env.HEARTBEAT_FILE; if (!f) process.exit(0); const s=require("node:fs").statSync(f,{throwIfNoEntry:false}); process.exit(s && Date.now()-s.mtimeMs < Number(process.env.HEARTBEAT_MAX_AGE_MS || 30000) ? 0 : 1)'
CMD ["node", "dist/producer.js", "--help"]
