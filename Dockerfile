# Multi-stage build: compile TypeScript, then a small non-root runtime image on Node 24 LTS.
# NODE_IMAGE: where no registry can be reached, scripts/docker/images.sh builds a local stand-in
# (respite-local/node) and passes it here.
ARG NODE_IMAGE=node:24-bookworm-slim
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `npm install`, not `npm ci`: the lock file lacks biome's platform packages that the registry
# here does not serve, and `npm ci` refuses it (scripts/install.sh); this installs the locked versions
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY web ./web
RUN npx tsc -p tsconfig.build.json && npx vite build --config web/vite.config.ts && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/web/dist ./web/dist
COPY --chown=node:node package.json ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# node as PID 1 receives SIGTERM itself, so the graceful shutdown (enableShutdownHooks) runs.
# The V8 flags are package.json's config.nodeFlags (README "Memory"), as `npm start` and the bench
# run the service; scripts/node-flags.spec.ts keeps this line equal to them.
CMD ["node", "--max-semi-space-size=8", "--disable-warning=TimeoutNegativeWarning", "dist/main.js"]
