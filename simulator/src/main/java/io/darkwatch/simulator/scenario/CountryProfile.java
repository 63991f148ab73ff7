package io.darkwatch.simulator.scenario;

import java.util.Objects;

/**
 * The normal (event-free) traffic one country sends to the darknet.
 *
 * @param code             ISO 3166-1 alpha-2, upper case, as the geo database spells it
 * @param rate             mean packets per second over a day
 * @param backscatterShare fraction of those packets that are backscatter (SYN/ACK, RST) rather than probes
 * @param dailyAmplitude   0..1: the rate swings between {@code rate × (1 ± amplitude)} over a day
 * @param peakHourUtc      hour of day (UTC, fractional allowed) at which the rate peaks
 */
public record CountryProfile(String code, double rate, double backscatterShare, double dailyAmplitude,
        double peakHourUtc) {

    /** Far above any darknet (the UCSD /8 sees ~0.6 M pkt/s in total): guards against typos such as 3e9. */
    public static final double MAX_RATE = 1_000_000;

    public CountryProfile {
        Objects.requireNonNull(code, "code");
        Problems problems = new Problems();
        check(problems, code, rate, backscatterShare, dailyAmplitude, peakHourUtc);
        problems.throwIfAny("country " + code);
    }

    /** Adds a problem for each invalid field; null fields are skipped (the reader reports them). */
    static void check(Problems p, String code, Double rate, Double backscatterShare, Double dailyAmplitude,
            Double peakHourUtc) {
        if (code != null) {
            p.at("code").require(isCountryCode(code), "'" + code
                    + "' is not an ISO 3166-1 alpha-2 code in upper case (ZZ means unknown and cannot be simulated)");
        }
        if (rate != null) {
            p.at("rate").require(rate >= 0 && rate <= MAX_RATE, "must be 0.." + (long) MAX_RATE
                    + " packets/s, not " + rate);
        }
        if (backscatterShare != null) {
            p.at("backscatterShare").require(isFraction(backscatterShare), "must be 0..1, not " + backscatterShare);
        }
        if (dailyAmplitude != null) {
            p.at("dailyAmplitude").require(isFraction(dailyAmplitude), "must be 0..1, not " + dailyAmplitude);
        }
        if (peakHourUtc != null) {
            p.at("peakHourUtc").require(peakHourUtc >= 0 && peakHourUtc < 24, "must be 0 ≤ hour < 24, not "
                    + peakHourUtc);
        }
    }

    static boolean isCountryCode(String code) {
        return code.length() == 2 && code.chars().allMatch(c -> c >= 'A' && c <= 'Z') && !code.equals("ZZ");
    }

    static boolean isFraction(double v) {
        return v >= 0 && v <= 1;
    }
}
