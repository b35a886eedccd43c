# syntax=docker/dockerfile:1
# One image for both production processes: `npm run worker` and `npm run api` (see docker-compose.yml).
# TypeScript runs through tsx, as in development, so there is no separate compile step; the react-admin UI is built
# here and served by the API from admin-ui/dist.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
# The npm the lockfile was written with: npm 11 honours package.json "allowScripts" (only the listed packages run
# install scripts); the npm 10 bundled with Node 20 would run every package's scripts.
RUN npm install --global npm@11.19.1 && npm cache clean --force
WORKDIR /app

# ---- UI build: needs the dev dependencies (vite) and the shared domain/ code ----
FROM base AS ui
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build:ui

# ---- Runtime ----
FROM base AS runtime
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
# Sources stay owned by root: the service user can read them but not change them.
COPY . .
COPY --from=ui /app/admin-ui/dist ./admin-ui/dist
# The only place the application writes (UPLOAD_DIR); a named volume mounted here inherits this ownership.
RUN mkdir -p /data/uploads && chown node:node /data/uploads
ENV PORT=3000 UPLOAD_DIR=/data/uploads UI_DIST_DIR=/app/admin-ui/dist
USER node
EXPOSE 3000
CMD ["npm", "run", "api"]
