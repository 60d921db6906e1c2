# tbmock as a test backend:  docker build -t tbmock .  &&  docker run -p 1883:1883 -p 8883:8883 -p 8080:8080 tbmock
# Everything a container user can set is in docs/docker.md.

# Build stage: the same Maven build as on a workstation, tests left to CI.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY certs certs
COPY server server
COPY admin-api admin-api
COPY junit junit
COPY app app
RUN mvn -B -q -DskipTests -Dinvoker.skip=true -pl app -am package

# Runtime: a JRE, the launcher's one jar, and nothing that runs as root.
FROM eclipse-temurin:17-jre
RUN useradd --system --user-group --home-dir /var/lib/tbmock --create-home tbmock \
    && mkdir /config && chown tbmock:tbmock /config
COPY --from=build /src/app/target/tbmock.jar /opt/tbmock/tbmock.jar
COPY docker/entrypoint.sh /opt/tbmock/entrypoint.sh

USER tbmock
WORKDIR /var/lib/tbmock
# Options for the JVM itself (heap, GC, system properties); tbmock's own options are TBMOCK_* or arguments.
ENV JAVA_OPTS=""
EXPOSE 1883 8883 8080
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/admin/health || exit 1
ENTRYPOINT ["/opt/tbmock/entrypoint.sh"]
