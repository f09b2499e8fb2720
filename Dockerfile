# Hello World API (Helidon MP + Auth0).
#   docker build -t hello-world-api .
#   docker run --rm -p 6060:6060 -e AUTH0_DOMAIN=your-tenant.us.auth0.com -e AUTH0_AUDIENCE=https://hello-world.example.com hello-world-api
# Configuration comes only from the environment (no .env file is copied into the image).

# --- Build ---------------------------------------------------------------------------------------------------------
FROM eclipse-temurin:21-jdk AS build
WORKDIR /build
# Dependencies first: this layer stays cached until pom.xml changes.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw --batch-mode --quiet dependency:go-offline
COPY openapi.yaml ./
COPY src/ src/
RUN ./mvnw --batch-mode --quiet package -DskipTests

# --- Run -----------------------------------------------------------------------------------------------------------
FROM eclipse-temurin:21-jre
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app
WORKDIR /app
COPY --from=build /build/target/libs/ libs/
COPY --from=build /build/target/hello-world-api.jar ./
USER app:app
EXPOSE 6060
# Ready = serving and holding the issuer's signing keys. bash's /dev/tcp needs no curl in the image.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 CMD ["bash", "-c", \
  "exec 3<>/dev/tcp/127.0.0.1/${PORT:-6060} && printf 'GET /health/ready HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# A small, predictable footprint for one instance among many behind a load balancer: a fixed 128 MB heap ceiling
# (the live set is ~20 MB plus at most ~70 MB of remembered token decisions) and the serial collector, the least
# memory-hungry; bench/run measures the server with exactly these options.
ENV JAVA_OPTS="-Xmx128m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar hello-world-api.jar"]
