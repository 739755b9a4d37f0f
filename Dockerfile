# syntax=docker/dockerfile:1
# fetchflux container image: build with `docker build -t fetchflux .` from the repository root
# (BuildKit, the default builder, for RUN --mount).
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml application.yml jvm.options ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
# -Daot.skip: the AOT cache is trained in the final stage instead, on the runtime that will use it
# (a cache only fits the exact JVM, jar path and options it was trained with).
RUN ./mvnw -B -q -DskipTests -Daot.skip package \
	&& mkdir /out && cp target/fetchflux-*.jar /out/fetchflux.jar
# The training program, compiled: the final stage has a JRE, without the JDK's source launcher.
COPY deploy/AotTraining.java deploy/
RUN javac --release 17 -d /out/training deploy/AotTraining.java

# deploy/run-image-steps (without arguments) runs the steps of this stage on a host, in CI:
# keep the two in step (it checks the RUN, COPY and ENTRYPOINT lines it depends on).
FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 --home-dir /app fetchflux
WORKDIR /app
COPY jvm.options application.yml ./
COPY bin/fetchflux bin/
# Extracts the jar into /app (fetchflux.jar + lib/) and trains /app/fetchflux.aot, the AOT cache,
# with a training run under real load against a loopback stub, started by /app/bin/fetchflux.
RUN --mount=type=bind,from=build,source=/out,target=/build \
	--mount=type=bind,source=deploy,target=/deploy \
	AOT_TRAINING_CLASSES=/build/training /deploy/run-image-steps layout /build/fetchflux.jar /app
USER 10001
EXPOSE 8080
# java @/app/jvm.options -XX:AOTCache=/app/fetchflux.aot -jar /app/fetchflux.jar
ENTRYPOINT ["/app/bin/fetchflux"]
