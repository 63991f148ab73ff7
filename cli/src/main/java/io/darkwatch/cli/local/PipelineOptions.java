package io.darkwatch.cli.local;

import io.darkwatch.alerting.sink.AlertSink;
import io.darkwatch.capture.replay.ProgressListener;
import io.darkwatch.streams.settings.DetectorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one all-in-one run is given.
 *
 * @param capture       the pcap/pcapng file to replay
 * @param countryDb     GeoIP2/GeoLite2 Country or City, or a flat country database; empty: the bundled one
 * @param asnDb         an ASN database, optional
 * @param detector      detector settings (window size, thresholds)
 * @param partitions    partitions of each topic; more partitions exercise more of the topology's
 *                      per-partition behaviour (heartbeats), fewer run faster on a small machine
 * @param sensorId      sensor id written into every packet summary
 * @param sinks         where anomaly events go (console, file, …); the runner adds its own collector
 * @param progress      told about the replay's progress
 * @param drainTimeout  how long to wait, after the replay, for streams-app and alerting to catch up
 */
public record PipelineOptions(Path capture, Optional<Path> countryDb, Optional<Path> asnDb, DetectorSettings detector,
        int partitions, String sensorId, List<AlertSink> sinks, ProgressListener progress, Duration drainTimeout) {

    public PipelineOptions {
        Objects.requireNonNull(capture, "capture");
        Objects.requireNonNull(countryDb, "countryDb");
        Objects.requireNonNull(asnDb, "asnDb");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (partitions < 1 || partitions > 64) {
            throw new IllegalArgumentException("partitions must be 1..64, not " + partitions);
        }
        sinks = List.copyOf(sinks);
    }

    public PipelineOptions withSinks(List<AlertSink> newSinks) {
        return new PipelineOptions(capture, countryDb, asnDb, detector, partitions, sensorId, newSinks, progress,
                drainTimeout);
    }
}
