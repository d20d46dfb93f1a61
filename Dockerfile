# One image for the worker and the API; docker-compose.yml picks the command:
#   worker: node --import tsx worker.ts     (WORKFLOW_BUNDLE below: the prebuilt workflow bundle)
#   api:    node --import tsx api/main.ts   (the default CMD)
# `node --import tsx FILE` is `npx tsx FILE` without the npx and tsx wrapper processes, so SIGTERM
# reaches our own shutdown handlers directly.
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- deps: production dependencies. tsx (runtime TypeScript) and @temporalio/worker (which also
# bundles the workflows) are in "dependencies", so --omit=dev has all that build and runtime need.
FROM ${NODE_IMAGE} AS deps
# Compilers only for this stage: better-sqlite3 normally installs a prebuilt binary and falls back
# to node-gyp when it cannot fetch one.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# ---- build: the workflow bundle the worker loads in production.
FROM deps AS build
COPY . .
RUN npm run build:workflows \
 && test -s dist/workflow-bundle.js

# ---- runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/data \
    API_HOST=0.0.0.0 \
    API_PORT=3000 \
    WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
COPY --from=build /app/dist/workflow-bundle.js ./dist/workflow-bundle.js
# DATA_DIR belongs to the unprivileged user; a new named volume mounted here inherits that owner.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "api/main.ts"]
