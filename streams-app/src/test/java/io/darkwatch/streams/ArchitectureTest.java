package io.darkwatch.streams;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.darkwatch.streams", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule detectionMathsMustNotDependOnKafka = noClasses()
            .that().resideInAPackage("io.darkwatch.streams.detect..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..")
            .because("the detectors are pure maths, tested and reused without Kafka: move anything that needs"
                    + " Kafka (stores, serdes, records) into io.darkwatch.streams.topology and pass plain values in");

    @ArchTest
    static final ArchRule settingsMustNotDependOnKafka = noClasses()
            .that().resideInAPackage("io.darkwatch.streams.settings..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..")
            .because("settings are read by the CLI and a config topic alike; turn them into Kafka properties in"
                    + " io.darkwatch.streams.app.StreamsApp");

    @ArchTest
    static final ArchRule detectionMathsMustNotReachIntoTheTopology = noClasses()
            .that().resideInAPackage("io.darkwatch.streams.detect..")
            .should().dependOnClassesThat().resideInAnyPackage("io.darkwatch.streams.topology..",
                    "io.darkwatch.streams.app..")
            .because("the topology wires the detectors to stores and topics, not the other way round");

    @ArchTest
    static final ArchRule configRulesMustNotDependOnKafka = noClasses()
            .that().resideInAPackage("io.darkwatch.streams.config..")
            .and().doNotHaveSimpleName("ConfigClient").and().doNotHaveSimpleName("ConfigTopics")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..")
            .because("scopes, validation and resolution are shared by the topology and the CLI's client and are"
                    + " tested without a broker; only ConfigClient and ConfigTopics talk to Kafka");

    @ArchTest
    static final ArchRule detectionMathsMustNotKnowTheConfigTopic = noClasses()
            .that().resideInAPackage("io.darkwatch.streams.detect..")
            .should().dependOnClassesThat().resideInAnyPackage("io.darkwatch.streams.config..")
            .because("detectors get their settings through a SettingsLookup; where the settings come from is the"
                    + " topology's business");

    @ArchTest
    static final ArchRule rankingMustNotDependOnKafka = noClasses()
            .that().haveSimpleName("Ranking").or().haveSimpleName("RankedEntry")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..")
            .because("top-N tables are ranked once, from every instance's merged totals, and tested as plain code;"
                    + " fetching the totals is ClusterQueries' business");
}
