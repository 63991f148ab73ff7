package io.darkwatch.cli.local;

import io.darkwatch.capture.replay.ReplayStats;
import io.darkwatch.common.anomaly.Anomaly;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an all-in-one run found.
 *
 * @param replay            what the producer read, decoded and published
 * @param topPorts          the five most-hit destination ports (as published)
 * @param topCountries      the five source countries with most packets (as published)
 * @param publishedPerCountry packets published per country
 * @param windows           what the streams app counted, summed over its country windows
 * @param anomalies         every anomaly event, in the order alerting received them
 * @param geoDatabase       description of the country database used
 * @param defaultGeoDatabase whether it was the bundled NRO database (its attribution must be shown)
 * @param geoLookupErrors   lookups that failed inside the database (the packet got country ZZ)
 * @param wallTime          the whole run, broker start to last event
 */
public record PipelineResult(ReplayStats replay, List<Ranked> topPorts, List<Ranked> topCountries,
        Map<String, Long> publishedPerCountry, CountryWindowTotals windows, List<Anomaly> anomalies,
        String geoDatabase, boolean defaultGeoDatabase, long geoLookupErrors, Duration wallTime) {
}
