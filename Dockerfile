# Hello World API (Helidon MP + Auth0).
#   docker build -t hello-world-api .
#   docker run --rm -p 6060:6060 -e AUTH0_DOMAIN=your-tenant.us.auth0.com -e AUTH0_AUDIENCE=https://hello-world.example.com hello-world-api
# Configuration comes only from the environment (no .env file is copied into the image).

# --- Build ---------------------------------------------------------------------------------------------------------
FROM eclipse-temurin:25-jdk AS build
WORKDIR /build
# Dependencies first: this layer stays cached until pom.xml changes.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw --batch-mode --quiet dependency:go-offline
COPY openapi.yaml ./
COPY src/ src/
RUN ./mvnw --batch-mode --quiet package -DskipTests

# --- Run -----------------------------------------------------------------------------------------------------------
# JDK 25 for its ahead-of-time cache (the code is compiled for 21, so any JDK 21+ runs the jar; only the cache needs 25).
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app
WORKDIR /app
COPY --from=build /build/target/libs/ libs/
COPY --from=build /build/target/hello-world-api.jar ./
# Memory follows the container: the heap is a third of the container's memory limit (128 MiB in the 384 MiB README
# recommends; config/MemoryBudget shares it out between the connections, the decisions about tokens already seen and
# the rest), and it is that size from the start: grown from the JVM's default 6 MiB, the start took 34 young
# collections before its first answer and ~9 % longer (bench/startup), and a container is sized for the whole heap
# anyway. The rest of the memory is for class data (the AOT cache), JIT code, metaspace and threads. A quarter
# measured worse: 96 MiB (which MaxRAMPercentage=25 alone does not give: below ~380 MiB the JVM keeps a 126 MiB
# floor) left a pool of 2,000 kept-alive connections without heap. The serial collector is the least memory-hungry.
# TrimNativeHeapInterval gives the C library's freed memory back to the system every 5 s (the JIT compilers' arenas
# reach ~35 MB while the server warms up, and would stay resident): ~25 MB less RSS after bench/run, the same
# throughput. AOTAdapterCaching is off because JDK 25.0.x warns at every start that one cached adapter does not match
# (JDK-8364929, fixed later); start-up is the same without it. bench/run and bench/startup measure the server with
# these options and -XX:MaxRAM=384m, the limit a container would give.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=33 -XX:InitialRAMPercentage=33 -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError -XX:+UnlockDiagnosticVMOptions -XX:-AOTAdapterCaching"
# Start-up: a training run (the API in development mode on a free port with a throwaway key, every kind of request
# a few hundred times, each answer checked) records which classes the API loads and how its hot methods run; the
# server then starts from that cache (JEP 483/514/515) in about half the time. A failed check fails the build.
# The build has no memory limit: -XX:MaxRAM gives the training run the heap of a 384 MiB container.
RUN java -XX:MaxRAM=384m $JAVA_OPTS -XX:AOTCacheOutput=hello-world-api.aot -jar hello-world-api.jar train > /tmp/training.log 2>&1 \
    || { tail -n 50 /tmp/training.log; exit 1; }; rm -f /tmp/training.log
USER app:app
# 6060: the API (PORT). 9090: /health and /metrics (MANAGEMENT_PORT), for probes and Prometheus only: never
# publish it where the API's callers can reach it.
EXPOSE 6060 9090
# Ready = serving and holding the issuer's signing keys, asked on the management port (the API port answers 404;
# keep MANAGEMENT_HOST at 0.0.0.0 or 127.0.0.1 so this check reaches it). bash's /dev/tcp needs no curl in the image.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 CMD ["bash", "-c", \
  "exec 3<>/dev/tcp/127.0.0.1/${MANAGEMENT_PORT:-9090} && printf 'GET /health/ready HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# A cache the JVM cannot use (another JDK build, other options) is ignored with a warning, never fatal.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -XX:AOTCache=hello-world-api.aot -jar hello-world-api.jar"]
