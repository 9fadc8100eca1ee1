# syntax=docker/dockerfile:1
#
# Tracegate gateway image.
#   docker build -t tracegate .
#   docker run --rm -p 6432:6432 -p 9187:9187 \
#     -v "$PWD/tracegate.yaml:/etc/tracegate/tracegate.yaml:ro" \
#     -e UPSTREAM_PASSWORD=... tracegate
# Inside a container the config must listen on 0.0.0.0 (listen.host and admin.host), or the
# published ports reach nothing. Relative paths in it (audit file, recordings) resolve under
# /var/lib/tracegate, the working directory, which the tracegate user owns.
# JVM options: set JAVA_TOOL_OPTIONS (the JVM reads it itself; the exec-form ENTRYPOINT
# below expands no variables).

# ---- build: the reactor, tests skipped (CI runs them with `mvn -B verify`) ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds without baking it into a layer.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -DskipTests package \
 && test -f proxy/target/tracegate.jar

# ---- runtime: JRE only, unprivileged ----
FROM eclipse-temurin:17-jre

LABEL org.opencontainers.image.title="tracegate" \
      org.opencontainers.image.description="PostgreSQL wire-protocol gateway that masks, holds and audits AI agents' trace writes"

# A fixed uid/gid so a mounted data volume's ownership can be prepared on the host.
RUN groupadd --system --gid 10001 tracegate \
 && useradd --system --uid 10001 --gid tracegate \
      --home-dir /var/lib/tracegate --create-home --shell /usr/sbin/nologin tracegate \
 && mkdir -p /etc/tracegate

COPY --from=build /src/proxy/target/tracegate.jar /app/tracegate.jar

USER tracegate:tracegate
WORKDIR /var/lib/tracegate
VOLUME ["/var/lib/tracegate"]

# 6432: PostgreSQL protocol for agents. 9187: admin HTTP (/healthz, /metrics, approvals API and page).
EXPOSE 6432 9187

# curl ships in the eclipse-temurin Ubuntu images. /healthz answers while the process is up
# (readiness, upstream included, is /readyz). Needs the admin port on 9187 in the config.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:9187/healthz || exit 1

# The config is mounted as a file here; it is not baked into the image.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/tracegate.jar"]
CMD ["serve", "--config", "/etc/tracegate/tracegate.yaml"]
