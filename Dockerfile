# One image for every darkwatch service; the command picks the part:
#   darkwatch replay ... | darkwatch streams ... | darkwatch alerting ...
# First sketch (issue 2): not built in CI here (no Docker engine on the build machines).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends libpcap0.8 && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /var/lib/darkwatch darkwatch \
    && mkdir -p /var/lib/darkwatch && chown darkwatch /var/lib/darkwatch
COPY --from=build /src/cli/target/darkwatch-cli.jar /opt/darkwatch/darkwatch-cli.jar
COPY --from=build /src/cli/target/lib /opt/darkwatch/lib
USER 10001
WORKDIR /var/lib/darkwatch
ENTRYPOINT ["java", "-cp", "/opt/darkwatch/darkwatch-cli.jar:/opt/darkwatch/lib/*", "io.darkwatch.cli.Main"]
CMD ["--help"]
