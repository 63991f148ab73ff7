package io.darkwatch.simulator;

import java.time.Instant;

/**
 * How far a simulation has got.
 *
 * @param simulatedTime  capture time written so far (packets before it are in the file)
 * @param packetsWritten packets written so far
 * @param fractionDone   0..1 of the capture's duration
 */
public record SimulationProgress(Instant simulatedTime, long packetsWritten, double fractionDone) {
}
