package io.darkwatch.capture.geo;

import io.darkwatch.common.packet.IpAddress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Times database lookups and counts those without a country, for the GeoIP metrics. Placed behind
 * the cache, so it times what costs (a walk of the search tree and a record decode) and adds
 * nothing to cache hits:
 * <ul>
 *   <li>{@code darkwatch.geoip.lookup} (timer): database lookups, i.e. cache misses, and their time.
 *       With {@link CachingGeoLookup} a miss is a packet whose source lies in no cached network (a
 *       network not seen yet, or pushed out of its slot); cache hit ratio = 1 - its count /
 *       {@code darkwatch.packets.decoded};</li>
 *   <li>{@code darkwatch.geoip.unknown} (counter): database lookups that found no country (address
 *       not in the database, or a private/reserved address), i.e. networks published as ZZ when
 *       first met, not packets.</li>
 * </ul>
 */
public final class MeteredGeoLookup implements GeoLookup {
    private final GeoLookup delegate;
    private final Timer timer;
    private final Counter unknown;

    public MeteredGeoLookup(GeoLookup delegate, MeterRegistry registry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.timer = Timer.builder("darkwatch.geoip.lookup")
                .description("GeoIP database lookups (cache misses) and their time").register(registry);
        this.unknown = Counter.builder("darkwatch.geoip.unknown")
                .description("GeoIP lookups that found no country").register(registry);
    }

    @Override
    public GeoInfo lookup(IpAddress address) {
        return answer(address).info();
    }

    @Override
    public GeoAnswer answer(IpAddress address) {
        long start = System.nanoTime();
        GeoAnswer answer = delegate.answer(address);
        timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (answer.info().country().equals(GeoInfo.UNKNOWN.country())) {
            unknown.increment();
        }
        return answer;
    }
}
