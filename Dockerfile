# imagestream-webhook container image. Build: docker build -t imagestream-webhook:0.1.0 .
# Stage 1 compiles TypeScript with the dev toolchain; stage 2 installs production dependencies only;
# the final image holds just dist/src, those dependencies and package.json ("type": "module").
FROM node:20-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npx tsc -p tsconfig.json

FROM node:20-slim AS production-dependencies
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
COPY --from=production-dependencies /build/node_modules ./node_modules
COPY --from=build /build/dist/src ./dist/src
# Numeric (the base image's "node" user), so the kubelet can verify runAsNonRoot; files stay root-owned
# and read-only to the process, which matches the chart's readOnlyRootFilesystem.
USER 1000:1000
EXPOSE 8443 8080
ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["serve"]
