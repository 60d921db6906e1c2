# tbmock as a test backend:  docker build -t tbmock .  &&  docker run -p 1883:1883 -p 8883:8883 -p 8080:8080 tbmock
# Everything a container user can set is in docs/docker.md.

# Build stage: the same Maven build as on a workstation, tests left to CI.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The whole reactor, as Maven reads every module's pom; .dockerignore leaves out what the build does not read.
COPY . .
RUN mvn -B -q -DskipTests -Dinvoker.skip=true -pl app -am package

# Runtime: a JRE, the launcher's one jar, and nothing that runs as root.
FROM eclipse-temurin:17-jre
# /var/lib/tbmock/state belongs to tbmock so that a volume mounted there for --state-dir is writable.
RUN useradd --system --user-group --home-dir /var/lib/tbmock --create-home tbmock \
    && mkdir /config /var/lib/tbmock/state && chown tbmock:tbmock /config /var/lib/tbmock/state
COPY --from=build /src/app/target/tbmock.jar /opt/tbmock/tbmock.jar
COPY docker/entrypoint.sh docker/cds-archive.sh /opt/tbmock/
# Class data sharing: the classes a start loads, recorded once here and mapped at every start (faster start-up).
RUN /opt/tbmock/cds-archive.sh

USER tbmock
WORKDIR /var/lib/tbmock
# Options for the JVM itself (heap, GC, system properties); tbmock's own options are TBMOCK_* or arguments.
ENV JAVA_OPTS=""
EXPOSE 1883 8883 8080
# Docker runs the first check one interval after the start: a short one makes the container healthy quickly.
HEALTHCHECK --interval=2s --timeout=2s --start-period=30s --retries=3 \
    CMD if [ "$TBMOCK_ADMIN_HTTPS" = true ]; then scheme=https; else scheme=http; fi; \
        curl -fsSk -o /dev/null "$scheme://127.0.0.1:${TBMOCK_HTTP_PORT:-8080}/admin/health" || exit 1
ENTRYPOINT ["/opt/tbmock/entrypoint.sh"]
