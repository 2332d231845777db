# Liaison app image, for `docker compose up` (Neo4j runs in its own container). The embedded
# launcher is not built here: in Docker, Neo4j is the neo4j:5.26-community service.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node node_modules/vite/bin/vite.js build --config client/vite.config.mts
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 LIAISON_DATA_DIR=/app/.liaison
RUN mkdir -p /app/.liaison && chown node:node /app/.liaison
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "node_modules/tsx/dist/cli.mjs", "server/src/main.ts"]
