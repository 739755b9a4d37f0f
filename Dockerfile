# fetchflux container image: build with `docker build -t fetchflux .` from the repository root.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml application.yml jvm.options ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q -DskipTests package \
	&& java -Djarmode=tools -jar target/fetchflux-*.jar extract --layers --launcher --destination /extracted

FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 --home-dir /app fetchflux
WORKDIR /app
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
COPY jvm.options application.yml ./
USER 10001
EXPOSE 8080
ENTRYPOINT ["java", "@/app/jvm.options", "org.springframework.boot.loader.launch.JarLauncher"]
