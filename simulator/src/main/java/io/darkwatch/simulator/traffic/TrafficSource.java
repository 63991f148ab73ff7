package io.darkwatch.simulator.traffic;

import java.util.List;

/** One independent stream of packets (a country's normal traffic, an event, the noise). */
public interface TrafficSource {
    /** Appends this source's packets for the second starting at {@code epochSecond}, in any order. */
    void emit(long epochSecond, List<SyntheticPacket> out);
}
