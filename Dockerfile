# SMS gateway images. Two targets share the build:
#   docker build --target api    -t sms-gateway/api .
#   docker build --target worker -t sms-gateway/worker .
# docker-compose.yml builds both. Works with the classic builder and with BuildKit.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: full install, bundle both apps with esbuild (through Nx) -------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true \
    NX_TUI=false \
    CI=true
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build --output-style=static \
 && test -f dist/apps/api/main.js \
 && test -f dist/apps/worker/main.js

# ---- deps: production node_modules only (the bundles keep npm packages external) ------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

# ---- common runtime base ---------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production
# Files stay owned by root: the app only reads them.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The app handles SIGTERM itself (stops taking work, exits 0 within SHUTDOWN_TIMEOUT_MS).
# Run with an init (compose: `init: true`, docker run: `--init`) so that signals and
# orphaned children are handled even though node is not written to be PID 1.
STOPSIGNAL SIGTERM

# ---- api -------------------------------------------------------------------------------------
FROM runtime AS api
ENV PORT=5000 \
    HOST=0.0.0.0
USER node
EXPOSE 5000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 5000) + '/status').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/main.js"]

# ---- worker: one container per modem -----------------------------------------------------------
FROM runtime AS worker
RUN apt-get update \
 && apt-get install -y --no-install-recommends gammu \
 && rm -rf /var/lib/apt/lists/* \
 && usermod -a -G dialout node \
 && gammu --version > /dev/null 2>&1
# Mount the modem's gammurc here (docker-compose.yml does) and map the modem to /dev/ttyUSB0.
ENV GAMMU_CONFIG=/etc/gammurc
USER node
CMD ["node", "dist/apps/worker/main.js"]
