package io.darkwatch.simulator.traffic;

import io.darkwatch.simulator.scenario.AppearEvent;
import io.darkwatch.simulator.scenario.BackscatterEvent;
import io.darkwatch.simulator.scenario.CountryProfile;
import io.darkwatch.simulator.scenario.OutageEvent;
import io.darkwatch.simulator.scenario.PortDeclineEvent;
import io.darkwatch.simulator.scenario.ScanEvent;
import io.darkwatch.simulator.scenario.Scenario;
import io.darkwatch.simulator.scenario.ScenarioEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mean packet rate of every traffic stream in every second of a scenario: the deterministic
 * half of the simulation (the random half draws Poisson counts around these means). Also gives the
 * expected packet counts the report sets beside the counts actually drawn.
 */
public final class TrafficPlan {
    private final Scenario scenario;
    private final Map<String, Integer> countryIndex = new HashMap<>();
    private final List<List<OutageEvent>> outagesByCountry = new ArrayList<>();
    private final List<List<PortDeclineEvent>> declinesByCountry = new ArrayList<>();
    /** Per country, the first second it sends in: its appearance, or Long.MIN_VALUE when it sends from the start. */
    private final long[] firstSecond;

    public TrafficPlan(Scenario scenario) {
        this.scenario = scenario;
        firstSecond = new long[scenario.countries().size()];
        for (int i = 0; i < scenario.countries().size(); i++) {
            countryIndex.put(scenario.countries().get(i).code(), i);
            outagesByCountry.add(new ArrayList<>());
            declinesByCountry.add(new ArrayList<>());
            firstSecond[i] = Long.MIN_VALUE;
        }
        for (ScenarioEvent e : scenario.events()) {
            int c = countryIndex.get(e.country());
            if (e instanceof OutageEvent outage) {
                outagesByCountry.get(c).add(outage);
            } else if (e instanceof PortDeclineEvent decline) {
                declinesByCountry.get(c).add(decline);
            } else if (e instanceof AppearEvent appear) {
                firstSecond[c] = appear.start().getEpochSecond();
            }
        }
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Index of {@code code} in the scenario's country list. */
    public int countryIndex(String code) {
        Integer i = countryIndex.get(code);
        if (i == null) {
            throw new IllegalArgumentException("country " + code + " is not in scenario " + scenario.name());
        }
        return i;
    }

    /**
     * Daily rhythm factor, averaging 1 over a day: {@code 1 + A·cos(2π(h − peak)/24)} at the middle of
     * the second, h the UTC hour of day.
     */
    public static double rhythm(CountryProfile country, long epochSecond) {
        if (country.dailyAmplitude() == 0) {
            return 1.0;
        }
        double hour = (Math.floorMod(epochSecond, 86_400L) + 0.5) / 3600.0;
        return 1.0 + country.dailyAmplitude() * Math.cos(2 * Math.PI * (hour - country.peakHourUtc()) / 24.0);
    }

    /**
     * Fraction of a country's traffic that gets out: 0 before it appears, else the product of the
     * outages covering the second.
     */
    public double outageFactor(int country, long epochSecond) {
        if (epochSecond < firstSecond[country]) {
            return 0.0;
        }
        double factor = 1.0;
        for (OutageEvent outage : outagesByCountry.get(country)) {
            if (outage.covers(epochSecond)) {
                factor *= outage.remaining();
            }
        }
        return factor;
    }

    /**
     * The fraction of its normal share that {@code port} keeps among the country's probes in the
     * second: the product of the country's declines of that port (1 when there are none).
     */
    public double portShareFactor(int country, int port, long epochSecond) {
        double factor = 1.0;
        for (PortDeclineEvent decline : declinesByCountry.get(country)) {
            if (decline.port() == port) {
                factor *= decline.shareFactor(epochSecond);
            }
        }
        return factor;
    }

    /** The scenario index of the country's (first) decline of {@code port}; -1 when there is none. */
    public int portDeclineOf(int country, int port) {
        String code = scenario.countries().get(country).code();
        for (int e = 0; e < scenario.events().size(); e++) {
            if (scenario.events().get(e) instanceof PortDeclineEvent d && d.port() == port
                    && d.country().equals(code)) {
                return e;
            }
        }
        return SyntheticPacket.NO_EVENT;
    }

    /** Whether the country has a port decline at all (most have none: their probes need no second look). */
    public boolean hasPortDeclines(int country) {
        return !declinesByCountry.get(country).isEmpty();
    }

    /** Normal traffic rate as if there were no outage. */
    public double baselineRate(int country, long epochSecond) {
        CountryProfile profile = scenario.countries().get(country);
        return profile.rate() * rhythm(profile, epochSecond);
    }

    /** Normal traffic rate, outages applied. */
    public double backgroundRate(int country, long epochSecond) {
        return baselineRate(country, epochSecond) * outageFactor(country, epochSecond);
    }

    /** Injection rate of a backscatter or scan event (outages of its country applied); 0 for outages. */
    public double eventRate(int event, long epochSecond) {
        ScenarioEvent e = scenario.events().get(event);
        if (!e.covers(epochSecond)) {
            return 0;
        }
        double rate;
        if (e instanceof BackscatterEvent b) {
            rate = b.rate();
        } else if (e instanceof ScanEvent s) {
            rate = s.rate();
        } else {
            return 0;
        }
        return rate * outageFactor(countryIndex(e.country()), epochSecond);
    }

    public double noiseRate() {
        return scenario.noise().rate();
    }

    /** Expected number of packets in the whole capture: the sum of every stream's mean over every second. */
    public double expectedPackets() {
        double total = noiseRate() * scenario.durationSeconds();
        for (int c = 0; c < scenario.countries().size(); c++) {
            total += expectedCountryPackets(c);
        }
        return total;
    }

    /** Expected packets from a named country: normal traffic plus its events' injections. */
    public double expectedCountryPackets(int country) {
        long first = scenario.start().getEpochSecond();
        double total = 0;
        for (long s = first; s < first + scenario.durationSeconds(); s++) {
            total += backgroundRate(country, s);
        }
        String code = scenario.countries().get(country).code();
        for (int e = 0; e < scenario.events().size(); e++) {
            ScenarioEvent event = scenario.events().get(e);
            // Outages, appearances and declines are already in backgroundRate and the port mix; only injections
            // add packets.
            if (event.country().equals(code) && (event instanceof BackscatterEvent || event instanceof ScanEvent)) {
                total += expectedEventPackets(e);
            }
        }
        return total;
    }

    /**
     * Expected injected packets of a backscatter or scan event; for an outage, the normal traffic it
     * removes plus what still gets through, i.e. the country's baseline over the event's time range;
     * for an appearance, everything the country sends; for a port decline, the probes it moves from
     * its port to others, from its start to the end of the capture.
     */
    public double expectedEventPackets(int event) {
        ScenarioEvent e = scenario.events().get(event);
        if (e instanceof AppearEvent) {
            return expectedCountryPackets(countryIndex(e.country()));
        }
        if (e instanceof PortDeclineEvent d) {
            return expectedMovedProbes(event, d);
        }
        double total = 0;
        for (long s = e.start().getEpochSecond(); s < e.end().getEpochSecond(); s++) {
            total += e instanceof OutageEvent ? baselineRate(countryIndex(e.country()), s) : eventRate(event, s);
        }
        return total;
    }

    private double expectedMovedProbes(int event, PortDeclineEvent d) {
        int country = countryIndex(d.country());
        CountryProfile profile = scenario.countries().get(country);
        double probeShare = (1 - profile.backscatterShare()) * PacketShapes.probeShare(d.port());
        double total = 0;
        for (long s = d.start().getEpochSecond(); s < scenario.end().getEpochSecond(); s++) {
            // Declines of the same port multiply: this event's part of what moves is its own factor's drop.
            total += backgroundRate(country, s) * probeShare * (1 - d.shareFactor(s));
        }
        return total;
    }
}
