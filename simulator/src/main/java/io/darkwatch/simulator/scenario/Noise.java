package io.darkwatch.simulator.scenario;

/**
 * Traffic from the rest of the world: sources in countries the scenario does not name, so they
 * never blur a named country's ground truth. A share of it carries the marks corsaro's filter uses
 * to drop likely-spoofed packets (source last octet 0 or 255, TTL above 200 without TCP options,
 * port 0, UDP to port 80), which a producer's spoofing hints should catch.
 *
 * @param rate         packets per second, flat over the day
 * @param spoofedShare 0..1 of those packets that look spoofed
 */
public record Noise(double rate, double spoofedShare) {
    public static final Noise NONE = new Noise(0, 0);

    public Noise {
        Problems problems = new Problems();
        check(problems, rate, spoofedShare);
        problems.throwIfAny("noise");
    }

    static void check(Problems p, Double rate, Double spoofedShare) {
        if (rate != null) {
            p.at("rate").require(rate >= 0 && rate <= CountryProfile.MAX_RATE, "must be 0.."
                    + (long) CountryProfile.MAX_RATE + " packets/s, not " + rate);
        }
        if (spoofedShare != null) {
            p.at("spoofedShare").require(CountryProfile.isFraction(spoofedShare), "must be 0..1, not " + spoofedShare);
        }
    }

    public boolean isNone() {
        return rate == 0;
    }
}
